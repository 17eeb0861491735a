import type { RedBoard, RedSignal } from '../../../../shared/methods/metrics';
import { histogramQuantile, type HistogramBucket } from '../../analysis/histogram-quantile';
import type { Db } from '../../db/open';
import { toSeriesInfo, type SeriesRow } from './series';

/** Request counters in Prometheus naming: `http_requests_total`, `grpc_server_requests`, … */
export const REQUESTS = /(^|_)requests(_total)?$/;
/** Quantile summaries of request latency: `http_request_duration_seconds{quantile="0.95"}`, … */
export const DURATION = /(duration|latency)_(seconds|milliseconds|ms)$/;
const STATUS_LABELS = ['status_class', 'status', 'code', 'status_code', 'http_status', 'http_status_code'];
const QUANTILE_NAMES: Record<string, string> = { '0.5': 'p50', '0.9': 'p90', '0.95': 'p95', '0.99': 'p99' };
const BUCKET_QUANTILES = ['0.5', '0.95', '0.99'];

/** Latency in milliseconds is converted so every board speaks seconds. */
export function secondsPerUnit(name: string): number {
  return /(milliseconds|ms)(_bucket)?$/.test(name) ? 1 / 1000 : 1;
}

/**
 * Per-bucket histogram of a service's request latency from Prometheus `<name>_bucket{le}` series: the
 * series of one bound are summed over their other labels (routes, methods), each bound kept in its own
 * unit's seconds. Null when the service exports no such histogram.
 */
export function latencyHistogram(
  db: Db,
  rows: SeriesRow[],
  b: Buckets,
  to: number,
): { bounds: number[]; values: Float64Array[]; seriesIds: number[] } | null {
  const byBound = new Map<number, SeriesRow[]>();
  for (const row of rows) {
    if (!row.name.endsWith('_bucket') || !DURATION.test(row.name.slice(0, -'_bucket'.length))) continue;
    const le = toSeriesInfo(row, null).labels['le'];
    if (le === undefined) continue;
    const bound = le === '+Inf' || le === 'Inf' ? Infinity : Number(le) * secondsPerUnit(row.name);
    if (Number.isNaN(bound)) continue;
    byBound.set(bound, [...(byBound.get(bound) ?? []), row]);
  }
  if (!byBound.has(Infinity) || byBound.size < 2) return null;
  const bounds = [...byBound.keys()].sort((x, y) => x - y);
  return {
    bounds,
    values: bounds.map((bound) =>
      combine(
        (byBound.get(bound) as SeriesRow[]).map((row) => bucketed(db, row, b, to, 'mean')),
        'sum',
      ),
    ),
    seriesIds: [...byBound.values()].flat().map((row) => row.id),
  };
}

/** The buckets of one time slot, ready for histogramQuantile; empty when nothing was cached there. */
export function slotBuckets(
  histogram: { bounds: number[]; values: Float64Array[] },
  i: number,
): HistogramBucket[] {
  const out: HistogramBucket[] = [];
  histogram.bounds.forEach((le, k) => {
    const count = (histogram.values[k] as Float64Array)[i] as number;
    if (!Number.isNaN(count)) out.push({ le, count });
  });
  return out;
}

export interface Buckets {
  from: number;
  width: number;
  count: number;
}

export function isServerError(labels: Record<string, string>): boolean {
  return STATUS_LABELS.some((key) => {
    const value = labels[key]?.toLowerCase();
    return value !== undefined && (value.startsWith('5') || value === 'error');
  });
}

/**
 * Per-bucket values of one series: the mean of a rate or gauge, the peak of a latency quantile (a p99 spike
 * must not be averaged away), and for a raw counter its increase per second, restarting at a counter reset.
 */
export function bucketed(db: Db, row: SeriesRow, b: Buckets, to: number, mode: 'mean' | 'max'): Float64Array {
  const out = new Float64Array(b.count).fill(Number.NaN);
  if (row.kind === 'counter') {
    const rows = db
      .prepare('SELECT ts, value FROM metric_points WHERE series_id = ? AND ts BETWEEN ? AND ? ORDER BY ts')
      .raw(true)
      .iterate(row.id, b.from, to) as Iterable<[number, number]>;
    let previous: number | null = null;
    const perSecond = 1_000_000 / b.width;
    for (const [ts, value] of rows) {
      if (previous !== null) {
        const index = Math.min(b.count - 1, Math.floor((ts - b.from) / b.width));
        const increase = value >= previous ? value - previous : value;
        out[index] = (Number.isNaN(out[index] as number) ? 0 : (out[index] as number)) + increase * perSecond;
      }
      previous = value;
    }
    return out;
  }
  const aggregate = mode === 'max' ? 'MAX(value)' : 'AVG(value)';
  // Numbers bind as REAL; the casts keep the bucket index an integer division.
  const rows = db
    .prepare(
      `SELECT (ts - CAST(? AS INTEGER)) / CAST(? AS INTEGER) AS b, ${aggregate} AS v FROM metric_points
       WHERE series_id = ? AND ts BETWEEN ? AND ? GROUP BY b`,
    )
    .raw(true)
    .all(b.from, b.width, row.id, b.from, to) as [number, number][];
  for (const [index, value] of rows) out[Math.min(b.count - 1, index)] = value;
  return out;
}

