import { z } from 'zod';
import { spanKinds, type SpanKind, type SpanRow } from '../../db/writers/spans';

const hexId = z.string().regex(/^[0-9a-f]{1,32}$/i, 'expected a hex id');
const tag = z.object({ key: z.string(), value: z.unknown() });
type Tag = z.infer<typeof tag>;
const tags = z
  .array(tag)
  .nullish()
  .transform((list) => list ?? []);

const jaegerProcess = z.object({ serviceName: z.string(), tags });

/** A trace of Jaeger's JSON export (`{"data": [trace, ...]}`); its spans are checked one by one. */
export const jaegerTraceShell = z.object({
  spans: z.array(z.unknown()),
  processes: z
    .record(z.string(), jaegerProcess)
    .nullish()
    .transform((p) => p ?? {}),
});
export type JaegerTraceShell = z.infer<typeof jaegerTraceShell>;

export const jaegerSpan = z.object({
  traceID: hexId,
  spanID: hexId,
  operationName: z.string().default(''),
  references: z
    .array(z.object({ refType: z.string(), spanID: hexId }))
    .nullish()
    .transform((refs) => refs ?? []),
  startTime: z.number().int().nonnegative(),
  duration: z.number().nonnegative(),
  tags,
  logs: z
    .array(z.object({ timestamp: z.number().int().nonnegative(), fields: tags }))
    .nullish()
    .transform((logs) => logs ?? []),
  processID: z.string().optional(),
  process: jaegerProcess.optional(),
});
export type JaegerSpan = z.infer<typeof jaegerSpan>;

function tagMap(list: readonly Tag[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const t of list) out[t.key] = t.value;
  return out;
}

function kindOf(value: unknown): SpanKind {
  const kind = typeof value === 'string' ? value.toLowerCase() : '';
  return (spanKinds as readonly string[]).includes(kind) ? (kind as SpanKind) : 'internal';
}

const STATUS_TAGS = ['span.kind', 'error', 'otel.status_code', 'otel.status_description'];

/**
 * One Jaeger span as a row. Jaeger already keeps times in µs. The status comes from the `error` tag or
 * OpenTelemetry's status tags; the parent is the CHILD_OF reference (else the first one).
 */
export function jaegerSpanRow(
  span: JaegerSpan,
  trace: JaegerTraceShell,
  source: string,
  serviceOverride: string | null,
): SpanRow {
  const process = span.process ?? (span.processID ? trace.processes[span.processID] : undefined);
  const own = tagMap(span.tags);
  const statusCode = String(own['otel.status_code'] ?? '').toUpperCase();
  const failed = own.error === true || own.error === 'true' || statusCode === 'ERROR';
  const parent = span.references.find((r) => r.refType === 'CHILD_OF') ?? span.references[0];
  const attrs = { ...tagMap(process?.tags ?? []), ...own };
  for (const key of STATUS_TAGS) delete attrs[key];
  return {
    traceId: span.traceID.toLowerCase().padStart(32, '0'),
    spanId: span.spanID.toLowerCase().padStart(16, '0'),
    parentSpanId: parent ? parent.spanID.toLowerCase().padStart(16, '0') : null,
    source,
    service: serviceOverride ?? process?.serviceName ?? 'unknown_service',
    name: span.operationName,
    kind: kindOf(own['span.kind']),
    startTs: span.startTime,
    durationUs: span.duration,
    status: failed ? 'error' : statusCode === 'OK' ? 'ok' : 'unset',
    statusMessage: typeof own['otel.status_description'] === 'string' ? own['otel.status_description'] : null,
    attrs: Object.keys(attrs).length > 0 ? attrs : null,
    events:
      span.logs.length > 0
        ? span.logs.map((log) => {
            const fields = tagMap(log.fields);
            return {
              name: typeof fields.event === 'string' ? fields.event : 'log',
              ts: log.timestamp,
              attrs: fields,
            };
          })
        : null,
  };
}
