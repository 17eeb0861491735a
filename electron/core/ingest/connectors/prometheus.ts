import type { MetricKind, MetricPoint } from '../../db/writers/metrics';
import { AppError } from '../../errors';
import { PermanentHttpError } from '../http';
import type { Connector, PullContext, ResolvedSource } from '../types';
import { apiUrl, matrixSchema, prometheusGet, type Matrix } from './prometheus-api';
import {
  MAX_POINTS_PER_REQUEST,
  alignUp,
  formatSeconds,
  parseStep,
  rangeChunk,
  rangeStep,
  secondsToMicros,
} from './prometheus-range';

export { prometheusLabels, prometheusLabelValues, prometheusSeries } from './prometheus-discovery';
export type { DiscoveryOptions } from './prometheus-discovery';

/**
 * Samples per response we are willing to hold at once (about 30 MB of JSON): a query matching many series
 * gets shorter chunks after the first one shows how many series it returns.
 */
const SAMPLES_PER_RESPONSE = 1_000_000;

/** The query_range address for one chunk of a query. */
export function queryRangeUrl(
  baseUrl: string,
  query: string,
  start: number,
  end: number,
  step: number,
): string {
  return apiUrl(baseUrl, 'api/v1/query_range', [
    ['query', query],
    ['start', formatSeconds(start)],
    ['end', formatSeconds(end)],
    ['step', formatSeconds(step)],
  ]);
}

// An outermost rate()/irate(), possibly inside plain aggregations, yields per-second values already.
const RATE_QUERY = /^(?:\s*(?:sum|avg|min|max)\s*(?:(?:by|without)\s*\([^)]*\)\s*)?\(\s*)*i?rate\s*\(/;
const COUNTER_NAME = /_(?:total|count|sum|bucket)$/;

function seriesKind(name: string | undefined, query: string): MetricKind | undefined {
  if (name !== undefined) return COUNTER_NAME.test(name) ? 'counter' : undefined;
  return RATE_QUERY.test(query) ? 'rate' : undefined;
}

function sampleValue(text: string, labels: Record<string, string>, seconds: number): number | null {
  if (text === 'NaN' || text === '+Inf' || text === '-Inf') return null;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new PermanentHttpError(
      `Prometheus returned '${text}' as the value of ${JSON.stringify(labels)} at ${seconds}, which is not a number`,
    );
  }
  return value;
}

function toPoints(ctx: PullContext, matrix: Matrix): MetricPoint[] {
  const query = ctx.task.key;
  const points: MetricPoint[] = [];
  for (const series of matrix.result) {
    const { __name__: name, ...labels } = series.metric;
    const seriesId = ctx.sink.metrics.seriesId({
      source: ctx.source.name,
      name: name ?? query,
      labels,
      service: labels.service ?? labels.job ?? null,
      kind: seriesKind(name, query),
    });
    for (const [seconds, text] of series.values) {
      const value = sampleValue(text, series.metric, seconds);
      if (value !== null) points.push({ seriesId, ts: secondsToMicros(seconds), value });
    }
  }
  return points;
}

async function pullQuery(ctx: PullContext): Promise<void> {
  const step = rangeStep(ctx.from, ctx.to, ctx.source.options.step);
  let points = MAX_POINTS_PER_REQUEST;
  for (let start = alignUp(ctx.from, step); start <= ctx.to;) {
    if (ctx.signal.aborted) throw new AppError('cancelled', 'The sync was cancelled.');
    const chunk = rangeChunk(start, ctx.to, step, points);
    const url = queryRangeUrl(ctx.source.url, ctx.task.key, chunk.start, chunk.end, step);
    const { data, bytes } = await prometheusGet(ctx.http, url, matrixSchema, ctx.signal);
    const rows = ctx.sink.metrics.writePoints(toPoints(ctx, data));
    // The next pull starts at this watermark and evaluates that instant again, which refreshes a newest
    // point computed before its last scrape had arrived; the grid makes the repeat replace, not add.
    ctx.checkpoint({
      watermark: chunk.end,
      rows,
      bytes,
      fraction: ctx.to > ctx.from ? (chunk.end - ctx.from) / (ctx.to - ctx.from) : 1,
    });
    points = Math.max(1, Math.floor(SAMPLES_PER_RESPONSE / Math.max(1, data.result.length)));
    start = chunk.end + step;
  }
}

/** Prometheus: each configured query (a selector or a PromQL expression) is pulled with query_range. */
export const prometheusConnector: Connector = {
  type: 'prometheus',
  validate(source: ResolvedSource) {
    if (source.options.step !== undefined) parseStep(source.options.step);
  },
  tasks: (source) => source.queries.map((query) => ({ key: query, label: query })),
  pull: pullQuery,
};
