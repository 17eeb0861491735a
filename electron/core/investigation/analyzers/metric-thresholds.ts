import { z } from 'zod';
import { findingSeverity, symptomTags, type FindingDraft } from '../../../../shared/model/investigation';
import { lttb } from '../../analysis/lttb';
import type { Db } from '../../db/open';
import type { Analyzer, AnalysisWindow } from '../analyzer';
import { loadRules } from '../rules';

const derivedSignals = ['cpu_percent', 'memory_percent', 'error_rate_percent'] as const;
const durationUnits = { s: 1_000_000, m: 60_000_000, h: 3_600_000_000 } as const;

/** `metric op value for duration`: the signal is one named metric with label matchers or a derived one. */
export const metricThresholdRule = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  signal: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('metric'),
      metric: z.string().min(1),
      matchers: z.record(z.string(), z.string()),
    }),
    z.object({ kind: z.literal('derived'), name: z.enum(derivedSignals) }),
  ]),
  op: z.enum(['>', '>=', '<', '<=']),
  value: z.number().finite(),
  for: z.string().regex(/^\d+[smh]$/, 'a duration such as 30s, 5m or 1h'),
  severity: findingSeverity,
  tags: z.array(z.enum(symptomTags)),
});
export type MetricThresholdRule = z.infer<typeof metricThresholdRule>;

export const defaultMetricThresholdRules: readonly MetricThresholdRule[] = [
  {
    id: 'cpu-high',
    name: 'CPU above 90 %',
    signal: { kind: 'derived', name: 'cpu_percent' },
    op: '>',
    value: 90,
    for: '5m',
    severity: 'warning',
    tags: ['cpu'],
  },
  {
    id: 'memory-high',
    name: 'Memory above 85 % of its limit',
    signal: { kind: 'derived', name: 'memory_percent' },
    op: '>',
    value: 85,
    for: '5m',
    severity: 'warning',
    tags: ['memory'],
  },
  {
    id: 'error-rate-high',
    name: 'HTTP error rate above 5 %',
    signal: { kind: 'derived', name: 'error_rate_percent' },
    op: '>',
    value: 5,
    for: '2m',
    severity: 'critical',
    tags: ['error-spike'],
  },
];

const PREVIEW_POINTS = 400;

interface SeriesRow {
  id: number;
  name: string;
  labels: string;
  service: string | null;
  unit: string | null;
}

/** One signal to test: values at timestamps, and the series it was computed from. */
interface Signal {
  service: string | null;
  label: string;
  unit: string | null;
  seriesIds: number[];
  ts: number[];
  values: number[];
}

function parseLabels(json: string): Record<string, string> {
  try {
    const parsed = z.record(z.string(), z.unknown()).safeParse(JSON.parse(json));
    return parsed.success
      ? Object.fromEntries(Object.entries(parsed.data).map(([k, v]) => [k, String(v)]))
      : {};
  } catch {
    return {};
  }
}

function points(db: Db, seriesIds: number[], from: number, to: number): Map<number, number> {
  const sums = new Map<number, number>();
  const rows = db
    .prepare(
      `SELECT ts, SUM(value) AS value FROM metric_points
       WHERE series_id IN (${seriesIds.map(() => '?').join(', ')}) AND ts >= ? AND ts < ? GROUP BY ts ORDER BY ts`,
    )
    .all(...seriesIds, from, to) as { ts: number; value: number }[];
  for (const row of rows) sums.set(row.ts, row.value);
  return sums;
}

function signalFrom(
  service: string | null,
  label: string,
  unit: string | null,
  seriesIds: number[],
  byTs: Map<number, number>,
  transform: (ts: number, value: number) => number | null,
): Signal {
  const ts: number[] = [];
  const values: number[] = [];
  for (const [t, v] of [...byTs].sort((a, b) => a[0] - b[0])) {
    const value = transform(t, v);
    if (value === null || !Number.isFinite(value)) continue;
    ts.push(t);
    values.push(value);
  }
  return { service, label, unit, seriesIds, ts, values };
}

const allSeries = (db: Db): SeriesRow[] =>
  db.prepare('SELECT id, name, labels, service, unit FROM metric_series').all() as SeriesRow[];

const isRatio = (s: SeriesRow) => s.unit === 'ratio' || /_ratio$|utili[sz]ation/.test(s.name);

