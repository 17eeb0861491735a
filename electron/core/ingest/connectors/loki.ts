import { z } from 'zod';
import { describeIssues } from '../../../../shared/contract';
import { normaliseLevel, type LogLevel, type LogRow } from '../../db/writers/logs';
import { AppError } from '../../errors';
import { PermanentHttpError } from '../http';
import type { Connector, PullContext, ResolvedSource } from '../types';

const lokiOptions = z.object({ limit: z.coerce.number().int().positive().default(5000) });

const nanos = z.string().regex(/^\d{1,20}$/, 'expected a nanosecond timestamp');
// Loki 3 adds a third element with structured metadata: flat, or split into structuredMetadata/parsed.
const entryMetadata = z.record(z.string(), z.union([z.string(), z.record(z.string(), z.string())]));
const lokiStreams = z.array(
  z.object({
    stream: z.record(z.string(), z.string()),
    values: z.array(z.tuple([nanos, z.string(), entryMetadata.optional()])),
  }),
);
// A metric query answers a matrix or vector: recognised by its type, so it is refused in words, not as a bad shape.
const lokiAnswer = z.object({
  data: z.discriminatedUnion('resultType', [
    z.object({ resultType: z.literal('streams'), result: lokiStreams }),
    z.object({ resultType: z.enum(['matrix', 'vector']) }),
  ]),
});
type LokiStreams = z.infer<typeof lokiStreams>;

const serviceLabels = ['service_name', 'service', 'app', 'job'];
const levelLabels = ['level', 'detected_level'];
const traceKeys = ['trace_id', 'traceID', 'traceId'];
const logfmtLevel = /(?:^|\s)(?:level|lvl)="?([A-Za-z]+)/;
const jsonLevel = /"(?:level|lvl|severity)"\s*:\s*"([A-Za-z]+)"/;
const lineTraceId = /\btrace_?id"?\s*[=:]\s*"?([0-9a-f]{16,32})\b/i;

function lokiOptionsOf(source: ResolvedSource): z.infer<typeof lokiOptions> {
  const parsed = lokiOptions.safeParse(source.options);
  if (!parsed.success) {
    const issue = describeIssues(parsed.error)[0];
    throw new AppError(
      'invalid_args',
      `The Loki source '${source.name}' option ${issue?.path}: ${issue?.message}.`,
    );
  }
  return parsed.data;
}

/** Loki's own rendering of a label set, with sorted names, so one stream always has one name. */
function canonicalLabels(labels: Readonly<Record<string, string>>): string {
  const pairs = Object.keys(labels)
    .sort()
    .map((name) => `${name}=${JSON.stringify(labels[name])}`);
  return `{${pairs.join(', ')}}`;
}

function flattenMetadata(raw: z.infer<typeof entryMetadata> | undefined): Record<string, string> | null {
  if (!raw) return null;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === 'string') out[key] = value;
    else Object.assign(out, value);
  }
  return Object.keys(out).length ? out : null;
}

function levelOf(labels: Readonly<Record<string, string>>, line: string): LogLevel {
  for (const name of levelLabels) {
    const value = labels[name];
    if (value) return normaliseLevel(value);
  }
  const found = logfmtLevel.exec(line) ?? jsonLevel.exec(line);
  return found?.[1] ? normaliseLevel(found[1]) : 'info';
}

function traceIdOf(metadata: Readonly<Record<string, string>> | null, line: string): string | null {
  const fromMetadata = metadata ? traceKeys.map((key) => metadata[key]).find(Boolean) : undefined;
  const raw = fromMetadata ?? lineTraceId.exec(line)?.[1];
  return raw && /^[0-9a-f]{16,32}$/i.test(raw) ? raw.toLowerCase().padStart(32, '0') : null;
}

interface Entry {
  key: string;
  ns: bigint;
  row: LogRow;
}