export function combine(parts: Float64Array[], how: 'sum' | 'max'): Float64Array {
  const out = new Float64Array(parts[0]?.length ?? 0).fill(Number.NaN);
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      const v = part[i] as number;
      if (Number.isNaN(v)) continue;
      const current = out[i] as number;
      out[i] = Number.isNaN(current) ? v : how === 'sum' ? current + v : Math.max(current, v);
    }
  }
  return out;
}

function toSignal(
  values: Float64Array,
  b: Buckets,
  to: number,
  unit: string,
  seriesIds: number[],
): RedSignal {
  const ts: number[] = [];
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) continue;
    ts.push(Math.min(to, b.from + i * b.width + Math.floor(b.width / 2)));
    out.push(v);
  }
  return { ts, values: out, unit, seriesIds };
}

export interface RedArgs {
  service: string;
  from: number;
  to: number;
  maxPoints: number;
}

/** Rate, errors and duration for one service, found by naming conventions rather than known series ids. */
export function getRedBoard(db: Db, args: RedArgs): RedBoard {
  const rows = db
    .prepare('SELECT id, name, labels, service, unit, kind FROM metric_series WHERE service IS NOT NULL')
    .all() as SeriesRow[];
  const requestRows = rows.filter((row) => REQUESTS.test(row.name));
  const services = [...new Set(requestRows.map((row) => row.service as string))].sort();
  const own = rows.filter((row) => row.service === args.service);
  const span = args.to - args.from + 1;
  const b: Buckets = { from: args.from, width: Math.max(1, Math.ceil(span / args.maxPoints)), count: 0 };
  b.count = Math.ceil(span / b.width);

  const requests = own.filter((row) => REQUESTS.test(row.name));
  const requestValues = requests.map((row) => bucketed(db, row, b, args.to, 'mean'));
  const total = combine(requestValues, 'sum');
  const rate = requests.length
    ? toSignal(
        total,
        b,
        args.to,
        'req/s',
        requests.map((row) => row.id),
      )
    : null;

  const errorIndexes = requests
    .map((row, index) => (isServerError(toSeriesInfo(row, null).labels) ? index : -1))
    .filter((index) => index >= 0);
  let errorRatio: RedSignal | null = null;
  if (errorIndexes.length) {
    const errors = combine(
      errorIndexes.map((index) => requestValues[index] as Float64Array),
      'sum',
    );
    const ratio = new Float64Array(total.length).fill(Number.NaN);
    for (let i = 0; i < ratio.length; i++) {
      const t = total[i] as number;
      if (t > 0) ratio[i] = (Number.isNaN(errors[i] as number) ? 0 : (errors[i] as number)) / t;
    }
    errorRatio = toSignal(
      ratio,
      b,
      args.to,
      'ratio',
      errorIndexes.map((index) => (requests[index] as SeriesRow).id),
    );
  }

  const byQuantile = new Map<string, SeriesRow[]>();
  for (const row of own) {
    if (!DURATION.test(row.name)) continue;
    const quantile = toSeriesInfo(row, null).labels['quantile'];
    if (quantile === undefined) continue;
    byQuantile.set(quantile, [...(byQuantile.get(quantile) ?? []), row]);
  }
  let latency = [...byQuantile.entries()]
    .sort(([a], [b2]) => Number(a) - Number(b2))
    .map(([quantile, group]) => {
      // Latency is shown in seconds whatever the exporter chose, so quantiles from different names compare.
      const values = combine(
        group.map((row) => {
          const v = bucketed(db, row, b, args.to, 'max');
          const scale = secondsPerUnit(row.name);
          for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) * scale;
          return v;
        }),
        'max',
      );
      return {
        quantile,
        label: QUANTILE_NAMES[quantile] ?? `q${quantile}`,
        signal: toSignal(
          values,
          b,
          args.to,
          's',
          group.map((row) => row.id),
        ),
      };
    });
  const histogram = latency.length ? null : latencyHistogram(db, own, b, args.to);
  if (histogram) {
    // Quantiles from buckets are computed slot by slot after summing rates, as histogram_quantile(sum(rate()))
    // would: averaging per-bucket quantiles instead would not be a quantile of anything.
    latency = BUCKET_QUANTILES.map((quantile) => {
      const values = new Float64Array(b.count).fill(Number.NaN);
      for (let i = 0; i < b.count; i++)
        values[i] = histogramQuantile(Number(quantile), slotBuckets(histogram, i));
      return {
        quantile,
        label: QUANTILE_NAMES[quantile] as string,
        signal: toSignal(values, b, args.to, 's', histogram.seriesIds),
      };
    });
  }
  return { service: args.service, services, rate, errorRatio, latency };
}