function cpuSignals(series: SeriesRow[], db: Db, from: number, to: number): Signal[] {
  return series
    .filter((s) => /cpu/.test(s.name) && isRatio(s))
    .map((s) => signalFrom(s.service, s.name, '%', [s.id], points(db, [s.id], from, to), (_t, v) => v * 100));
}

function memorySignals(series: SeriesRow[], db: Db, from: number, to: number): Signal[] {
  const memory = series.filter((s) => /mem/.test(s.name));
  const signals = memory
    .filter(isRatio)
    .map((s) => signalFrom(s.service, s.name, '%', [s.id], points(db, [s.id], from, to), (_t, v) => v * 100));
  for (const usage of memory.filter((s) => !isRatio(s) && !/limit/.test(s.name))) {
    const limit = memory.find((s) => s.service === usage.service && /_limit/.test(s.name));
    if (!limit) continue;
    const limits = points(db, [limit.id], from, to);
    signals.push(
      signalFrom(
        usage.service,
        `${usage.name} / ${limit.name}`,
        '%',
        [usage.id, limit.id],
        points(db, [usage.id], from, to),
        (t, v) => {
          const max = limits.get(t);
          return max === undefined || max <= 0 ? null : (v / max) * 100;
        },
      ),
    );
  }
  return signals;
}

function errorRateSignals(series: SeriesRow[], db: Db, from: number, to: number): Signal[] {
  const byService = new Map<string, SeriesRow[]>();
  for (const s of series) {
    if (s.name !== 'http_requests_total' || s.service === null) continue;
    byService.set(s.service, [...(byService.get(s.service) ?? []), s]);
  }
  const signals: Signal[] = [];
  for (const [service, rows] of byService) {
    const errors = rows.filter((s) => parseLabels(s.labels).status_class === '5xx');
    if (errors.length === 0) continue;
    const totals = points(
      db,
      rows.map((s) => s.id),
      from,
      to,
    );
    signals.push(
      signalFrom(
        service,
        'http_requests_total{status_class="5xx"} / http_requests_total',
        '%',
        rows.map((s) => s.id),
        points(
          db,
          errors.map((s) => s.id),
          from,
          to,
        ),
        (t, v) => {
          const total = totals.get(t);
          return total === undefined || total <= 0 ? null : (v / total) * 100;
        },
      ),
    );
  }
  return signals;
}

function metricSignals(
  series: SeriesRow[],
  db: Db,
  signal: { metric: string; matchers: Record<string, string> },
  from: number,
  to: number,
): Signal[] {
  return series
    .filter((s) => s.name === signal.metric)
    .filter((s) => {
      const labels = parseLabels(s.labels);
      return Object.entries(signal.matchers).every(([key, value]) => labels[key] === value);
    })
    .map((s) =>
      signalFrom(
        s.service,
        `${s.name}${s.labels}`,
        s.unit,
        [s.id],
        points(db, [s.id], from, to),
        (_t, v) => v,
      ),
    );
}

function signalsFor(
  db: Db,
  series: SeriesRow[],
  rule: MetricThresholdRule,
  from: number,
  to: number,
): Signal[] {
  const signal = rule.signal;
  if (signal.kind === 'metric') return metricSignals(series, db, signal, from, to);
  if (signal.name === 'cpu_percent') return cpuSignals(series, db, from, to);
  if (signal.name === 'memory_percent') return memorySignals(series, db, from, to);
  return errorRateSignals(series, db, from, to);
}

const compare = (op: MetricThresholdRule['op'], a: number, b: number): boolean =>
  op === '>' ? a > b : op === '>=' ? a >= b : op === '<' ? a < b : a <= b;

function parseDuration(text: string): number {
  const unit = text.slice(-1) as keyof typeof durationUnits;
  return Number(text.slice(0, -1)) * durationUnits[unit];
}

interface Breach {
  onset: number;
  heldUs: number;
  extreme: number;
}

