import type { MetricKind, SeriesKey } from '../../db/writers/metrics';
import type { Rejections } from './rejections';
import type {
  EnumJson,
  ExponentialHistogramDataPointJson,
  HistogramDataPointJson,
  MetricJson,
  MetricsRequest,
  NumberDataPointJson,
  SummaryDataPointJson,
} from './schema';
import { OTLP_SOURCE } from './types';
import {
  nanosToMicros,
  numberOf,
  plainAttributes,
  resourceContext,
  textOf,
  type ResourceContext,
} from './values';

/**
 * How OTLP metrics land in the cache (source 'otlp'), one series per name and label set, in the layout
 * Prometheus uses so queries and analyzers read both alike:
 *
 * - gauge → `<name>`, kind 'gauge'.
 * - sum → `<name>`: kind 'counter' when monotonic and cumulative; otherwise 'gauge' (a delta sum is the
 *   increase over its interval, stored as sent: calling it a counter would have it differentiated a second
 *   time).
 * - histogram → `<name>_count` and `<name>_sum` ('counter' when cumulative, else 'gauge'), and
 *   `<name>_bucket` with an `le` label per upper bound, `+Inf` last, holding cumulative counts as Prometheus
 *   buckets do (OTLP sends per-bucket counts), kind 'histogram'.
 * - exponential histogram → `<name>_count` and `<name>_sum` only.
 * - summary → `<name>_count`, `<name>_sum` and `<name>` with a `quantile` label per quantile, kind 'summary'.
 *
 * Names are kept as sent (dots included). Labels are the data point's attributes (structured values as JSON)
 * plus the resource's `service.name` and, when set, `service.instance.id`, so two services or two instances
 * never interleave in one series. The unit goes on the series that carry the measured quantity (not counts).
 * A point flagged "no recorded value" is skipped; a point without a time or a value is rejected.
 */

export interface MetricSample {
  series: SeriesKey;
  /** Microseconds since the Unix epoch. */
  ts: number;
  value: number;
}

export interface MappedMetrics {
  received: number;
  samples: MetricSample[];
}

const NO_RECORDED_VALUE = 1;

function isCumulative(temporality: EnumJson | null | undefined): boolean {
  return temporality === 2 || temporality === 'AGGREGATION_TEMPORALITY_CUMULATIVE';
}

interface PointContext {
  name: string;
  unit: string | null;
  service: string;
  labels: Record<string, string>;
  ts: number;
  out: MetricSample[];
}

function emit(
  point: PointContext,
  suffix: string,
  kind: MetricKind,
  value: number,
  withUnit: boolean,
  extra?: Record<string, string>,
): void {
  point.out.push({
    series: {
      source: OTLP_SOURCE,
      name: point.name + suffix,
      labels: extra ? { ...point.labels, ...extra } : point.labels,
      service: point.service,
      unit: withUnit ? point.unit : null,
      kind,
    },
    ts: point.ts,
    value,
  });
}

type PointMapper<P> = (point: P, context: PointContext) => string | null;

function numberPoint(kind: MetricKind): PointMapper<NumberDataPointJson> {
  return (point, context) => {
    const raw = point.asDouble ?? point.asInt;
    if (raw === undefined || raw === null) return 'neither asDouble nor asInt is set';
    const value = numberOf(raw);
    if (!Number.isFinite(value)) return `value ${String(raw)} is not a finite number`;
    emit(context, '', kind, value, true);
    return null;
  };
}

function countAndSum(
  point: { count?: string | number | null; sum?: string | number | null },
  context: PointContext,
  kind: MetricKind,
): string | null {
  const sum = point.sum === undefined || point.sum === null ? null : numberOf(point.sum);
  if (sum !== null && !Number.isFinite(sum)) return `sum ${String(point.sum)} is not a finite number`;
  emit(context, '_count', kind, numberOf(point.count ?? 0), false);
  if (sum !== null) emit(context, '_sum', kind, sum, true);
  return null;
}

function histogramPoint(cumulative: boolean): PointMapper<HistogramDataPointJson> {
  return (point, context) => {
    const counts = (point.bucketCounts ?? []).map(numberOf);
    const bounds = (point.explicitBounds ?? []).map(numberOf);
    if (counts.length > 0 && counts.length !== bounds.length + 1) {
      return `${counts.length} bucketCounts for ${bounds.length} explicitBounds (expected one more count than bounds)`;
    }
    const problem = countAndSum(point, context, cumulative ? 'counter' : 'gauge');
    if (problem) return problem;
    let running = 0;
    counts.forEach((count, i) => {
      running += count;
      const le = i < bounds.length ? String(bounds[i]) : '+Inf';
      emit(context, '_bucket', 'histogram', running, false, { le });
    });
    return null;
  };
}

