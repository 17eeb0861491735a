import type { FindingDraft } from '../../../../shared/model/investigation';
import type { Db } from '../../db/open';
import type { Analyzer, AnalysisWindow } from '../analyzer';

const MAX_FINDINGS = 10;
/** Fewer lines than this in the window is too little to call a template surprising, new or not. */
const MIN_WINDOW_LINES = 5;
/** Smoothed window/baseline ratio a known template must exceed to count as surging. */
const MIN_RATIO = 3;
/** G² above 10.83 has p < 0.001 for one degree of freedom. */
const MIN_G2 = 10.83;
const PREVIEW_CHARS = 400;

interface TemplateCount {
  templateId: number;
  service: string;
  template: string;
  win: number;
  base: number;
  errors: number;
}

interface Scored extends TemplateCount {
  g2: number;
  ratio: number;
}

function countTemplates(db: Db, window: AnalysisWindow): TemplateCount[] {
  return db
    .prepare(
      `SELECT c.templateId, c.service, t.template, c.win, c.base, c.errors FROM (
         SELECT template_id AS templateId, service, SUM(ts >= @from) AS win, SUM(ts < @baselineTo) AS base,
           SUM(ts >= @from AND level IN ('error', 'fatal')) AS errors
         FROM logs WHERE template_id IS NOT NULL AND ts >= @baselineFrom AND ts < @to
         GROUP BY template_id, service) c
       JOIN log_templates t ON t.id = c.templateId`,
    )
    .all({
      from: window.from,
      to: window.to,
      baselineFrom: window.baselineFrom,
      baselineTo: window.baselineTo,
    }) as TemplateCount[];
}

const xlogx = (k: number, n: number): number => (k > 0 ? k * Math.log(k / n) : 0);

/** Dunning's log-likelihood ratio: how unlikely `k1` of `n1` against `k2` of `n2` is if both share one rate. */
function logLikelihoodRatio(k1: number, n1: number, k2: number, n2: number): number {
  const k = k1 + k2;
  const n = n1 + n2;
  const g2 =
    2 *
    (xlogx(k1, n1) + xlogx(n1 - k1, n1) + xlogx(k2, n2) + xlogx(n2 - k2, n2) - xlogx(k, n) - xlogx(n - k, n));
  return Math.max(0, g2);
}

function score(counts: TemplateCount[]): Scored[] {
  const windowTotal = counts.reduce((sum, c) => sum + c.win, 0);
  const baselineTotal = counts.reduce((sum, c) => sum + c.base, 0);
  if (windowTotal === 0 || baselineTotal === 0) return [];
  const scale = windowTotal / baselineTotal;
  return counts
    .map((c) => ({
      ...c,
      g2: logLikelihoodRatio(c.win, windowTotal, c.base, baselineTotal),
      ratio: (c.win + 1) / (c.base * scale + 1),
    }))
    .filter((c) => c.win >= MIN_WINDOW_LINES && c.ratio >= MIN_RATIO && c.g2 >= MIN_G2)
    .sort((a, b) => b.g2 - a.g2);
}

interface ExampleLine {
  id: number;
  ts: number;
  service: string;
  level: string;
  message: string;
}

function examples(db: Db, c: Scored, window: AnalysisWindow): ExampleLine[] {
  return db
    .prepare(
      `SELECT id, ts, service, level, message FROM logs INDEXED BY logs_template
       WHERE template_id = ? AND ts >= ? AND ts < ? AND service = ? ORDER BY ts LIMIT 5`,
    )
    .all(c.templateId, window.from, window.to, c.service) as ExampleLine[];
}

const clock = (ts: number): string => new Date(ts / 1000).toISOString().slice(11, 19);

function toFinding(db: Db, c: Scored, window: AnalysisWindow): FindingDraft {
  const lines = examples(db, c, window);
  const onset = lines[0]?.ts ?? null;
  const isNew = c.base === 0;
  const mostlyErrors = c.errors * 2 >= c.win;
  const where = c.service === '' ? 'logs without a service' : c.service;
  const change = isNew
    ? `appeared ${c.win} times in the incident window and never in the baseline`
    : `rose from ${c.base} lines in the baseline to ${c.win} in the incident window (${c.ratio.toFixed(1)}× after adjusting for volume)`;
  return {
    type: 'pattern',
    analyzer: 'log-templates',
    title: `${isNew ? 'New' : 'Surging'} log template in ${where}: ${c.template.slice(0, 90)}`,
    description:
      `The template "${c.template.slice(0, 200)}" ${change}; first seen in the window at ` +
      `${onset === null ? '?' : clock(onset)}Z, ${c.errors} of the lines at error level, ` +
      `log-likelihood ratio ${c.g2.toFixed(1)}.`,
    confidence: Math.round(Math.min(0.95, (1 - Math.exp(-c.g2 / 100)) * (1 - 1 / c.ratio)) * 100) / 100,
    severity: mostlyErrors ? 'warning' : 'info',
    service: c.service === '' ? null : c.service,
    tags: isNew
      ? ['new-template', ...(mostlyErrors ? ['error-spike'] : [])]
      : mostlyErrors
        ? ['error-spike']
        : [],
    onset,
    evidence: [
      {
        type: 'log',
        description: `${c.win} lines of template #${c.templateId} in ${where} (baseline ${c.base})`,
        ref: { kind: 'template', templateId: c.templateId, logIds: lines.map((l) => l.id) },
        from: onset,
        to: window.to,
        preview: {
          kind: 'lines',
          lines: lines.map((l) => ({
            ts: l.ts,
            service: l.service,
            level: l.level,
            message: l.message.slice(0, PREVIEW_CHARS),
          })),
        },
      },
    ],
  };
}

export const logTemplatesAnalyzer: Analyzer = {
  id: 'log-templates',
  title: 'New and surging log templates',
  run({ db, window }) {
    return score(countTemplates(db, window))
      .slice(0, MAX_FINDINGS)
      .map((c) => toFinding(db, c, window));
  },
};