/** The first stretch in which the condition held without a break for at least `forUs`, and how long it held. */
function firstBreach(signal: Signal, rule: MetricThresholdRule, forUs: number, from: number): Breach | null {
  let start = -1;
  let extreme = Number.NaN;
  for (let i = 0; i < signal.ts.length; i += 1) {
    const ts = signal.ts[i] ?? 0;
    const value = signal.values[i] ?? 0;
    if (ts < from) continue;
    if (compare(rule.op, value, rule.value)) {
      if (start < 0) {
        start = i;
        extreme = value;
      }
      extreme = rule.op.startsWith('>') ? Math.max(extreme, value) : Math.min(extreme, value);
      const next = signal.ts[i + 1];
      const ended = next === undefined || !compare(rule.op, signal.values[i + 1] ?? 0, rule.value);
      const heldUs = ts - (signal.ts[start] ?? ts);
      if (ended && heldUs >= forUs) return { onset: signal.ts[start] ?? ts, heldUs, extreme };
      if (ended) start = -1;
    }
  }
  return null;
}

const mean = (values: number[]): number | null =>
  values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
const clock = (ts: number): string => new Date(ts / 1000).toISOString().slice(11, 16);
const fmt = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));

function toFinding(
  rule: MetricThresholdRule,
  signal: Signal,
  breach: Breach,
  window: AnalysisWindow,
): FindingDraft {
  const baselineValues = signal.values.filter((_v, i) => (signal.ts[i] ?? 0) < window.baselineTo);
  const baselineMean = mean(baselineValues);
  const baselineBreached = baselineValues.filter((v) => compare(rule.op, v, rule.value)).length;
  const inWindow = signal.ts
    .map((t, i) => [t, signal.values[i] ?? 0] as const)
    .filter(([t]) => t >= window.from);
  const preview = lttb(
    inWindow.map(([t]) => t),
    inWindow.map(([, v]) => v),
    PREVIEW_POINTS,
  );
  const unit = signal.unit === '%' ? ' %' : signal.unit ? ` ${signal.unit}` : '';
  const excess = Math.abs(breach.extreme - rule.value) / Math.max(Math.abs(rule.value), 1e-9);
  const chronic = baselineValues.length > 0 ? baselineBreached / baselineValues.length : 0;
  const forUs = Math.max(parseDuration(rule.for), 60_000_000);
  const confidence =
    (0.5 * Math.min(1, breach.heldUs / (3 * forUs)) + 0.5 * Math.min(1, excess)) * (1 - 0.8 * chronic);
  const where = signal.service ?? signal.label;
  return {
    type: 'threshold',
    analyzer: 'metric-thresholds',
    title: `${rule.name} in ${where}`,
    description:
      `${signal.label} for ${where} was ${rule.op} ${rule.value}${unit} from ${clock(breach.onset)}Z for ` +
      `${Math.round(breach.heldUs / 60_000_000)} min (rule: for ${rule.for}), reaching ${fmt(breach.extreme)}${unit}; ` +
      `baseline mean ${baselineMean === null ? 'unknown' : `${fmt(baselineMean)}${unit}`}` +
      `${baselineBreached > 0 ? `, already past the threshold in ${baselineBreached} baseline samples` : ''}.`,
    confidence: Math.round(Math.max(0.05, Math.min(0.99, confidence)) * 100) / 100,
    severity: rule.severity,
    service: signal.service,
    tags: [...rule.tags],
    onset: breach.onset,
    evidence: [
      {
        type: 'metric',
        description: `${signal.label} (${where}) against ${rule.op} ${rule.value}${unit}`,
        ref: { kind: 'series', seriesIds: signal.seriesIds.slice(0, 20) },
        from: window.from,
        to: window.to,
        preview: {
          kind: 'line',
          ts: Array.from(preview.ts),
          values: Array.from(preview.values, (v) => Math.round(v * 1000) / 1000),
          baseline: baselineMean,
          unit: signal.unit,
        },
      },
    ],
  };
}

export const metricThresholdsAnalyzer: Analyzer = {
  id: 'metric-thresholds',
  title: 'Metric thresholds',
  run({ db, window, warn }) {
    const { rules, problems } = loadRules(
      db,
      'metric_threshold',
      metricThresholdRule,
      defaultMetricThresholdRules,
    );
    const series = allSeries(db);
    const findings: FindingDraft[] = [];
    for (const stored of rules) {
      if (!stored.enabled) continue;
      const rule = stored.definition;
      for (const signal of signalsFor(db, series, rule, window.baselineFrom, window.to)) {
        const breach = firstBreach(signal, rule, parseDuration(rule.for), window.from);
        if (breach) findings.push(toFinding(rule, signal, breach, window));
      }
    }
    findings.sort((a, b) => b.confidence - a.confidence);
    problems.forEach(warn);
    return findings;
  },
};
