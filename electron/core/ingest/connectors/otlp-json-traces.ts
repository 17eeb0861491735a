import { z } from 'zod';
import { describeIssues } from '../../../../shared/contract';
import type { SpanKind, SpanRow, SpanStatus } from '../../db/writers/spans';

/** OTLP JSON `AnyValue`: one of the typed fields, arrays and maps nesting further values. */
interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number | string;
  bytesValue?: string;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
}

interface KeyValue {
  key: string;
  value?: AnyValue;
}

const anyValue: z.ZodType<AnyValue> = z.lazy(() =>
  z.object({
    stringValue: z.string().optional(),
    boolValue: z.boolean().optional(),
    intValue: z.union([z.string(), z.number()]).optional(),
    doubleValue: z.union([z.number(), z.string()]).optional(),
    bytesValue: z.string().optional(),
    arrayValue: z.object({ values: z.array(anyValue).optional() }).optional(),
    kvlistValue: z.object({ values: z.array(keyValue).optional() }).optional(),
  }),
);
const keyValue: z.ZodType<KeyValue> = z.lazy(() => z.object({ key: z.string(), value: anyValue.optional() }));
const attributes = z.array(keyValue).default([]);

// Protobuf-JSON writes 64-bit integers as strings; some encoders write plain numbers.
const unixNano = z.union([
  z.string().regex(/^\d+$/, 'expected nanoseconds as digits'),
  z.number().nonnegative(),
]);
const enumValue = z.union([z.string(), z.number().int()]).optional();

const span = z.object({
  traceId: z.string().min(1),
  spanId: z.string().min(1),
  parentSpanId: z.string().optional(),
  name: z.string().default(''),
  kind: enumValue,
  startTimeUnixNano: unixNano,
  endTimeUnixNano: unixNano,
  attributes,
  events: z
    .array(z.object({ timeUnixNano: unixNano.optional(), name: z.string().default(''), attributes }))
    .default([]),
  status: z.object({ code: enumValue, message: z.string().optional() }).optional(),
});

const scopeSpans = z.object({ spans: z.array(span).default([]) });

const resourceSpans = z.object({
  resource: z.object({ attributes }).optional(),
  scopeSpans: z.array(scopeSpans).optional(),
  instrumentationLibrarySpans: z.array(scopeSpans).optional(),
});

/** Tempo answers `batches` (v1 trace-by-id); the OTLP exporters' own JSON says `resourceSpans`. */
const otlpTracePayload = z.object({
  batches: z.array(resourceSpans).optional(),
  resourceSpans: z.array(resourceSpans).optional(),
});

const hexOnly = /^[0-9a-f]*$/i;

/**
 * OTLP JSON ids are hex by the specification, but Tempo (gogo jsonpb) writes them base64: the length tells
 * them apart, since 16 bytes are 32 hex digits but 24 base64 characters.
 */
function otlpIdToHex(id: string, bytes: 8 | 16): string {
  if (id.length === bytes * 2 && hexOnly.test(id)) return id.toLowerCase();
  const decoded = Buffer.from(id, 'base64');
  if (decoded.length !== bytes) {
    throw new Error(`'${id}' is neither ${bytes * 2} hex digits nor ${bytes} bytes in base64`);
  }
  return decoded.toString('hex');
}

function nanosToMicros(value: string | number): number {
  return typeof value === 'string' ? Number(BigInt(value) / 1000n) : Math.floor(value / 1000);
}

function plainValue(value: AnyValue | undefined): unknown {
  if (!value) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) {
    const n = Number(value.intValue);
    return Number.isSafeInteger(n) ? n : String(value.intValue);
  }
  if (value.doubleValue !== undefined) return Number(value.doubleValue);
  if (value.bytesValue !== undefined) return value.bytesValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(plainValue);
  if (value.kvlistValue) return plainAttributes(value.kvlistValue.values ?? []);
  return null;
}

function plainAttributes(list: readonly KeyValue[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of list) out[key] = plainValue(value);
  return out;
}

const kindsByNumber: readonly SpanKind[] = [
  'internal',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
];

function spanKind(kind: string | number | undefined): SpanKind {
  if (typeof kind === 'number') return kindsByNumber[kind] ?? 'internal';
  const name = (kind ?? '').replace(/^SPAN_KIND_/, '').toLowerCase();
  return (kindsByNumber as readonly string[]).includes(name) ? (name as SpanKind) : 'internal';
}

function spanStatus(code: string | number | undefined): SpanStatus {
  if (code === 2 || code === 'STATUS_CODE_ERROR') return 'error';
  if (code === 1 || code === 'STATUS_CODE_OK') return 'ok';
  return 'unset';
}

/**
 * Turns one OTLP JSON trace payload (as Tempo's `/api/traces/<id>` answers it) into span rows; a payload of
 * the wrong shape fails naming the field.
 */
export function spansFromOtlpJson(payload: unknown, source: string): SpanRow[] {
  const parsed = otlpTracePayload.safeParse(payload);
  if (!parsed.success) {
    const issue = describeIssues(parsed.error)[0];
    throw new Error(`the trace is not OTLP JSON (${issue?.path}: ${issue?.message})`);
  }
  const rows: SpanRow[] = [];
  for (const batch of [...(parsed.data.batches ?? []), ...(parsed.data.resourceSpans ?? [])]) {
    const resource = plainAttributes(batch.resource?.attributes ?? []);
    const service =
      typeof resource['service.name'] === 'string' ? resource['service.name'] : 'unknown_service';
    delete resource['service.name'];
    for (const scope of [...(batch.scopeSpans ?? []), ...(batch.instrumentationLibrarySpans ?? [])]) {
      for (const s of scope.spans) {
        const startTs = nanosToMicros(s.startTimeUnixNano);
        rows.push({
          traceId: otlpIdToHex(s.traceId, 16),
          spanId: otlpIdToHex(s.spanId, 8),
          parentSpanId: s.parentSpanId ? otlpIdToHex(s.parentSpanId, 8) : null,
          source,
          service,
          name: s.name,
          kind: spanKind(s.kind),
          startTs,
          durationUs: nanosToMicros(s.endTimeUnixNano) - startTs,
          status: spanStatus(s.status?.code),
          statusMessage: s.status?.message || null,
          attrs: { ...resource, ...plainAttributes(s.attributes) },
          events: s.events.length
            ? s.events.map((e) => ({
                name: e.name,
                ts: e.timeUnixNano === undefined ? startTs : nanosToMicros(e.timeUnixNano),
                attrs: plainAttributes(e.attributes),
              }))
            : null,
        });
      }
    }
  }
  return rows;
}
