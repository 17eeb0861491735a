import { z } from 'zod';
import type { EvidenceDraft, FindingDraft } from '../../../../shared/model/investigation';
import type { Db } from '../../db/open';
import type { Analyzer, AnalysisWindow } from '../analyzer';
import {
  clamp01,
  overRepresentation,
  rateChange,
  supportWeight,
  type OverRepresentation,
} from './stats/lift';
import { formatPercent } from './stats/units';

const attrKey = z
  .string()
  .regex(/^[A-Za-z0-9_.\-/]{1,80}$/, 'an attribute key of letters, digits and . _ - /');

export const whatChangedSettingsSchema = z.object({
  spanKeys: z.array(attrKey).min(1).max(8),
  logKeys: z.array(attrKey).min(1).max(8),
  /** Keys that restate the outcome (a 500 is an error): compared for slowness only. */
  outcomeKeys: z.array(attrKey),
  versionKeys: z.array(attrKey),
  minSupport: z.number().int().min(1),
  minRiskRatio: z.number().min(1),
  minCoverage: z.number().min(0).max(1),
  minZ: z.number().min(0),
});
export type WhatChangedSettings = z.infer<typeof whatChangedSettingsSchema>;

export const defaultWhatChangedSettings: WhatChangedSettings = {
  spanKeys: ['service.version', 'k8s.pod.name', 'host.name', 'http.route', 'http.status_code'],
  logKeys: ['version', 'pod', 'route', 'upstream'],
  outcomeKeys: ['http.status_code', 'status'],
  versionKeys: ['service.version', 'version'],
  minSupport: 10,
  minRiskRatio: 2,
  minCoverage: 0.3,
  minZ: 3,
};

/** Distinct label combinations read per period: beyond it the rarest combinations are left out. */
const MAX_GROUPS = 20_000;
const MAX_BARS = 8;

type Signal = 'errors' | 'slow' | 'error logs';

interface Counts {
  all: number;
  bad: number;
}

/** Per service: totals, and per key=value the counts, for one period and one signal. */
type Table = Map<string, { total: Counts; values: Map<string, Counts> }>;

interface GroupRow {
  service: string;
  n: number;
  bad: number;
  [column: string]: string | number | null;
}

const jsonPath = (key: string) => `$."${key}"`;

function addGroups(table: Table, rows: GroupRow[], keys: readonly string[]): void {
  for (const row of rows) {
    const entry = table.get(row.service) ?? { total: { all: 0, bad: 0 }, values: new Map<string, Counts>() };
    entry.total.all += row.n;
    entry.total.bad += row.bad;
    keys.forEach((key, i) => {
      const value = row[`k${i}`];
      if (value === null || value === undefined) return;
      const label = `${key}=${String(value)}`;
      const counts = entry.values.get(label) ?? { all: 0, bad: 0 };
      counts.all += row.n;
      counts.bad += row.bad;
      entry.values.set(label, counts);
    });
    table.set(row.service, entry);
  }
}

/**
 * Server spans grouped by every label combination in one pass; "slow" is slower than the baseline p95 of the
 * same operation, so a naturally slow route does not count as slow.
 */
function spanTables(db: Db, w: AnalysisWindow, keys: readonly string[], from: number, to: number) {
  const columns = keys.map((_, i) => `CAST(json_extract(s.attrs, @path${i}) AS TEXT) AS k${i}`).join(', ');
  const groupBy = keys.map((_, i) => `k${i}`).join(', ');
  const paths = Object.fromEntries(keys.map((key, i) => [`path${i}`, jsonPath(key)]));
  const rows = db
    .prepare(
      `WITH ranked AS (
         SELECT service, name, duration_us,
           ROW_NUMBER() OVER (PARTITION BY service, name ORDER BY duration_us) AS rn,
           COUNT(*) OVER (PARTITION BY service, name) AS total
         FROM spans WHERE kind = 'server' AND start_ts >= @baselineFrom AND start_ts < @baselineTo
       ), p95 AS (
         SELECT service, name, MIN(CASE WHEN rn * 100 >= total * 95 THEN duration_us END) AS p95
         FROM ranked GROUP BY service, name HAVING COUNT(*) >= 20
       )
       SELECT s.service, ${columns}, COUNT(*) AS n, SUM(s.status = 'error') AS errors,
         SUM(p95.p95 IS NOT NULL AND s.duration_us > p95.p95) AS slow
       FROM spans s LEFT JOIN p95 ON p95.service = s.service AND p95.name = s.name
       WHERE s.kind = 'server' AND s.attrs IS NOT NULL AND s.start_ts >= @from AND s.start_ts <= @to
       GROUP BY s.service, ${groupBy} ORDER BY n DESC LIMIT @limit`,
    )
    .all({
      ...paths,
      baselineFrom: w.baselineFrom,
      baselineTo: w.baselineTo,
      from,
      to,
      limit: MAX_GROUPS,
    }) as (GroupRow & {
    errors: number;
    slow: number;
  })[];
  const errors: Table = new Map();
  const slow: Table = new Map();
  addGroups(
    errors,
    rows.map((row) => ({ ...row, bad: row.errors })),
    keys,
  );
  addGroups(
    slow,
    rows.map((row) => ({ ...row, bad: row.slow })),
    keys,
  );
  return { errors, slow };
}