function exponentialPoint(cumulative: boolean): PointMapper<ExponentialHistogramDataPointJson> {
  return (point, context) => countAndSum(point, context, cumulative ? 'counter' : 'gauge');
}

const summaryPoint: PointMapper<SummaryDataPointJson> = (point, context) => {
  const quantiles = (point.quantileValues ?? []).map((q) => ({
    q: numberOf(q.quantile ?? 0),
    v: numberOf(q.value ?? 0),
  }));
  const bad = quantiles.find(({ q, v }) => !Number.isFinite(q) || !Number.isFinite(v));
  if (bad) return `quantile ${bad.q} has no finite value`;
  // A summary's sum is not optional: protobuf leaves out a zero, which still means zero.
  const problem = countAndSum({ count: point.count, sum: point.sum ?? 0 }, context, 'counter');
  if (problem) return problem;
  for (const { q, v } of quantiles) emit(context, '', 'summary', v, true, { quantile: String(q) });
  return null;
};

function seriesLabels(
  resource: ResourceContext,
  attributes: NumberDataPointJson['attributes'],
): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(plainAttributes(attributes))) labels[key] = textOf(value);
  labels['service.name'] = resource.service;
  const instance = resource.attrs['service.instance.id'];
  if (instance !== undefined && instance !== null) labels['service.instance.id'] = textOf(instance);
  return labels;
}

interface PointCommon {
  attributes?: NumberDataPointJson['attributes'];
  timeUnixNano?: string | number | null;
  flags?: number | null;
}

interface MetricVisit {
  metric: MetricJson;
  path: string;
  resource: ResourceContext;
  rejections: Rejections;
  out: MetricSample[];
}

/** Runs a mapper over one metric's points; returns how many points there were. */
function visitPoints<P extends PointCommon>(
  visit: MetricVisit,
  field: string,
  points: readonly P[] | null | undefined,
  mapPoint: PointMapper<P>,
): number {
  const list = points ?? [];
  const name = visit.metric.name;
  if (!name) {
    if (list.length > 0) visit.rejections.reject(visit.path, 'the metric has no name', list.length);
    return list.length;
  }
  list.forEach((point, i) => {
    if ((point.flags ?? 0) & NO_RECORDED_VALUE) return;
    const path = `${visit.path}.${field}.dataPoints[${i}]`;
    const ts = nanosToMicros(point.timeUnixNano);
    if (ts === 0) return visit.rejections.reject(path, 'timeUnixNano is missing');
    const context: PointContext = {
      name,
      unit: visit.metric.unit || null,
      service: visit.resource.service,
      labels: seriesLabels(visit.resource, point.attributes),
      ts,
      out: [],
    };
    const problem = mapPoint(point, context);
    if (problem) return visit.rejections.reject(path, problem);
    visit.out.push(...context.out);
  });
  return list.length;
}

function visitMetric(visit: MetricVisit): number {
  const { metric } = visit;
  const monotonicCumulative = !!metric.sum?.isMonotonic && isCumulative(metric.sum.aggregationTemporality);
  return (
    visitPoints(visit, 'gauge', metric.gauge?.dataPoints, numberPoint('gauge')) +
    visitPoints(
      visit,
      'sum',
      metric.sum?.dataPoints,
      numberPoint(monotonicCumulative ? 'counter' : 'gauge'),
    ) +
    visitPoints(
      visit,
      'histogram',
      metric.histogram?.dataPoints,
      histogramPoint(isCumulative(metric.histogram?.aggregationTemporality)),
    ) +
    visitPoints(
      visit,
      'exponentialHistogram',
      metric.exponentialHistogram?.dataPoints,
      exponentialPoint(isCumulative(metric.exponentialHistogram?.aggregationTemporality)),
    ) +
    visitPoints(visit, 'summary', metric.summary?.dataPoints, summaryPoint)
  );
}

export function mapMetrics(request: MetricsRequest, rejections: Rejections): MappedMetrics {
  const samples: MetricSample[] = [];
  let received = 0;
  (request.resourceMetrics ?? []).forEach((resourceMetrics, r) => {
    const resource = resourceContext(resourceMetrics.resource);
    (resourceMetrics.scopeMetrics ?? []).forEach((scopeMetrics, s) => {
      (scopeMetrics.metrics ?? []).forEach((metric, m) => {
        const path = `resourceMetrics[${r}].scopeMetrics[${s}].metrics[${m}]`;
        received += visitMetric({ metric, path, resource, rejections, out: samples });
      });
    });
  });
  return { received, samples };
}
