import { z } from 'zod';
import type { EvidenceDraft, FindingDraft } from '../../../../shared/model/investigation';
import type { Db } from '../../db/open';
import { criticalPath, type PathSpan } from '../../explore/traces/critical-path';
import { getServiceGraph, MAX_TRACE_SPANS } from '../../explore/traces/queries';
import type { Analyzer, AnalysisWindow } from '../analyzer';
import { clamp01, rateChange, supportWeight } from './stats/lift';
import { formatClock, formatDurationUs, formatPercent } from './stats/units';

export const tracesSettingsSchema = z.object({
  /** Fewer spans than this on either side and a quantile says nothing. */
  minSamples: z.number().int().min(1),
  /** A quantile must grow by this factor and by at least minDeltaMs to count as a regression. */
  minLatencyRatio: z.number().min(1),
  minDeltaMs: z.number().min(0),
  minErrors: z.number().int().min(1),
  minErrorRatio: z.number().min(1),
  minZ: z.number().min(0),
  slowTraces: z.number().int().min(1).max(200),
  /** Share of the slow traces' critical path one operation needs to be called dominant. */
  minCriticalShare: z.number().min(0).max(1),
  minEdgeCalls: z.number().int().min(1),
});
export type TracesSettings = z.infer<typeof tracesSettingsSchema>;

export const defaultTracesSettings: TracesSettings = {
  minSamples: 30,
  minLatencyRatio: 1.5,
  minDeltaMs: 50,
  minErrors: 10,
  minErrorRatio: 2,
  minZ: 3,
  slowTraces: 50,
  minCriticalShare: 0.25,
  minEdgeCalls: 3,
};

const MAX_OPERATIONS = 2000;
const MAX_BARS = 12;
const EXAMPLE_TRACES = 10;
const MINUTE = 60_000_000;

interface OperationStats {
  service: string;
  name: string;
  n: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
}

interface OperationRow extends OperationStats {
  inWindow: number;
}

interface Periods {
  window: Map<string, OperationStats>;
  baseline: Map<string, OperationStats>;
}

const opKey = (service: string, name: string) => `${service}\u0000${name}`;

/** Counts, errors and nearest-rank quantiles per operation for both periods, in one pass over the spans. */
function operationStats(db: Db, w: AnalysisWindow): Periods {
  const rows = db
    .prepare(
      `WITH s AS (
         SELECT service, name, start_ts >= @from AS in_window, duration_us AS d, status = 'error' AS e
         FROM spans
         WHERE (start_ts >= @baselineFrom AND start_ts < @baselineTo) OR (start_ts >= @from AND start_ts <= @to)
       ), ranked AS (
         SELECT service, name, in_window, d, e,
           ROW_NUMBER() OVER (PARTITION BY service, name, in_window ORDER BY d) AS rn,
           COUNT(*) OVER (PARTITION BY service, name, in_window) AS total
         FROM s
       )
       SELECT service, name, in_window AS inWindow, COUNT(*) AS n, SUM(e) AS errors,
         MIN(CASE WHEN rn * 100 >= total * 50 THEN d END) AS p50,
         MIN(CASE WHEN rn * 100 >= total * 95 THEN d END) AS p95,
         MIN(CASE WHEN rn * 100 >= total * 99 THEN d END) AS p99
       FROM ranked GROUP BY service, name, in_window ORDER BY n DESC LIMIT @limit`,
    )
    .all({
      from: w.from,
      to: w.to,
      baselineFrom: w.baselineFrom,
      baselineTo: w.baselineTo,
      limit: MAX_OPERATIONS,
    }) as OperationRow[];
  const periods: Periods = { window: new Map(), baseline: new Map() };
  for (const row of rows) {
    (row.inWindow ? periods.window : periods.baseline).set(opKey(row.service, row.name), row);
  }
  return periods;
}

function exampleTraces(
  db: Db,
  w: AnalysisWindow,
  service: string,
  name: string | null,
  errors: boolean,
): string[] {
  const rows = db
    .prepare(
      `SELECT trace_id FROM spans
       WHERE service = ? AND (? IS NULL OR name = ?) AND start_ts >= ? AND start_ts <= ? ${errors ? "AND status = 'error'" : ''}
       ORDER BY duration_us DESC LIMIT ?`,
    )
    .all(service, name, name, w.from, w.to, EXAMPLE_TRACES) as { trace_id: string }[];
  return [...new Set(rows.map((row) => row.trace_id))];
}