/** Lines read per period to estimate label shares; error lines are always counted in full. */
const LOG_SAMPLE = 20_000;

/**
 * Log label shares from a stride sample of the period's lines (rowid stride, so the sample needs no sort),
 * error counts exact from the level index: reading every line's JSON would cost seconds on a busy window.
 */
function logTable(db: Db, keys: readonly string[], from: number, to: number): Table {
  const columns = keys.map((_, i) => `CAST(json_extract(attrs, @path${i}) AS TEXT) AS k${i}`).join(', ');
  const groupBy = keys.map((_, i) => `k${i}`).join(', ');
  const paths = Object.fromEntries(keys.map((key, i) => [`path${i}`, jsonPath(key)]));
  const lines = (
    db.prepare('SELECT COUNT(*) AS n FROM logs WHERE ts >= ? AND ts <= ?').get(from, to) as { n: number }
  ).n;
  const stride = Math.max(1, Math.ceil(lines / LOG_SAMPLE));
  const sampled = db
    .prepare(
      `SELECT service, ${columns}, COUNT(*) * @stride AS n, 0 AS bad
       FROM logs WHERE ts >= @from AND ts <= @to AND id % @stride = 0 AND attrs IS NOT NULL
       GROUP BY service, ${groupBy} ORDER BY n DESC LIMIT @limit`,
    )
    .all({ ...paths, from, to, stride, limit: MAX_GROUPS }) as GroupRow[];
  const errors = db
    .prepare(
      `SELECT service, ${columns}, 0 AS n, COUNT(*) AS bad
       FROM logs WHERE level IN ('error', 'fatal') AND ts >= @from AND ts <= @to AND attrs IS NOT NULL
       GROUP BY service, ${groupBy} ORDER BY bad DESC LIMIT @limit`,
    )
    .all({ ...paths, from, to, limit: MAX_GROUPS }) as GroupRow[];
  const table: Table = new Map();
  addGroups(table, [...sampled, ...errors], keys);
  for (const entry of table.values()) {
    entry.total.all = Math.max(entry.total.all, entry.total.bad);
    for (const counts of entry.values.values()) counts.all = Math.max(counts.all, counts.bad);
  }
  return table;
}

interface Candidate {
  label: string;
  key: string;
  counts: Counts;
  stats: OverRepresentation;
  baselineShare: number | null;
  score: number;
}

function candidates(
  service: string,
  now: Table,
  before: Table,
  s: WhatChangedSettings,
  skipKeys: readonly string[],
): { total: Counts; list: Candidate[] } | null {
  const entry = now.get(service);
  if (!entry || entry.total.bad < s.minSupport) return null;
  const base = before.get(service);
  // Only a service whose bad rate rose has anything to explain; otherwise its skew is the usual one.
  const rise = rateChange(entry.total.bad, entry.total.all, base?.total.bad ?? 0, base?.total.all ?? 0);
  if (!base || base.total.all === 0 || rise.ratio < s.minRiskRatio || rise.z < s.minZ) return null;
  const list: Candidate[] = [];
  for (const [label, counts] of entry.values) {
    const key = label.slice(0, label.indexOf('='));
    if (skipKeys.includes(key) || counts.bad < s.minSupport) continue;
    const stats = overRepresentation({
      badWith: counts.bad,
      allWith: counts.all,
      bad: entry.total.bad,
      all: entry.total.all,
    });
    if (stats.riskRatio < s.minRiskRatio || stats.coverage < s.minCoverage || stats.z < s.minZ) continue;
    const baseCounts = base?.values.get(label);
    const baselineShare = base && base.total.all > 0 ? (baseCounts?.all ?? 0) / base.total.all : null;
    list.push({
      label,
      key,
      counts,
      stats,
      baselineShare,
      score: stats.coverage * (1 - 1 / stats.riskRatio),
    });
  }
  // A version explains its pods and hosts: on ties the version heads the finding.
  list.sort(
    (a, b) =>
      b.score - a.score || Number(s.versionKeys.includes(b.key)) - Number(s.versionKeys.includes(a.key)),
  );
  return { total: entry.total, list };
}

function spanExamples(db: Db, w: AnalysisWindow, service: string, c: Candidate, signal: Signal): string[] {
  const value = c.label.slice(c.key.length + 1);
  const rows = db
    .prepare(
      `SELECT DISTINCT trace_id FROM spans WHERE service = ? AND kind = 'server' AND start_ts >= ? AND start_ts <= ?
       AND CAST(json_extract(attrs, ?) AS TEXT) = ? ${signal === 'errors' ? "AND status = 'error'" : ''}
       ORDER BY duration_us DESC LIMIT 10`,
    )
    .all(service, w.from, w.to, jsonPath(c.key), value) as { trace_id: string }[];
  return rows.map((row) => row.trace_id);
}

