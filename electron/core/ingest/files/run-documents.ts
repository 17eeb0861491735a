import type { z } from 'zod';
import { createSpanWriter, type SpanRow } from '../../db/writers/spans';
import { errorMessage } from '../../errors';
import { JsonElementSplitter, type JsonElement } from './json-elements';
import { jaegerSpan, jaegerSpanRow, jaegerTraceShell } from './jaeger';
import { ingestOtlpFileElement, OTLP_ARRAY_KEYS } from './otlp';
import type { RunContext } from './run-context';

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(the value)'}: ${issue.message}` : 'invalid';
}

/** Feeds the file through a splitter; elements are handled as they complete, so memory stays per element. */
async function splitDocuments(
  ctx: RunContext,
  keys: ReadonlySet<string>,
  what: string,
  onElement: (element: JsonElement) => void,
): Promise<void> {
  const splitter = new JsonElementSplitter(keys, onElement);
  for await (const chunk of ctx.text.chunks()) splitter.push(chunk);
  ctx.tally.lines = splitter.lines;
  if (splitter.unfinished)
    ctx.tally.reject(splitter.lines, `the file ends inside a JSON document (truncated?)`);
  if (splitter.documents === 0) ctx.tally.reject(1, `no JSON document holding ${what}`);
}

function parseElement(ctx: RunContext, element: JsonElement): unknown {
  try {
    return JSON.parse(element.text);
  } catch (error) {
    ctx.tally.reject(element.line, `invalid JSON (${errorMessage(error)})`);
    return undefined;
  }
}

/** Jaeger's JSON export: each trace of `data` validated and converted, spans written in batches. */
export async function runJaegerJson(ctx: RunContext): Promise<void> {
  const { tally } = ctx;
  const writer = createSpanWriter(ctx.db);
  let spans: SpanRow[] = [];
  const flush = () => {
    if (spans.length === 0) return;
    const batch = spans;
    spans = [];
    tally.committed(batch.length, writer.write(batch));
  };
  await splitDocuments(ctx, new Set(['data']), 'a "data" array of traces', (element) => {
    const value = parseElement(ctx, element);
    if (value === undefined) return;
    const trace = jaegerTraceShell.safeParse(value);
    if (!trace.success) {
      tally.reject(element.line, `a trace that is not in Jaeger's format (${firstIssue(trace.error)})`);
      return;
    }
    trace.data.spans.forEach((candidate, index) => {
      const span = jaegerSpan.safeParse(candidate);
      if (!span.success) {
        tally.reject(element.line, `spans[${index}] of the trace here: ${firstIssue(span.error)}`);
        return;
      }
      spans.push(jaegerSpanRow(span.data, trace.data, ctx.source, ctx.serviceOverride));
      if (spans.length >= ctx.batchSize) flush();
    });
  });
  flush();
}

/** OTLP/JSON export requests, one per file or one per line, handed to the OTLP ingest block by block. */
export async function runOtlpJson(ctx: RunContext): Promise<void> {
  await splitDocuments(ctx, OTLP_ARRAY_KEYS, 'resourceSpans, resourceLogs or resourceMetrics', (element) => {
    const value = parseElement(ctx, element);
    if (value !== undefined) ingestOtlpFileElement(ctx, element, value);
  });
}