/** The first minute in the window with at least `min` matching spans of a service. */
function firstBusyMinute(
  db: Db,
  w: AnalysisWindow,
  sql: string,
  params: unknown[],
  min: number,
): number | null {
  const rows = db
    .prepare(
      `SELECT CAST((start_ts - @from) / ${MINUTE} AS INTEGER) AS minute, COUNT(*) AS n FROM spans
       WHERE start_ts >= @from AND start_ts <= @to AND ${sql} GROUP BY minute ORDER BY minute`,
    )
    .all({ from: w.from, to: w.to, ...Object.fromEntries(params.map((value, i) => [`p${i}`, value])) }) as {
    minute: number;
    n: number;
  }[];
  const hit = rows.find((row) => row.n >= min);
  return hit ? w.from + hit.minute * MINUTE : null;
}

function rankOf(w: AnalysisWindow, service: string): number {
  return w.services.includes(service) ? 1 : 0.85;
}

function errorFindings(db: Db, w: AnalysisWindow, periods: Periods, s: TracesSettings): FindingDraft[] {
  const services = new Map<
    string,
    { window: OperationStats[]; n: number; errors: number; bn: number; be: number }
  >();
  for (const op of periods.window.values()) {
    const entry = services.get(op.service) ?? { window: [], n: 0, errors: 0, bn: 0, be: 0 };
    entry.window.push(op);
    entry.n += op.n;
    entry.errors += op.errors;
    services.set(op.service, entry);
  }
  for (const op of periods.baseline.values()) {
    const entry = services.get(op.service);
    if (!entry) continue;
    entry.bn += op.n;
    entry.be += op.errors;
  }
  const findings: FindingDraft[] = [];
  for (const [service, entry] of services) {
    if (entry.bn < s.minSamples) continue;
    const change = rateChange(entry.errors, entry.n, entry.be, entry.bn);
    if (entry.errors < s.minErrors || change.ratio < s.minErrorRatio || change.z < s.minZ) continue;
    const ops = entry.window
      .filter((op) => op.errors > 0)
      .sort((a, b) => b.errors - a.errors)
      .slice(0, MAX_BARS);
    const top = ops[0];
    if (!top) continue;
    const onset = firstBusyMinute(db, w, "service = @p0 AND status = 'error'", [service], 2);
    const baseRate = (op: OperationStats) => {
      const base = periods.baseline.get(opKey(op.service, op.name));
      return base && base.n > 0 ? base.errors / base.n : null;
    };
    const confidence = clamp01(
      (1 - 1 / change.ratio) * supportWeight(entry.errors, s.minErrors) * rankOf(w, service),
    );
    const evidence: EvidenceDraft = {
      type: 'trace',
      description: `Failing spans of ${service}, slowest first; bars are each operation's error rate in the window against the baseline.`,
      ref: { kind: 'spans', traceIds: exampleTraces(db, w, service, null, true), service, operation: null },
      from: w.from,
      to: w.to,
      preview: {
        kind: 'bars',
        bars: ops.map((op) => ({
          label: op.name,
          value: (op.errors / op.n) * 100,
          baseline: percentOrNull(baseRate(op)),
        })),
        unit: '%',
      },
    };
    findings.push({
      type: 'anomaly',
      analyzer: 'traces',
      title: `${service} spans fail ${formatPercent(change.windowRate)} of the time (baseline ${formatPercent(change.baselineRate)})`,
      description:
        `${entry.errors} of ${entry.n} ${service} spans in the window ended in error (${formatPercent(change.windowRate)}) ` +
        `against ${entry.be} of ${entry.bn} in the baseline (${formatPercent(change.baselineRate)}), ${change.ratio.toFixed(1)}x. ` +
        `Most errors: ${top.name} (${top.errors} of ${top.n}).` +
        (onset !== null ? ` Errors start at ${formatClock(onset)} UTC.` : ''),
      confidence,
      severity: change.windowRate >= 0.05 ? 'critical' : 'warning',
      service,
      tags: ['error-spike'],
      onset,
      evidence: [evidence],
    });
  }
  return findings;
}