function logExamples(db: Db, w: AnalysisWindow, service: string, c: Candidate) {
  const value = c.label.slice(c.key.length + 1);
  return db
    .prepare(
      `SELECT id, ts, service, level, message FROM logs
       WHERE service = ? AND level IN ('error', 'fatal') AND ts >= ? AND ts <= ?
       AND CAST(json_extract(attrs, ?) AS TEXT) = ? ORDER BY ts LIMIT 5`,
    )
    .all(service, w.from, w.to, jsonPath(c.key), value) as {
    id: number;
    ts: number;
    service: string;
    level: string;
    message: string;
  }[];
}

function finding(
  db: Db,
  w: AnalysisWindow,
  service: string,
  signal: Signal,
  total: Counts,
  list: Candidate[],
  s: WhatChangedSettings,
): FindingDraft | null {
  const top = list[0];
  if (!top) return null;
  const { stats, counts } = top;
  const bars = list
    .slice(0, MAX_BARS)
    .map((c) => ({ label: c.label, value: c.stats.coverage * 100, baseline: c.stats.share * 100 }));
  const others = list
    .slice(1, 4)
    .map((c) => c.label)
    .join(', ');
  const noun =
    signal === 'slow' ? 'slow requests' : signal === 'errors' ? 'failed requests' : 'error log lines';
  const baselineText =
    top.baselineShare === null
      ? ''
      : top.baselineShare === 0
        ? ' It did not occur at all in the baseline.'
        : ` In the baseline it carried ${formatPercent(top.baselineShare)} of ${service}'s items.`;
  const lines = signal === 'error logs' ? logExamples(db, w, service, top) : [];
  const evidence: EvidenceDraft =
    signal === 'error logs'
      ? {
          type: 'log',
          description: `Error lines of ${service} with ${top.label}; bars are each value's share of the errors against its share of all lines.`,
          ref: {
            kind: 'logs',
            query: `service:${service} level:error`,
            logIds: lines.map((line) => line.id),
          },
          from: w.from,
          to: w.to,
          preview: {
            kind: 'lines',
            lines: lines.map(({ ts, service: svc, level, message }) => ({
              ts,
              service: svc,
              level,
              message: message.slice(0, 400),
            })),
          },
        }
      : {
          type: 'trace',
          description: `${service} requests with ${top.label}; bars are each value's share of the ${noun} against its share of all requests.`,
          ref: {
            kind: 'spans',
            traceIds: spanExamples(db, w, service, top, signal),
            service,
            operation: null,
          },
          from: w.from,
          to: w.to,
          preview: { kind: 'bars', bars, unit: '%' },
        };
  const isVersion = s.versionKeys.includes(top.key);
  return {
    type: 'correlation',
    analyzer: 'what-changed',
    title: `${service} ${noun} concentrate on ${top.label}`,
    description:
      `${counts.bad} of ${total.bad} ${noun} of ${service} in the window (${formatPercent(stats.coverage)}) carry ${top.label}, ` +
      `which only ${formatPercent(stats.share)} of all its ${signal === 'error logs' ? 'lines' : 'requests'} carry: ` +
      `${formatPercent(counts.bad / Math.max(counts.all, 1))} of them are ${signal === 'slow' ? 'slow' : 'errors'} ` +
      `(${stats.riskRatio.toFixed(1)}x the rest).${baselineText}` +
      (others ? ` Also over-represented: ${others}.` : ''),
    confidence: clamp01(
      top.score * supportWeight(counts.bad, s.minSupport) * (w.services.includes(service) ? 1 : 0.85),
    ),
    severity: stats.coverage >= 0.8 ? 'critical' : 'warning',
    service,
    tags: [...(isVersion ? ['deploy'] : []), signal === 'slow' ? 'latency' : 'error-spike'],
    onset: null,
    evidence: [evidence],
  };
}

export function createWhatChangedAnalyzer(
  settings: WhatChangedSettings = defaultWhatChangedSettings,
): Analyzer {
  const s = whatChangedSettingsSchema.parse(settings);
  return {
    id: 'what-changed',
    title: 'What changed: labels over-represented among errors and slow requests',
    run({ db, window: w }) {
      const now = spanTables(db, w, s.spanKeys, w.from, w.to);
      const before = spanTables(db, w, s.spanKeys, w.baselineFrom, w.baselineTo);
      const logsNow = logTable(db, s.logKeys, w.from, w.to);
      const logsBefore = logTable(db, s.logKeys, w.baselineFrom, w.baselineTo);
      const findings: FindingDraft[] = [];
      const sources: [Signal, Table, Table, readonly string[]][] = [
        ['errors', now.errors, before.errors, s.outcomeKeys],
        ['slow', now.slow, before.slow, []],
        ['error logs', logsNow, logsBefore, s.outcomeKeys],
      ];
      for (const [signal, table, baseline, skip] of sources) {
        for (const service of table.keys()) {
          const found = candidates(service, table, baseline, s, skip);
          const draft = found && finding(db, w, service, signal, found.total, found.list, s);
          if (draft) findings.push(draft);
        }
      }
      return findings;
    },
  };
}

export const whatChangedAnalyzer: Analyzer = createWhatChangedAnalyzer();