function entriesOf(streams: LokiStreams, source: string): Entry[] {
  const entries: Entry[] = [];
  for (const { stream: labels, values } of streams) {
    const stream = canonicalLabels(labels);
    const service = serviceLabels.map((name) => labels[name]).find(Boolean) ?? '';
    for (const [nsText, line, rawMetadata] of values) {
      const ns = BigInt(nsText);
      const metadata = flattenMetadata(rawMetadata);
      entries.push({
        key: `${stream}\0${nsText}\0${line}`,
        ns,
        row: {
          source,
          stream,
          ts: Number(ns / 1000n),
          service,
          level: levelOf(metadata ? { ...labels, ...metadata } : labels, line),
          message: line,
          attrs: metadata,
          traceId: traceIdOf(metadata, line),
        },
      });
    }
  }
  return entries;
}

/** One page of entries; the client keeps Loki's own words for a refusal and fetches a body cut short again. */
async function queryRange(ctx: PullContext, url: string): Promise<{ streams: LokiStreams; bytes: number }> {
  const { data, bytes } = await ctx.http.json({ url, signal: ctx.signal, backend: 'Loki' }, lokiAnswer);
  if (data.data.resultType !== 'streams') {
    throw new PermanentHttpError(
      `Loki answered a ${data.data.resultType} result: the query is a metric query, and a Loki source pulls log queries`,
    );
  }
  return { streams: data.data.result, bytes };
}

/**
 * Pages forward through `query_range`. Each next page starts at the last entry's nanosecond, because entries
 * sharing that nanosecond may have been cut by the limit; the ones already seen there are dropped.
 */
async function pull(ctx: PullContext): Promise<void> {
  const { limit } = lokiOptionsOf(ctx.source);
  const endpoint = `${ctx.source.url.replace(/\/+$/, '')}/loki/api/v1/query_range`;
  const endNs = BigInt(ctx.to) * 1000n;
  const span = Math.max(1, ctx.to - ctx.from);
  let startNs = BigInt(ctx.from) * 1000n;
  // Entries already written at the nanosecond the current page starts from.
  const boundary = { ns: -1n, seen: new Set<string>() };
  for (;;) {
    const params = new URLSearchParams({
      query: ctx.task.key,
      start: String(startNs),
      end: String(endNs),
      limit: String(limit),
      direction: 'forward',
    });
    const { streams, bytes } = await queryRange(ctx, `${endpoint}?${params}`);
    const entries = entriesOf(streams, ctx.source.name);
    const fresh = entries.filter((e) => e.ns !== boundary.ns || !boundary.seen.has(e.key));
    const rows = ctx.sink.logs.write(fresh.map((e) => e.row));
    if (entries.length < limit) {
      ctx.checkpoint({ watermark: ctx.to, rows, bytes, fraction: 1 });
      return;
    }
    const lastNs = entries.reduce((max, e) => (e.ns > max ? e.ns : max), 0n);
    const atLast = entries.filter((e) => e.ns === lastNs).map((e) => e.key);
    if (boundary.ns !== lastNs) {
      boundary.ns = lastNs;
      boundary.seen.clear();
    }
    for (const key of atLast) boundary.seen.add(key);
    // More than `limit` entries sharing one nanosecond would return the same page forever: step past it.
    startNs = fresh.length === 0 ? lastNs + 1n : lastNs;
    const watermark = Number(lastNs / 1000n);
    ctx.checkpoint({ watermark, rows, bytes, fraction: Math.min(1, (watermark - ctx.from) / span) });
  }
}

export const lokiConnector: Connector = {
  type: 'loki',
  validate(source) {
    lokiOptionsOf(source);
    const metric = source.queries.find((query) => !query.trim().startsWith('{'));
    if (metric !== undefined) {
      throw new AppError(
        'invalid_args',
        `The Loki query '${metric}' is not a log query; it must start with a stream selector such as {job="api"}.`,
      );
    }
  },
  tasks: (source) => source.queries.map((query) => ({ key: query, label: query })),
  pull,
};