function percentOrNull(rate: number | null): number | null {
  return rate === null ? null : rate * 100;
}

interface Regression {
  op: OperationStats;
  base: OperationStats;
  ratio: number;
  quantile: 'p50' | 'p95' | 'p99';
}

function regressionOf(
  op: OperationStats,
  base: OperationStats | undefined,
  s: TracesSettings,
): Regression | null {
  if (!base || op.n < s.minSamples || base.n < s.minSamples) return null;
  let best: Regression | null = null;
  for (const quantile of ['p50', 'p95', 'p99'] as const) {
    const now = op[quantile];
    const before = Math.max(base[quantile], 1);
    const ratio = now / before;
    if (ratio < s.minLatencyRatio || now - before < s.minDeltaMs * 1000) continue;
    if (!best || ratio > best.ratio) best = { op, base, ratio, quantile };
  }
  return best;
}

function latencyFindings(db: Db, w: AnalysisWindow, periods: Periods, s: TracesSettings): FindingDraft[] {
  const byService = new Map<string, Regression[]>();
  for (const op of periods.window.values()) {
    const regression = regressionOf(op, periods.baseline.get(opKey(op.service, op.name)), s);
    if (!regression) continue;
    const list = byService.get(op.service) ?? [];
    list.push(regression);
    byService.set(op.service, list);
  }
  const findings: FindingDraft[] = [];
  for (const [service, regressions] of byService) {
    regressions.sort((a, b) => b.op.p95 / Math.max(b.base.p95, 1) - a.op.p95 / Math.max(a.base.p95, 1));
    const top = regressions[0];
    if (!top) continue;
    const { op, base } = top;
    const onset = firstBusyMinute(
      db,
      w,
      'service = @p0 AND name = @p1 AND duration_us > @p2',
      [service, op.name, Math.max(base.p99, base.p95 * 2)],
      2,
    );
    const confidence = clamp01((1 - 1 / top.ratio) * supportWeight(op.n, s.minSamples) * rankOf(w, service));
    findings.push({
      type: 'anomaly',
      analyzer: 'traces',
      title: `${service} ${op.name} is slower: p95 ${formatDurationUs(base.p95)} → ${formatDurationUs(op.p95)}`,
      description:
        `${op.name} on ${service} over ${op.n} spans in the window against ${base.n} in the baseline: ` +
        `p50 ${formatDurationUs(base.p50)} → ${formatDurationUs(op.p50)}, p95 ${formatDurationUs(base.p95)} → ${formatDurationUs(op.p95)}, ` +
        `p99 ${formatDurationUs(base.p99)} → ${formatDurationUs(op.p99)} (${top.quantile} ${top.ratio.toFixed(1)}x). ` +
        `${regressions.length} operation${regressions.length === 1 ? '' : 's'} of ${service} regressed.` +
        (onset !== null
          ? ` Requests slower than the baseline p99 cluster from ${formatClock(onset)} UTC.`
          : ''),
      confidence,
      severity: top.ratio >= 5 ? 'critical' : 'warning',
      service,
      tags: ['latency'],
      onset,
      evidence: [
        {
          type: 'trace',
          description: `The slowest ${op.name} spans of ${service} in the window; bars are p95 per regressed operation against the baseline.`,
          ref: {
            kind: 'spans',
            traceIds: exampleTraces(db, w, service, op.name, false),
            service,
            operation: op.name,
          },
          from: w.from,
          to: w.to,
          preview: {
            kind: 'bars',
            bars: regressions
              .slice(0, MAX_BARS)
              .map((r) => ({ label: r.op.name, value: r.op.p95 / 1000, baseline: r.base.p95 / 1000 })),
            unit: 'ms',
          },
        },
      ],
    });
  }
  return findings;
}

interface SlowRoot {
  trace_id: string;
  duration_us: number;
}

interface PathShare {
  service: string;
  us: number;
  /** Critical-path time per operation of this service, to name the one that matters most. */
  operations: Map<string, number>;
}

