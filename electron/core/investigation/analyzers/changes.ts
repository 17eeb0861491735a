import { z } from 'zod';
import type { EvidencePreview, FindingDraft } from '../../../../shared/model/investigation';
import type { Db } from '../../db/open';
import type { Analyzer, AnalysisWindow } from '../analyzer';
import { clamp01 } from './stats/lift';
import { formatClock, formatMinutes } from './stats/units';

export const changesSettingsSchema = z.object({
  /** How long before the window a change may still be the cause, in minutes. */
  leadMinutes: z
    .number()
    .min(0)
    .max(7 * 24 * 60),
  /** How fast a change's weight fades with its distance before the onset, in minutes. */
  decayMinutes: z.number().positive(),
  /** Minutes of error counts either side of a change drawn in its preview. */
  contextMinutes: z.number().int().min(1).max(180),
  maxItems: z.number().int().min(1).max(200),
});
export type ChangesSettings = z.infer<typeof changesSettingsSchema>;

export const defaultChangesSettings: ChangesSettings = {
  leadMinutes: 120,
  decayMinutes: 30,
  contextMinutes: 30,
  maxItems: 50,
};

const MINUTE = 60_000_000;
const KIND_WEIGHT: Readonly<Record<string, number>> = { deploy: 1, config: 0.8, feature_flag: 0.7 };
const KIND_TAG: Readonly<Record<string, string>> = {
  deploy: 'deploy',
  config: 'config-change',
  feature_flag: 'feature-flag',
};
const SEVERITY_WEIGHT: Readonly<Record<string, number>> = { critical: 0.8, warning: 0.6 };

interface ChangeRow {
  id: number;
  ts: number;
  service: string;
  kind: string;
  title: string;
  version: string | null;
  author: string | null;
}

interface AlertRow {
  id: number;
  alertname: string;
  service: string | null;
  severity: string | null;
  starts_at: number;
  summary: string | null;
}

/** Error spans and error log lines per minute of a set of services (all when empty). */
function errorsPerMinute(db: Db, services: readonly string[], from: number, to: number): number[] {
  const minutes = Math.max(1, Math.ceil((to - from) / MINUTE));
  const counts = new Array<number>(minutes).fill(0);
  const filter = services.length > 0 ? `AND service IN (SELECT value FROM json_each(@services))` : '';
  const params = { from, to, services: JSON.stringify(services) };
  const rows = db
    .prepare(
      `SELECT CAST((start_ts - @from) / ${MINUTE} AS INTEGER) AS m, COUNT(*) AS n FROM spans
       WHERE status = 'error' AND start_ts >= @from AND start_ts < @to ${filter} GROUP BY m
       UNION ALL
       SELECT CAST((ts - @from) / ${MINUTE} AS INTEGER) AS m, COUNT(*) AS n FROM logs
       WHERE level IN ('error', 'fatal') AND ts >= @from AND ts < @to ${filter} GROUP BY m`,
    )
    .all(params) as { m: number; n: number }[];
  for (const row of rows) if (row.m >= 0 && row.m < minutes) counts[row.m] = (counts[row.m] ?? 0) + row.n;
  return counts;
}

/** The first minute of two in a row with errors well above the baseline's per-minute rate. */
function errorOnset(db: Db, w: AnalysisWindow): number | null {
  const base = errorsPerMinute(db, w.services, w.baselineFrom, w.baselineTo);
  const mean = base.reduce((sum, n) => sum + n, 0) / base.length;
  const threshold = Math.max(5, mean + 4 * Math.sqrt(mean) + 1);
  const now = errorsPerMinute(db, w.services, w.from, w.to);
  const index = now.findIndex((n, i) => n >= threshold && (now[i + 1] ?? 0) >= threshold);
  return index < 0 ? null : w.from + index * MINUTE;
}

function errorLine(
  db: Db,
  service: string | null,
  at: number,
  s: ChangesSettings,
  baseline: number | null,
): EvidencePreview {
  const from = at - s.contextMinutes * MINUTE;
  const values = errorsPerMinute(db, service ? [service] : [], from, at + s.contextMinutes * MINUTE);
  return { kind: 'line', ts: values.map((_, i) => from + i * MINUTE), values, baseline, unit: 'errors/min' };
}

function meanRate(values: number[], from: number, to: number): number {
  const slice = values.slice(from, to);
  return slice.length > 0 ? slice.reduce((sum, n) => sum + n, 0) / slice.length : 0;
}

