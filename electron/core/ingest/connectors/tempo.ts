import { z } from 'zod';
import { describeIssues } from '../../../../shared/contract';
import type { SpanRow } from '../../db/writers/spans';
import { AppError, errorMessage } from '../../errors';
import { PermanentHttpError } from '../http';
import type { Connector, PullContext, ResolvedSource, Sink } from '../types';
import { spansFromOtlpJson } from './otlp-json-traces';

const tempoOptions = z.object({ limit: z.coerce.number().int().min(1).max(100_000).default(500) });

/** Tempo searches in whole seconds; below this a full window is not split further. */
const MIN_WINDOW_US = 1_000_000;
/** How many fetched traces are remembered per source before the oldest are forgotten. */
const REMEMBERED_TRACES = 100_000;

const searchAnswer = z.object({
  traces: z
    .array(
      z.object({
        traceID: z.string().regex(/^[0-9a-f]{1,32}$/i, 'expected a hex trace id'),
        startTimeUnixNano: z.string().optional(),
        durationMs: z.number().optional(),
      }),
    )
    .nullish()
    .transform((traces) => traces ?? []),
});
type FoundTrace = z.infer<typeof searchAnswer>['traces'][number];

/**
 * What each workspace (one sink each) already fetched: id → the trace's extent when fetched. The connector
 * sees no database; a window overlapping the last one lists stored traces again, and an unchanged extent
 * means there is nothing new to fetch, while a trace that grew since is fetched again.
 */
const fetched = new WeakMap<Sink, Map<string, Map<string, string>>>();

function memoryFor(sink: Sink, source: string): Map<string, string> {
  let bySource = fetched.get(sink);
  if (!bySource) fetched.set(sink, (bySource = new Map()));
  let traces = bySource.get(source);
  if (!traces) bySource.set(source, (traces = new Map()));
  return traces;
}

function remember(memory: Map<string, string>, id: string, extent: string): void {
  memory.delete(id);
  memory.set(id, extent);
  if (memory.size > REMEMBERED_TRACES) {
    const oldest = memory.keys().next().value;
    if (oldest !== undefined) memory.delete(oldest);
  }
}

function optionsOf(source: ResolvedSource): z.infer<typeof tempoOptions> {
  const parsed = tempoOptions.safeParse(source.options);
  if (!parsed.success) {
    const issue = describeIssues(parsed.error)[0];
    throw new AppError(
      'invalid_args',
      `The Tempo source '${source.name}' option ${issue?.path}: ${issue?.message}.`,
    );
  }
  return parsed.data;
}

async function searchWindow(ctx: PullContext, base: string, start: number, end: number, limit: number) {
  const first = Math.floor(start / 1_000_000);
  const params = new URLSearchParams({
    start: String(first),
    end: String(Math.max(first + 1, Math.ceil(end / 1_000_000))),
    limit: String(limit),
  });
  const query = ctx.task.key.trim();
  // TraceQL starts with a span selector; anything else is the older logfmt tag search.
  params.set(query.startsWith('{') ? 'q' : 'tags', query);
  return ctx.http.json(
    { url: `${base}/api/search?${params}`, signal: ctx.signal, backend: 'Tempo' },
    searchAnswer,
  );
}

/** Fetches one trace's spans and writes them; a trace gone since the search (404) is skipped. */
async function fetchTrace(
  ctx: PullContext,
  base: string,
  id: string,
): Promise<{ found: boolean; rows: number; bytes: number }> {
  const url = `${base}/api/traces/${id}`;
  const answer = await ctx.http.json(
    { url, signal: ctx.signal, backend: 'Tempo', accept: [404] },
    z.unknown(),
  );
  if ('accepted' in answer) return { found: false, rows: 0, bytes: answer.accepted.bytes };
  const { data, bytes } = answer;
  let spans: SpanRow[];
  try {
    spans = spansFromOtlpJson(data, ctx.source.name);
  } catch (error) {
    throw new PermanentHttpError(`Tempo trace ${id}: ${errorMessage(error)}`);
  }
  return { found: true, rows: ctx.sink.spans.write(spans), bytes };
}

/**
 * Searches the window (split in halves while Tempo answers a full `limit`), then fetches each trace found
 * that is not already stored; the watermark moves once a window's traces are all written.
 */
async function pull(ctx: PullContext): Promise<void> {
  const { limit } = optionsOf(ctx.source);
  const base = ctx.source.url.replace(/\/+$/, '');
  const memory = memoryFor(ctx.sink, ctx.source.name);
  const span = Math.max(1, ctx.to - ctx.from);
  const pending: [number, number][] = [[ctx.from, ctx.to]];
  for (let window = pending.shift(); window; window = pending.shift()) {
    const [start, end] = window;
    const { data, bytes } = await searchWindow(ctx, base, start, end, limit);
    if (data.traces.length >= limit && end - start > MIN_WINDOW_US) {
      const middle = start + Math.floor((end - start) / 2);
      pending.unshift([start, middle], [middle, end]);
      continue;
    }
    for (const trace of data.traces) {
      const id = trace.traceID.toLowerCase().padStart(32, '0');
      const extent = extentOf(trace);
      if (memory.get(id) === extent) continue;
      const written = await fetchTrace(ctx, base, id);
      if (written.found) remember(memory, id, extent);
      ctx.checkpoint({ watermark: null, rows: written.rows, bytes: written.bytes });
    }
    ctx.checkpoint({ watermark: end, rows: 0, bytes, fraction: (end - ctx.from) / span });
  }
}

function extentOf(trace: FoundTrace): string {
  return `${trace.startTimeUnixNano ?? ''}+${trace.durationMs ?? ''}`;
}

export const tempoConnector: Connector = {
  type: 'tempo',
  validate: (source) => void optionsOf(source),
  tasks: (source) => source.queries.map((query) => ({ key: query, label: query })),
  pull,
};