interface PathRow extends Omit<PathSpan, 'error'> {
  service: string;
  name: string;
  kind: string;
  peer: string | null;
  error: number;
}

/**
 * Who a stretch of the critical path belongs to. A client span with no child is time spent waiting on a
 * peer that left no spans of its own (a gateway timing out on checkout), so it is charged to that peer.
 */
function ownerOf(span: PathRow, parents: Set<string>): { service: string; name: string } {
  if (span.kind === 'client' && span.peer && !parents.has(span.spanId)) {
    return { service: span.peer, name: `untraced wait via ${span.service} ${span.name}` };
  }
  return { service: span.service, name: span.name };
}

/** Critical-path time per service over the slowest traces that start in a period. */
function criticalShares(
  db: Db,
  from: number,
  to: number,
  count: number,
): { roots: SlowRoot[]; shares: PathShare[]; total: number } {
  const roots = db
    .prepare(
      `SELECT trace_id, duration_us FROM spans WHERE parent_span_id IS NULL AND start_ts >= ? AND start_ts <= ?
       ORDER BY duration_us DESC LIMIT ?`,
    )
    .all(from, to, count) as SlowRoot[];
  const spansOf = db.prepare(
    `SELECT span_id AS spanId, parent_span_id AS parentSpanId, service, name, kind, start_ts AS startTs,
       duration_us AS durationUs, status = 'error' AS error,
       CASE WHEN kind = 'client' AND attrs IS NOT NULL THEN json_extract(attrs, '$."peer.service"') END AS peer
     FROM spans WHERE trace_id = ? LIMIT ?`,
  );
  const byService = new Map<string, PathShare>();
  let total = 0;
  for (const root of roots) {
    const rows = spansOf.all(root.trace_id, MAX_TRACE_SPANS) as PathRow[];
    const spans = new Map(rows.map((row) => [row.spanId, row]));
    const parents = new Set(rows.map((row) => row.parentSpanId).filter((id): id is string => id !== null));
    for (const segment of criticalPath(rows.map((row) => ({ ...row, error: row.error === 1 })))) {
      const span = spans.get(segment.spanId);
      if (!span) continue;
      const owner = ownerOf(span, parents);
      const us = segment.toTs - segment.fromTs;
      const entry = byService.get(owner.service) ?? { service: owner.service, us: 0, operations: new Map() };
      entry.us += us;
      entry.operations.set(owner.name, (entry.operations.get(owner.name) ?? 0) + us);
      total += us;
      byService.set(owner.service, entry);
    }
  }
  return { roots, shares: [...byService.values()].sort((a, b) => b.us - a.us), total };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

function topOperation(share: PathShare): [string, number] {
  return [...share.operations].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
}

function criticalPathFindings(db: Db, w: AnalysisWindow, s: TracesSettings): FindingDraft[] {
  const now = criticalShares(db, w.from, w.to, s.slowTraces);
  const before = criticalShares(db, w.baselineFrom, w.baselineTo, s.slowTraces);
  if (now.roots.length < Math.min(5, s.slowTraces) || before.roots.length === 0 || now.total === 0) return [];
  const nowMedian = median(now.roots.map((r) => r.duration_us));
  const beforeMedian = Math.max(median(before.roots.map((r) => r.duration_us)), 1);
  const slowdown = nowMedian / beforeMedian;
  const top = now.shares[0];
  if (!top || slowdown < s.minLatencyRatio) return [];
  const share = top.us / now.total;
  if (share < s.minCriticalShare) return [];
  const baseShareOf = (service: string) => {
    const entry = before.shares.find((b) => b.service === service);
    return before.total > 0 && entry ? entry.us / before.total : 0;
  };
  const baseShare = baseShareOf(top.service);
  const [operation, operationUs] = topOperation(top);
  return [
    {
      type: 'pattern',
      analyzer: 'traces',
      title: `${top.service} dominates the critical path of the slowest traces (${formatPercent(share)})`,
      description:
        `In the ${now.roots.length} slowest traces of the window (median ${formatDurationUs(nowMedian)}, against ` +
        `${formatDurationUs(beforeMedian)} for the slowest of the baseline), ${top.service} accounts for ` +
        `${formatPercent(share)} of the critical path by its own time (${formatPercent(baseShare)} in the baseline's ` +
        `slowest traces); the largest part is ${operation} (${formatPercent(operationUs / now.total)}).`,
      confidence: clamp01(share * (1 - 1 / slowdown) * rankOf(w, top.service)),
      severity: share >= 0.5 ? 'critical' : 'warning',
      service: top.service,
      tags: ['latency'],
      onset: null,
      evidence: [
        {
          type: 'trace',
          description:
            "The slowest traces of the window; bars are each service's share of their critical path.",
          ref: {
            kind: 'spans',
            traceIds: now.roots.slice(0, EXAMPLE_TRACES).map((r) => r.trace_id),
            service: top.service,
            operation: operation.startsWith('untraced wait') ? null : operation,
          },
          from: w.from,
          to: w.to,
          preview: {
            kind: 'bars',
            bars: now.shares.slice(0, MAX_BARS).map((entry) => ({
              label: entry.service,
              value: (entry.us / now.total) * 100,
              baseline: baseShareOf(entry.service) * 100,
            })),
            unit: '%',
          },
        },
      ],
    },
  ];
}

function newEdgeFindings(db: Db, w: AnalysisWindow, s: TracesSettings): FindingDraft[] {
  const before = getServiceGraph(db, w.baselineFrom, w.baselineTo);
  // Without baseline traces every edge would look new.
  if (before.nodes.reduce((sum, node) => sum + node.spanCount, 0) < s.minSamples) return [];
  const known = new Set(before.edges.map((edge) => opKey(edge.caller, edge.callee)));
  const examples = db.prepare(
    `SELECT DISTINCT c.trace_id FROM spans c JOIN spans p ON p.trace_id = c.trace_id AND p.span_id = c.parent_span_id
     WHERE c.start_ts >= ? AND c.start_ts <= ? AND p.service = ? AND c.service = ? LIMIT ?`,
  );
  return getServiceGraph(db, w.from, w.to)
    .edges.filter((edge) => edge.calls >= s.minEdgeCalls && !known.has(opKey(edge.caller, edge.callee)))
    .map((edge): FindingDraft => {
      const traceIds = (
        examples.all(w.from, w.to, edge.caller, edge.callee, EXAMPLE_TRACES) as { trace_id: string }[]
      ).map((row) => row.trace_id);
      return {
        type: 'pattern',
        analyzer: 'traces',
        title: `New call ${edge.caller} → ${edge.callee}`,
        description:
          `${edge.caller} called ${edge.callee} ${edge.calls} times in the window (p95 ${formatDurationUs(edge.p95Us)}, ` +
          `${formatPercent(edge.errorRate)} errors) and never in the baseline.`,
        confidence: clamp01(0.3 + 0.3 * supportWeight(edge.calls, 20) + 0.3 * edge.errorRate),
        severity: edge.errorRate > 0.05 ? 'warning' : 'info',
        service: edge.caller,
        tags: ['new-edge', 'dependency'],
        onset: null,
        evidence: [
          {
            type: 'trace',
            description: `Traces in which ${edge.caller} calls ${edge.callee}.`,
            ref: { kind: 'spans', traceIds, service: edge.callee, operation: null },
            from: w.from,
            to: w.to,
            preview: {
              kind: 'bars',
              bars: [
                { label: 'calls', value: edge.calls, baseline: 0 },
                { label: 'p95 ms', value: edge.p95Us / 1000, baseline: null },
              ],
              unit: null,
            },
          },
        ],
      };
    });
}

export function createTracesAnalyzer(settings: TracesSettings = defaultTracesSettings): Analyzer {
  const s = tracesSettingsSchema.parse(settings);
  return {
    id: 'traces',
    title: 'Traces: errors, latency, critical path, new dependencies',
    run({ db, window }) {
      const periods = operationStats(db, window);
      if (periods.window.size === 0) return [];
      return [
        ...errorFindings(db, window, periods, s),
        ...latencyFindings(db, window, periods, s),
        ...criticalPathFindings(db, window, s),
        ...newEdgeFindings(db, window, s),
      ];
    },
  };
}

export const tracesAnalyzer: Analyzer = createTracesAnalyzer();
