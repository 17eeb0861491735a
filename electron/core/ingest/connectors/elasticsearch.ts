import { z } from 'zod';
import { describeIssues } from '../../../../shared/contract';
import { normaliseLevel, type LogRow } from '../../db/writers/logs';
import { AppError } from '../../errors';
import { PermanentHttpError, type Refusal, type RequestInput } from '../http';
import type { Connector, PullContext, ResolvedSource } from '../types';

const field = z.string().trim().min(1);
const esOptions = z.object({
  flavor: z.enum(['elasticsearch', 'opensearch']).default('elasticsearch'),
  size: z.coerce.number().int().min(1).max(10_000).default(1000),
  timestamp_field: field.default('@timestamp'),
  message_field: field.default('message'),
  level_field: field.default('log.level'),
  service_field: field.default('service.name'),
  trace_field: field.default('trace.id'),
  // OpenSearch before 3.3 has no _shard_doc; _id is unique too, only dearer to sort on.
  tiebreaker: field.optional(),
});
type EsOptions = z.infer<typeof esOptions>;

const esError = z.object({
  error: z.union([
    z.string(),
    z.looseObject({
      type: z.string().optional(),
      reason: z.string().nullish(),
      caused_by: z.looseObject({ type: z.string().optional(), reason: z.string().nullish() }).optional(),
      root_cause: z
        .array(z.looseObject({ type: z.string().optional(), reason: z.string().nullish() }))
        .optional(),
    }),
  ]),
});

const pitAnswer = z.object({ id: z.string().optional(), pit_id: z.string().optional() });
const hit = z.object({
  _index: z.string(),
  _id: z.string(),
  _source: z.record(z.string(), z.unknown()).default({}),
  sort: z.array(z.union([z.number(), z.string(), z.null()])),
});
type Hit = z.infer<typeof hit>;
const searchAnswer = z.object({
  pit_id: z.string().optional(),
  timed_out: z.boolean().optional(),
  _shards: z
    .object({
      failed: z.number().default(0),
      failures: z.array(z.looseObject({ reason: z.unknown() })).optional(),
    })
    .optional(),
  hits: z.object({ hits: z.array(hit) }),
});

function optionsOf(source: ResolvedSource): EsOptions {
  const parsed = esOptions.safeParse(source.options);
  if (!parsed.success) {
    const issue = describeIssues(parsed.error)[0];
    throw new AppError(
      'invalid_args',
      `The source '${source.name}' option ${issue?.path}: ${issue?.message}.`,
    );
  }
  return parsed.data;
}

/** A query is an index pattern, then optionally a Lucene query string: `logs-* level:error AND service:api`. */
function parseQuery(query: string): { index: string; text: string } {
  const match = /^\s*(\S+)\s*([\s\S]*?)\s*$/.exec(query);
  if (!match?.[1]) {
    throw new AppError('invalid_args', `The query '${query}' does not start with an index pattern.`);
  }
  return { index: match[1], text: match[2] ?? '' };
}

/** The error payload Elasticsearch and OpenSearch answer a refusal with: its type, reason and root cause. */
function esRefusal(payload: unknown): Refusal | null {
  const parsed = esError.safeParse(payload);
  if (!parsed.success) return null;
  const { error } = parsed.data;
  if (typeof error === 'string') return { words: error };
  const parts = [`${error.type ?? 'error'}: ${error.reason ?? ''}`];
  const root = error.root_cause?.[0];
  if (root?.reason && root.reason !== error.reason) {
    parts.push(`root cause ${root.type ?? 'error'}: ${root.reason}`);
  }
  if (error.caused_by?.reason) {
    parts.push(`caused by ${error.caused_by.type ?? 'error'}: ${error.caused_by.reason}`);
  }
  return { words: parts.join('; ') };
}

function call<T extends z.ZodType>(ctx: PullContext, flavor: string, input: RequestInput, schema: T) {
  return ctx.http.json(
    {
      ...input,
      headers: { 'content-type': 'application/json' },
      signal: ctx.signal,
      backend: flavor,
      refusal: esRefusal,
    },
    schema,
  );
}

/** Reads a dotted path through nested objects, literal dotted keys (`"log.level"`), or a mix of both. */
function lookupPath(value: unknown, parts: readonly string[]): unknown {
  if (parts.length === 0) return value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  for (let take = parts.length; take >= 1; take--) {
    const key = parts.slice(0, take).join('.');
    if (!Object.hasOwn(record, key)) continue;
    const found = lookupPath(record[key], parts.slice(take));
    if (found !== undefined) return found;
  }
  return undefined;
}

const isoTime = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:?\d{2})?$/i;