export function createChangesAnalyzer(settings: ChangesSettings = defaultChangesSettings): Analyzer {
  const s = changesSettingsSchema.parse(settings);
  return {
    id: 'changes',
    title: 'Changes: deploys, config changes, flags and alerts around the window',
    run({ db, window: w }) {
      const since = w.from - s.leadMinutes * MINUTE;
      const changes = db
        .prepare(
          'SELECT id, ts, service, kind, title, version, author FROM changes WHERE ts >= ? AND ts <= ? ORDER BY ts LIMIT ?',
        )
        .all(since, w.to, s.maxItems) as ChangeRow[];
      const alerts = db
        .prepare(
          'SELECT id, alertname, service, severity, starts_at, summary FROM alerts WHERE starts_at >= ? AND starts_at <= ? ORDER BY starts_at LIMIT ?',
        )
        .all(since, w.to, s.maxItems) as AlertRow[];
      if (changes.length === 0 && alerts.length === 0) return [];
      const onset = errorOnset(db, w) ?? w.from;
      const affected = (service: string | null) =>
        service !== null && w.services.includes(service) ? 1 : 0.4;
      const findings: FindingDraft[] = [];

      for (const change of changes) {
        const preview = errorLine(db, change.service, change.ts, s, null);
        const before = meanRate(preview.kind === 'line' ? preview.values : [], 0, s.contextMinutes);
        const after = meanRate(
          preview.kind === 'line' ? preview.values : [],
          s.contextMinutes,
          2 * s.contextMinutes,
        );
        const lead = onset - change.ts;
        const proximity = lead >= 0 ? Math.exp(-lead / (s.decayMinutes * MINUTE)) : 0.15;
        const impact = after > before ? 1 - (before + 1) / (after + 1) : 0;
        const confidence = clamp01(
          (KIND_WEIGHT[change.kind] ?? 0.5) * affected(change.service) * proximity * (0.4 + 0.6 * impact),
        );
        const when =
          lead >= 0
            ? `${formatMinutes(lead)} before the errors start (${formatClock(onset)} UTC)`
            : `${formatMinutes(-lead)} after the errors start`;
        findings.push({
          type: 'timeline',
          analyzer: 'changes',
          title: `${change.title} (${formatClock(change.ts)} UTC)`,
          description:
            `${change.kind.replace('_', ' ')} of ${change.service}${change.version ? ` to ${change.version}` : ''}` +
            `${change.author ? ` by ${change.author}` : ''} at ${formatClock(change.ts)} UTC, ${when}. ` +
            `${change.service} errors: ${before.toFixed(1)}/min in the ${s.contextMinutes} min before, ${after.toFixed(1)}/min after.` +
            (w.services.includes(change.service) ? ` ${change.service} is an affected service.` : ''),
          confidence,
          severity: confidence >= 0.6 ? 'critical' : confidence >= 0.2 ? 'warning' : 'info',
          service: change.service,
          tags: [KIND_TAG[change.kind] ?? 'config-change'],
          onset: change.ts,
          evidence: [
            {
              type: change.kind === 'deploy' ? 'event' : 'config',
              description: `${change.service} errors per minute around the change.`,
              ref: { kind: 'change', changeId: change.id },
              from: change.ts - s.contextMinutes * MINUTE,
              to: change.ts + s.contextMinutes * MINUTE,
              preview,
            },
          ],
        });
      }

      for (const alert of alerts) {
        const lag = alert.starts_at - onset;
        const confidence = clamp01(
          (SEVERITY_WEIGHT[alert.severity ?? ''] ?? 0.4) * affected(alert.service) * (lag >= 0 ? 1 : 0.5),
        );
        findings.push({
          type: 'timeline',
          analyzer: 'changes',
          title: `Alert ${alert.alertname} fired (${formatClock(alert.starts_at)} UTC)`,
          description:
            `${alert.alertname}${alert.severity ? ` (${alert.severity})` : ''} on ${alert.service ?? 'no service'} fired at ` +
            `${formatClock(alert.starts_at)} UTC, ${formatMinutes(Math.abs(lag))} ${lag >= 0 ? 'after' : 'before'} the errors start.` +
            (alert.summary ? ` ${alert.summary}` : ''),
          confidence,
          severity: alert.severity === 'critical' ? 'critical' : 'warning',
          service: alert.service,
          tags: ['alert'],
          onset: alert.starts_at,
          evidence: [
            {
              type: 'event',
              description: `${alert.service ?? 'All'} errors per minute around the alert.`,
              ref: { kind: 'alert', alertId: alert.id },
              from: alert.starts_at - s.contextMinutes * MINUTE,
              to: alert.starts_at + s.contextMinutes * MINUTE,
              preview: errorLine(db, alert.service, alert.starts_at, s, null),
            },
          ],
        });
      }
      return findings.sort((a, b) => b.confidence - a.confidence);
    },
  };
}

export const changesAnalyzer: Analyzer = createChangesAnalyzer();
