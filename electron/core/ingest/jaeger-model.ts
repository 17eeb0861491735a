import { z } from 'zod';
import { spanKinds, type SpanKind, type SpanRow } from '../db/writers/spans';

const hexId = z.string().regex(/^[0-9a-f]{1,32}$/i, 'expected a hex id');
const tag = z.object({ key: z.string(), value: z.unknown() });
type Tag = z.infer<typeof tag>;
const tags = z
  .array(tag)
  .nullish()
  .transform((list) => list ?? []);

const jaegerProcess = z.object({ serviceName: z.string(), tags });

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

const processes = z
  .record(z.string(), jaegerProcess)
  .nullish()
  .transform((p) => p ?? {});

/** A trace whose spans are left unchecked, so a file import can check them one by one. */
export const jaegerTraceShell = z.object({ spans: z.array(z.unknown()), processes });
export type JaegerTraceShell = z.infer<typeof jaegerTraceShell>;

/** A trace as Jaeger's query API answers it, every span checked. */
export const jaegerTrace = z.object({ spans: z.array(jaegerSpan), processes });
export type JaegerTrace = z.infer<typeof jaegerTrace>;

function tagMap(list: readonly Tag[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const t of list) out[t.key] = t.value;
  return out;
}

function kindOf(value: unknown): SpanKind {
  const kind = typeof value === 'string' ? value.toLowerCase() : '';
  return (spanKinds as readonly string[]).includes(kind) ? (kind as SpanKind) : 'internal';
}

/** The tags a row already carries as its kind, status and status message. */
const LIFTED_TAGS = ['span.kind', 'error', 'otel.status_code', 'otel.status_description'];

export interface JaegerRowOptions {
  /** Names the service of every span instead of its process. */
  serviceOverride?: string | null;
  /** Drops the tags lifted into columns from `attrs`; the connector keeps them, as it always stored them. */
  dropLiftedTags?: boolean;
}

/**
 * One Jaeger span as a row. Jaeger already keeps times in µs. The status comes from the `error` tag or
 * OpenTelemetry's status tags; the parent is the CHILD_OF reference (else the first one).
 */
export function jaegerSpanRow(
  span: JaegerSpan,
  processesById: JaegerTraceShell['processes'],
  source: string,
  options: JaegerRowOptions = {},
): SpanRow {
  const process = span.process ?? (span.processID ? processesById[span.processID] : undefined);
  const own = tagMap(span.tags);
  const statusCode = String(own['otel.status_code'] ?? '').toUpperCase();
  const failed = own.error === true || own.error === 'true' || statusCode === 'ERROR';
  const parent = span.references.find((r) => r.refType === 'CHILD_OF') ?? span.references[0];
  const attrs = { ...tagMap(process?.tags ?? []), ...own };
  if (options.dropLiftedTags) for (const key of LIFTED_TAGS) delete attrs[key];
  return {
    traceId: span.traceID.toLowerCase().padStart(32, '0'),
    spanId: span.spanID.toLowerCase().padStart(16, '0'),
    parentSpanId: parent ? parent.spanID.toLowerCase().padStart(16, '0') : null,
    source,
    service: options.serviceOverride ?? process?.serviceName ?? 'unknown_service',
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
