import type { BurnWindow, SloObjective, SloReport } from '../../../../shared/methods/metrics';
import { histogramFractionBelow } from '../../analysis/histogram-quantile';
import type { Db } from '../../db/open';
import {
  bucketed,
  combine,
  DURATION,
  isServerError,
  latencyHistogram,
  REQUESTS,
  secondsPerUnit,
  slotBuckets,
  type Buckets,
} from './red';
import { toSeriesInfo, type SeriesRow } from './series';

const MINUTE = 60_000_000;
const WINDOWS: Record<BurnWindow, number> = {
  '5m': 5 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': 60 * MINUTE,
  '6h': 360 * MINUTE,
};
/** The SRE workbook's paging pairs: 2 % of a 30-day budget in an hour, or 5 % in six hours. */
export const PAGING_POLICY: { long: BurnWindow; short: BurnWindow; threshold: number }[] = [
  { long: '1h', short: '5m', threshold: 14.4 },
  { long: '6h', short: '30m', threshold: 6 },
];
const PERIOD_DAYS = 30;
/** Slots stay at a minute so the 5-minute window is real, unless the range is so long that would be slow. */
const MAX_SLOTS = 50_000;

/** How many times faster than allowed the budget burns: 1 spends exactly the budget over the period. */
export function burnRate(bad: number, total: number, target: number): number {
  return total > 0 ? bad / total / (1 - target) : Number.NaN;
}

export function errorBudget(bad: number, total: number, target: number): SloReport['budget'] {
  const allowed = (1 - target) * total;
  const consumed = allowed > 0 ? bad / allowed : 0;
  return { allowed, consumed, remaining: 1 - consumed };
}

/** Burn rate at the end of every slot over the `size` slots up to it, from prefix sums of bad and total. */
export function windowBurn(
  bad: Float64Array,
  total: Float64Array,
  size: number,
  target: number,
): Float64Array {
  const prefixBad = new Float64Array(bad.length + 1);
  const prefixTotal = new Float64Array(total.length + 1);
  for (let i = 0; i < bad.length; i++) {
    prefixBad[i + 1] = (prefixBad[i] as number) + (Number.isNaN(bad[i] as number) ? 0 : (bad[i] as number));
    prefixTotal[i + 1] =
      (prefixTotal[i] as number) + (Number.isNaN(total[i] as number) ? 0 : (total[i] as number));
  }
  const out = new Float64Array(bad.length);
  for (let i = 0; i < bad.length; i++) {
    const start = Math.max(0, i + 1 - size);
    out[i] = burnRate(
      (prefixBad[i + 1] as number) - (prefixBad[start] as number),
      (prefixTotal[i + 1] as number) - (prefixTotal[start] as number),
      target,
    );
  }
  return out;
}

/**
 * Where both windows burn above the threshold at once: the long window proves the burn is significant, the
 * short one that it is still going on, so the page stops soon after the fix instead of an hour later.
 */
export function bothAbove(
  long: ArrayLike<number>,
  short: ArrayLike<number>,
  threshold: number,
  timeOf: (slot: number) => number,
): { intervals: { from: number; to: number }[]; firingAtEnd: boolean } {
  const intervals: { from: number; to: number }[] = [];
  let open: { from: number; to: number } | null = null;
  let firing = false;
  for (let i = 0; i < long.length; i++) {
    firing = (long[i] as number) > threshold && (short[i] as number) > threshold;
    if (firing) {
      if (!open) {
        open = { from: timeOf(i), to: timeOf(i) };
        intervals.push(open);
      } else open.to = timeOf(i);
    } else open = null;
  }
  return { intervals, firingAtEnd: firing };
}

/**
 * Share of requests slower than `threshold` read off latency quantiles, taking the distribution as linear
 * between them and, past the highest one, a tail that thins as 1/latency: quantiles cannot say more.
 */