/** ISO strings keep their sub-millisecond digits (Date.parse would drop them); numbers are epoch millis. */
function esTimeToMicros(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.round(value * 1000) : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const iso = isoTime.exec(text);
  if (iso) {
    const zone = (iso[4] ?? 'Z').toUpperCase().replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
    const ms = Date.parse(`${iso[1]}T${iso[2]}${zone}`);
    const fraction = (iso[3] ?? '').padEnd(6, '0').slice(0, 6);
    return Number.isNaN(ms) ? null : ms * 1000 + Number(fraction);
  }
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms * 1000;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function rowOf(hitValue: Hit, options: EsOptions, source: string): LogRow {
  const doc = hitValue._source;
  const get = (path: string) => lookupPath(doc, path.split('.'));
  const ts = esTimeToMicros(get(options.timestamp_field)) ?? esTimeToMicros(hitValue.sort[0]);
  if (ts === null) {
    throw new PermanentHttpError(
      `document ${hitValue._index}/${hitValue._id} has no readable ${options.timestamp_field} (${JSON.stringify(get(options.timestamp_field))})`,
    );
  }
  const rawMessage = get(options.message_field);
  const { [options.message_field]: _message, ...rest } = doc;
  const level = text(get(options.level_field));
  const trace = text(get(options.trace_field));
  return {
    source,
    stream: hitValue._index,
    ts,
    service: text(get(options.service_field)) ?? '',
    level: level ? normaliseLevel(level) : 'info',
    message: typeof rawMessage === 'string' ? rawMessage : JSON.stringify(rawMessage ?? doc),
    // The document id keeps two identical lines logged in the same millisecond apart in the natural key.
    attrs: { _id: hitValue._id, ...(rawMessage === undefined ? {} : rest) },
    traceId: trace && /^[0-9a-f]{16,32}$/i.test(trace) ? trace.toLowerCase().padStart(32, '0') : null,
  };
}

function shardFailure(answer: z.infer<typeof searchAnswer>): string | null {
  if (answer.timed_out) return 'the search timed out on the server, so the page may be incomplete';
  if (!answer._shards || answer._shards.failed === 0) return null;
  const reason = answer._shards.failures?.[0]?.reason;
  return `${answer._shards.failed} shard(s) failed, so the page is incomplete (${JSON.stringify(reason ?? null)})`;
}

/**
 * Opens a point in time over the index pattern and pages it with `search_after` on (timestamp, tiebreaker),
 * so documents indexed meanwhile neither shift nor repeat pages; the point in time is closed at the end.
 */
async function pull(ctx: PullContext): Promise<void> {
  const options = optionsOf(ctx.source);
  const { index, text: queryText } = parseQuery(ctx.task.key);
  const opensearch = options.flavor === 'opensearch';
  const base = ctx.source.url.replace(/\/+$/, '');
  const openPath = opensearch ? '_search/point_in_time' : '_pit';
  const flavor = opensearch ? 'OpenSearch' : 'Elasticsearch';
  const opened = await call(
    ctx,
    flavor,
    { url: `${base}/${encodeURIComponent(index)}/${openPath}?keep_alive=1m`, method: 'POST' },
    pitAnswer,
  );
  const openedId = opensearch ? opened.data.pit_id : opened.data.id;
  if (!openedId) {
    throw new PermanentHttpError(`the point-in-time answer has no ${opensearch ? 'pit_id' : 'id'}`);
  }
  let pit: string = openedId;
  const tiebreaker = options.tiebreaker ?? (opensearch ? '_id' : '_shard_doc');
  const filter: unknown[] = [
    {
      range: {
        [options.timestamp_field]: {
          gte: Math.floor(ctx.from / 1000),
          lt: Math.ceil(ctx.to / 1000),
          format: 'epoch_millis',
        },
      },
    },
  ];
  if (queryText) filter.push({ query_string: { query: queryText } });
  const span = Math.max(1, ctx.to - ctx.from);
  try {
    let searchAfter: Hit['sort'] | undefined;
    for (;;) {
      const body = {
        size: options.size,
        pit: { id: pit, keep_alive: '1m' },
        track_total_hits: false,
        query: { bool: { filter } },
        sort: [{ [options.timestamp_field]: { order: 'asc' } }, { [tiebreaker]: { order: 'asc' } }],
        ...(searchAfter ? { search_after: searchAfter } : {}),
      };
      const { data, bytes } = await call(
        ctx,
        flavor,
        { url: `${base}/_search`, method: 'POST', body: JSON.stringify(body) },
        searchAnswer,
      );
      pit = data.pit_id ?? pit;
      const failure = shardFailure(data);
      if (failure) throw new PermanentHttpError(failure);
      const hits = data.hits.hits;
      const rows = hits.map((h) => rowOf(h, options, ctx.source.name));
      const inserted = ctx.sink.logs.write(rows);
      const last = hits.at(-1);
      const lastRow = rows.at(-1);
      if (!last || !lastRow || hits.length < options.size) {
        ctx.checkpoint({ watermark: ctx.to, rows: inserted, bytes, fraction: 1 });
        return;
      }
      searchAfter = last.sort;
      const watermark = Math.min(ctx.to, Math.max(ctx.from, lastRow.ts));
      ctx.checkpoint({ watermark, rows: inserted, bytes, fraction: (watermark - ctx.from) / span });
    }
  } finally {
    await closePit(ctx, base, pit, opensearch);
  }
}

/**
 * Best effort and bounded: an unclosed point in time expires after its keep-alive, and a failed close must not
 * replace the pull's own outcome nor hold up a cancelled sync.
 */
async function closePit(ctx: PullContext, base: string, pit: string, opensearch: boolean): Promise<void> {
  const input: RequestInput = opensearch
    ? { url: `${base}/_search/point_in_time`, body: JSON.stringify({ pit_id: [pit] }) }
    : { url: `${base}/_pit`, body: JSON.stringify({ id: pit }) };
  await ctx.http
    .request({
      ...input,
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      signal: AbortSignal.timeout(5_000),
    })
    .catch(() => undefined);
}

export const elasticsearchConnector: Connector = {
  type: 'elasticsearch',
  validate(source) {
    optionsOf(source);
    for (const query of source.queries) parseQuery(query);
  },
  tasks: (source) => source.queries.map((query) => ({ key: query, label: query })),
  pull,
};
