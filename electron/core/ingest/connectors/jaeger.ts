import { z } from 'zod';
import { describeIssues } from '../../../../shared/contract';
import { spanKinds, type SpanKind, type SpanRow } from '../../db/writers/spans';
import { AppError } from '../../errors';
import type { Refusal } from '../http';
import type { Connector, PullContext, ResolvedSource } from '../types';

const jaegerOptions = z.object({ limit: z.coerce.number().int().min(1).max(10_000).default(500) });

/** Below this a window is not split further, even if Jaeger still answers `limit` traces. */
const MIN_WINDOW_US = 1_000_000;

const hexId = z.string().regex(/^[0-9a-f]{1,32}$/i, 'expected a hex id');
const tag = z.object({ key: z.string(), value: z.unknown() });
const jaegerSpan = z.object({
  traceID: hexId,
  spanID: hexId,
  operationName: z.string().default(''),
  references: z
    .array(z.object({ refType: z.string(), spanID: hexId }))
    .nullish()
    .transform((refs) => refs ?? []),
  startTime: z.number().int().nonnegative(),
  duration: z.number().nonnegative(),
  tags: z
    .array(tag)
    .nullish()
    .transform((tags) => tags ?? []),
  logs: z
    .array(z.object({ timestamp: z.number().int(), fields: z.array(tag).default([]) }))
    .nullish()
    .transform((logs) => logs ?? []),
  processID: z.string().optional(),
});
const jaegerProcess = z.object({ serviceName: z.string(), tags: z.array(tag).nullish() });
const jaegerTrace = z.object({
  spans: z.array(jaegerSpan),
  processes: z.record(z.string(), jaegerProcess).default({}),
});
const jaegerAnswer = z.object({
  data: z
    .array(jaegerTrace)
    .nullish()
    .transform((data) => data ?? []),
});
const jaegerErrors = z.object({ errors: z.array(z.object({ msg: z.string() })).nullish() });
type JaegerTrace = z.infer<typeof jaegerTrace>;

function optionsOf(source: ResolvedSource): z.infer<typeof jaegerOptions> {
  const parsed = jaegerOptions.safeParse(source.options);
  if (!parsed.success) {
    const issue = describeIssues(parsed.error)[0];
    throw new AppError(
      'invalid_args',
      `The Jaeger source '${source.name}' option ${issue?.path}: ${issue?.message}.`,
    );
  }
  return parsed.data;
}

/** `service` or `service:operation`; the operation may itself contain colons (`GET /a:b`). */
function parseQuery(query: string): { service: string; operation: string | null } {
  const at = query.indexOf(':');
  const service = (at < 0 ? query : query.slice(0, at)).trim();
  const operation = at < 0 ? '' : query.slice(at + 1).trim();
  if (!service) {
    throw new AppError(
      'invalid_args',
      `The Jaeger query '${query}' names no service; write service or service:operation.`,
    );
  }
  return { service, operation: operation || null };
}

function tagMap(tags: readonly z.infer<typeof tag>[] | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const t of tags ?? []) out[t.key] = t.value;
  return out;
}

function kindOf(value: unknown): SpanKind {
  const kind = typeof value === 'string' ? value.toLowerCase() : '';
  return (spanKinds as readonly string[]).includes(kind) ? (kind as SpanKind) : 'internal';
}

function spansOf(traces: readonly JaegerTrace[], source: string): SpanRow[] {
  const rows: SpanRow[] = [];
  for (const trace of traces) {
    for (const span of trace.spans) {
      const process = span.processID ? trace.processes[span.processID] : undefined;
      const tags = tagMap(span.tags);
      const statusCode = String(tags['otel.status_code'] ?? '').toUpperCase();
      const failed = tags.error === true || tags.error === 'true' || statusCode === 'ERROR';
      const parent = span.references.find((r) => r.refType === 'CHILD_OF') ?? span.references[0];
      rows.push({
        traceId: span.traceID.toLowerCase().padStart(32, '0'),
        spanId: span.spanID.toLowerCase().padStart(16, '0'),
        parentSpanId: parent ? parent.spanID.toLowerCase().padStart(16, '0') : null,
        source,
        service: process?.serviceName ?? 'unknown_service',
        name: span.operationName,
        kind: kindOf(tags['span.kind']),
        startTs: span.startTime,
        durationUs: span.duration,
        status: failed ? 'error' : statusCode === 'OK' ? 'ok' : 'unset',
        statusMessage:
          typeof tags['otel.status_description'] === 'string' ? tags['otel.status_description'] : null,
        attrs: { ...tagMap(process?.tags), ...tags },
        events: span.logs.length
          ? span.logs.map((log) => {
              const fields = tagMap(log.fields);
              return {
                name: typeof fields.event === 'string' ? fields.event : 'log',
                ts: log.timestamp,
                attrs: fields,
              };
            })
          : null,
      });
    }
  }
  return rows;
}

/** Jaeger reports a refusal in `errors`, with a 4xx or even alongside a 200. */
function jaegerRefusal(payload: unknown): Refusal | null {
  const errors = jaegerErrors.safeParse(payload).data?.errors;
  return errors?.length ? { words: errors.map((e) => e.msg).join('; ') } : null;
}

async function search(ctx: PullContext, url: string): Promise<{ traces: JaegerTrace[]; bytes: number }> {
  const request = { url, signal: ctx.signal, backend: 'Jaeger', refusal: jaegerRefusal };
  const { data, bytes } = await ctx.http.json(request, jaegerAnswer);
  return { traces: data.data, bytes };
}

/**
 * Jaeger answers at most `limit` traces per search (the newest), so a window that comes back full is split in
 * halves and searched again, oldest half first so the watermark only moves over windows pulled whole.
 */
async function pull(ctx: PullContext): Promise<void> {
  const { limit } = optionsOf(ctx.source);
  const { service, operation } = parseQuery(ctx.task.key);
  const endpoint = `${ctx.source.url.replace(/\/+$/, '')}/api/traces`;
  const span = Math.max(1, ctx.to - ctx.from);
  const pending: [number, number][] = [[ctx.from, ctx.to]];
  let discardedBytes = 0;
  for (let window = pending.shift(); window; window = pending.shift()) {
    const [start, end] = window;
    const params = new URLSearchParams({
      service,
      start: String(start),
      end: String(end),
      limit: String(limit),
    });
    if (operation) params.set('operation', operation);
    const { traces, bytes } = await search(ctx, `${endpoint}?${params}`);
    if (traces.length >= limit && end - start > MIN_WINDOW_US) {
      const middle = start + Math.floor((end - start) / 2);
      pending.unshift([start, middle], [middle, end]);
      discardedBytes += bytes;
      continue;
    }
    const rows = ctx.sink.spans.write(spansOf(traces, ctx.source.name));
    ctx.checkpoint({
      watermark: end,
      rows,
      bytes: bytes + discardedBytes,
      fraction: (end - ctx.from) / span,
    });
    discardedBytes = 0;
  }
}

export const jaegerConnector: Connector = {
  type: 'jaeger',
  validate(source) {
    optionsOf(source);
    for (const query of source.queries) parseQuery(query);
  },
  tasks: (source) => source.queries.map((query) => ({ key: query, label: query })),
  pull,
};
