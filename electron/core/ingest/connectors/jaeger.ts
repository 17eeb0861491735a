import { z } from 'zod';
import { describeIssues } from '../../../../shared/contract';
import type { SpanRow } from '../../db/writers/spans';
import { AppError } from '../../errors';
import type { Refusal } from '../http';
import { jaegerSpanRow, jaegerTrace, type JaegerTrace } from '../jaeger-model';
import type { Connector, PullContext, ResolvedSource } from '../types';

const jaegerOptions = z.object({ limit: z.coerce.number().int().min(1).max(10_000).default(500) });

/** Below this a window is not split further, even if Jaeger still answers `limit` traces. */
const MIN_WINDOW_US = 1_000_000;

const jaegerAnswer = z.object({
  data: z
    .array(jaegerTrace)
    .nullish()
    .transform((data) => data ?? []),
});
const jaegerErrors = z.object({ errors: z.array(z.object({ msg: z.string() })).nullish() });

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

function spansOf(traces: readonly JaegerTrace[], source: string): SpanRow[] {
  return traces.flatMap((trace) => trace.spans.map((span) => jaegerSpanRow(span, trace.processes, source)));
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