export function slowShareFromQuantiles(points: { q: number; v: number }[], threshold: number): number {
  const sorted = points.filter((p) => Number.isFinite(p.v)).sort((a, b) => a.q - b.q);
  if (!sorted.length) return Number.NaN;
  let previous = { q: 0, v: 0 };
  for (const point of sorted) {
    const v = Math.max(point.v, previous.v);
    if (threshold <= v) {
      const below =
        v > previous.v
          ? previous.q + ((point.q - previous.q) * (threshold - previous.v)) / (v - previous.v)
          : point.q;
      return 1 - below;
    }
    previous = { q: point.q, v };
  }
  return ((1 - previous.q) * previous.v) / threshold;
}

/** The highest burn in each of at most maxPoints groups, so a short spike past a threshold stays visible. */
function peaks(values: Float64Array, timeOf: (slot: number) => number, maxPoints: number) {
  const group = Math.max(1, Math.ceil(values.length / maxPoints));
  const ts: number[] = [];
  const out: number[] = [];
  for (let start = 0; start < values.length; start += group) {
    let best = Number.NaN;
    let at = -1;
    for (let i = start; i < Math.min(values.length, start + group); i++) {
      const v = values[i] as number;
      if (!Number.isNaN(v) && !(v <= best)) {
        best = v;
        at = i;
      }
    }
    if (at >= 0) {
      ts.push(timeOf(at));
      out.push(best);
    }
  }
  return { ts, values: out };
}

function sum(values: Float64Array): number {
  let total = 0;
  for (const v of values) if (!Number.isNaN(v)) total += v;
  return total;
}

export interface SloArgs {
  service: string;
  objective: SloObjective;
  from: number;
  to: number;
  maxPoints: number;
}

interface Counts {
  method: NonNullable<SloReport['method']>;
  bad: Float64Array;
  total: Float64Array;
  seriesIds: number[];
  note: string;
}

/** Good and bad requests per slot, by whichever series the service has for this kind of objective. */
function countRequests(db: Db, rows: SeriesRow[], args: SloArgs, b: Buckets): Counts | null {
  const perSlot = b.width / 1_000_000;
  const toCounts = (rates: Float64Array) => rates.map((v) => v * perSlot);
  const requests = rows.filter((row) => REQUESTS.test(row.name));
  const requestRates = requests.map((row) => bucketed(db, row, b, args.to, 'mean'));
  const total = toCounts(combine(requestRates, 'sum'));
  if (args.objective.kind === 'availability') {
    if (!requests.length) return null;
    const errors = requests.flatMap((row, i) =>
      isServerError(toSeriesInfo(row, null).labels) ? [requestRates[i] as Float64Array] : [],
    );
    return {
      method: 'status',
      total,
      bad: errors.length ? toCounts(combine(errors, 'sum')) : total.map((v) => (Number.isNaN(v) ? v : 0)),
      seriesIds: requests.map((row) => row.id),
      note: 'Bad requests are server errors (5xx) of the request counters.',
    };
  }
  const threshold = (args.objective.thresholdMs ?? 0) / 1000;
  const histogram = latencyHistogram(db, rows, b, args.to);
  if (histogram) {
    const bad = new Float64Array(b.count).fill(Number.NaN);
    const observed = new Float64Array(b.count).fill(Number.NaN);
    for (let i = 0; i < b.count; i++) {
      const buckets = slotBuckets(histogram, i);
      const all = buckets.find((x) => x.le === Infinity)?.count ?? Number.NaN;
      observed[i] = all * perSlot;
      bad[i] = (1 - histogramFractionBelow(threshold, buckets)) * all * perSlot;
    }
    return {
      method: 'histogram',
      total: observed,
      bad,
      seriesIds: histogram.seriesIds,
      note: 'Slow requests are counted from the latency histogram buckets, interpolated inside a bucket.',
    };
  }
  if (!requests.length) return null;
  const byQuantile = new Map<number, Float64Array[]>();
  const quantileIds: number[] = [];
  for (const row of rows) {
    const quantile = Number(toSeriesInfo(row, null).labels['quantile']);
    if (!DURATION.test(row.name) || !(quantile > 0 && quantile < 1)) continue;
    const values = bucketed(db, row, b, args.to, 'mean').map((v) => v * secondsPerUnit(row.name));
    byQuantile.set(quantile, [...(byQuantile.get(quantile) ?? []), values]);
    quantileIds.push(row.id);
  }
  if (!byQuantile.size) return null;
  const quantiles = [...byQuantile.entries()].map(([q, parts]) => ({ q, values: combine(parts, 'max') }));
  const bad = new Float64Array(b.count).fill(Number.NaN);
  for (let i = 0; i < b.count; i++) {
    const share = slowShareFromQuantiles(
      quantiles.map(({ q, values }) => ({ q, v: values[i] as number })),
      threshold,
    );
    bad[i] = share * (total[i] as number);
  }
  return {
    method: 'quantiles',
    total,
    bad,
    seriesIds: [...requests.map((row) => row.id), ...quantileIds],
    note:
      'Approximated from latency quantiles (no histogram buckets cached): the share of slow requests is ' +
      'interpolated between p50, p95 and p99, so treat small budgets with care.',
  };
}

