import { lttb } from '../../analysis/lttb';
import type { Db } from '../../db/open';
import { searchLogs } from '../../explore/logs/search';
import type { RunbookStep } from '../../../../shared/model/runbook';

type QuerySpec = Extract<RunbookStep, { type: 'query' }>['query'];

/** Points per series kept for the inline chart of a step result. */
const CHART_POINTS = 60;

export interface LogsQueryResult {
  kind: 'logs';
  error: string | null;
  total: number | null;
  rows: { ts: number; service: string; level: string; message: string }[];
}

export interface MetricStats {
  last: number;
  max: number;
  min: number;
  avg: number;
}

export interface MetricQueryResult {
  kind: 'metric';
  series: {
    labels: Record<string, string>;
    service: string | null;
    stats: MetricStats;
    points: [number, number][];
  }[];
  /** Across every series: the worst of each figure, so `above` fires when any series breaches. */
  stats: MetricStats | null;
}

export type QueryResult = LogsQueryResult | MetricQueryResult;

function queryLogs(db: Db, spec: Extract<QuerySpec, { kind: 'logs' }>, window: { from: number; to: number }) {
  const found = searchLogs(db, {
    query: spec.search,
    from: window.from,
    to: window.to,
    order: 'newest',
    limit: spec.limit,
  });
  return {
    kind: 'logs' as const,
    error: found.error ? found.error.message : null,
    total: found.total?.count ?? null,
    rows: found.rows.map((r) => ({ ts: r.ts, service: r.service, level: r.level, message: r.message })),
  };
}

function statsOf(values: Float64Array | number[]): MetricStats {
  let max = -Infinity;
  let min = Infinity;
  let sum = 0;
  for (const v of values) {
    max = Math.max(max, v);
    min = Math.min(min, v);
    sum += v;
  }
  return { last: values[values.length - 1] as number, max, min, avg: sum / values.length };
}

function queryMetric(
  db: Db,
  spec: Extract<QuerySpec, { kind: 'metric' }>,
  window: { from: number; to: number },
) {
  const clauses = ['name = ?'];
  const args: (string | number)[] = [spec.metric];
  if (spec.service !== undefined) {
    clauses.push('service = ?');
    args.push(spec.service);
  }
  for (const [key, value] of Object.entries(spec.labels)) {
    clauses.push('json_extract(labels, ?) = ?');
    args.push(`$.${JSON.stringify(key)}`, value);
  }
  const seriesRows = db
    .prepare(`SELECT id, labels, service FROM metric_series WHERE ${clauses.join(' AND ')} ORDER BY id`)
    .all(...args) as { id: number; labels: string; service: string | null }[];
  const points = db.prepare(
    'SELECT ts, value FROM metric_points WHERE series_id = ? AND ts >= ? AND ts <= ? ORDER BY ts',
  );
  const series: MetricQueryResult['series'] = [];
  for (const row of seriesRows) {
    const rows = points.all(row.id, window.from, window.to) as { ts: number; value: number }[];
    if (rows.length === 0) continue;
    const ts = Float64Array.from(rows, (p) => p.ts);
    const values = Float64Array.from(rows, (p) => p.value);
    const chart = lttb(ts, values, CHART_POINTS);
    series.push({
      labels: JSON.parse(row.labels) as Record<string, string>,
      service: row.service,
      stats: statsOf(values),
      points: Array.from(chart.ts, (t, i) => [t, chart.values[i] as number]),
    });
  }
  const all = series.map((s) => s.stats);
  const stats =
    all.length === 0
      ? null
      : {
          last: Math.max(...all.map((s) => s.last)),
          max: Math.max(...all.map((s) => s.max)),
          min: Math.min(...all.map((s) => s.min)),
          avg: all.reduce((sum, s) => sum + s.avg, 0) / all.length,
        };
  return { kind: 'metric' as const, series, stats };
}

/** Runs a query step over the local cache; the result is small enough to store and show inline. */
export function runQuery(db: Db, spec: QuerySpec, window: { from: number; to: number }): QueryResult {
  return spec.kind === 'logs' ? queryLogs(db, spec, window) : queryMetric(db, spec, window);
}