/** Error budget and burn rates of one objective over the cached range, with the SRE workbook paging policy. */
export function getSlo(db: Db, args: SloArgs): SloReport {
  const span = args.to - args.from + 1;
  const width = Math.max(MINUTE, Math.ceil(span / MAX_SLOTS / MINUTE) * MINUTE);
  const b: Buckets = { from: args.from, width, count: Math.ceil(span / width) };
  const timeOf = (slot: number) => Math.min(args.to, args.from + (slot + 1) * width);
  const rows = db
    .prepare('SELECT id, name, labels, service, unit, kind FROM metric_series WHERE service = ?')
    .all(args.service) as SeriesRow[];
  const counts = countRequests(db, rows, args, b);
  const base = { service: args.service, objective: args.objective, periodDays: PERIOD_DAYS };
  if (!counts) {
    return {
      ...base,
      method: null,
      note:
        args.objective.kind === 'availability'
          ? `${args.service} has no request counters (http_requests_total or alike) to judge availability by.`
          : `${args.service} has no request latency histogram or quantile series to judge latency by.`,
      coveredFrom: null,
      coveredTo: null,
      requests: 0,
      badRequests: 0,
      sli: null,
      budget: errorBudget(0, 0, args.objective.target),
      burn: [],
      alerts: [],
    };
  }
  const marks = counts.seriesIds.map(() => '?').join(',');
  const covered = db
    .prepare(
      `SELECT MIN(ts) AS first, MAX(ts) AS last FROM metric_points
       WHERE series_id IN (${marks}) AND ts BETWEEN ? AND ?`,
    )
    .get(...counts.seriesIds, args.from, args.to) as { first: number | null; last: number | null };
  const requests = sum(counts.total);
  const badRequests = sum(counts.bad);
  const target = args.objective.target;
  const burns = new Map(
    (Object.keys(WINDOWS) as BurnWindow[]).map((w) => [
      w,
      windowBurn(counts.bad, counts.total, Math.max(1, Math.round(WINDOWS[w] / width)), target),
    ]),
  );
  const days =
    covered.first !== null && covered.last !== null ? (covered.last - covered.first) / 86_400e6 : 0;
  const coverage =
    days >= 1 ? `${days.toFixed(1)} days` : `${Math.max(1, Math.round(days * 24 * 60))} minutes`;
  return {
    ...base,
    method: counts.method,
    note: `${counts.note} The budget covers the ${coverage} cached in this range, not the whole ${PERIOD_DAYS}-day period.`,
    coveredFrom: covered.first,
    coveredTo: covered.last,
    requests,
    badRequests,
    sli: requests > 0 ? 1 - badRequests / requests : null,
    budget: errorBudget(badRequests, requests, target),
    burn: [...burns.entries()].map(([window, values]) => ({
      window,
      ...peaks(values, timeOf, args.maxPoints),
    })),
    alerts: PAGING_POLICY.map((policy) => ({
      ...policy,
      ...bothAbove(
        burns.get(policy.long) as Float64Array,
        burns.get(policy.short) as Float64Array,
        policy.threshold,
        timeOf,
      ),
    })),
  };
}
