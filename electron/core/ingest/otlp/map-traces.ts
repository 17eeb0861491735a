import type { SpanKind, SpanRow, SpanStatus } from '../../db/writers/spans';
import type { Rejections } from './rejections';
import type { EnumJson, TracesRequest } from './schema';
import { OTLP_SOURCE } from './types';
import {
  mergedAttributes,
  nanosToMicros,
  plainAttributes,
  resourceContext,
  validId,
  type Attributes,
} from './values';

const kindByNumber: readonly SpanKind[] = [
  'internal',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
];
const kindByName: Readonly<Record<string, SpanKind>> = {
  SPAN_KIND_SERVER: 'server',
  SPAN_KIND_CLIENT: 'client',
  SPAN_KIND_PRODUCER: 'producer',
  SPAN_KIND_CONSUMER: 'consumer',
};

const statusByNumber: readonly SpanStatus[] = ['unset', 'ok', 'error'];
const statusByName: Readonly<Record<string, SpanStatus>> = {
  STATUS_CODE_OK: 'ok',
  STATUS_CODE_ERROR: 'error',
};

/** UNSPECIFIED reads as INTERNAL, as the specification allows. */
function spanKind(value: EnumJson | null | undefined): SpanKind {
  if (typeof value === 'number') return kindByNumber[value] ?? 'internal';
  return (value ? kindByName[value] : undefined) ?? 'internal';
}

function spanStatus(value: EnumJson | null | undefined): SpanStatus {
  if (typeof value === 'number') return statusByNumber[value] ?? 'unset';
  return (value ? statusByName[value] : undefined) ?? 'unset';
}

type SpanJson = NonNullable<
  NonNullable<NonNullable<TracesRequest['resourceSpans']>[number]['scopeSpans']>[number]['spans']
>[number];

/** What a span takes from the resource and scope around it. */
export interface SpanContext {
  service: string;
  /** Attributes every span of the context carries; the span's own win on a clash. */
  attrs: Attributes;
  source: string;
}

/**
 * One span as a row, or why it is refused: ids as lowercase hex, times floored to microseconds (the duration
 * is end minus start in those microseconds, so start + duration is the end exactly), events as
 * `[{ name, ts, attrs }]`.
 */
export function spanRow(span: SpanJson, context: SpanContext): SpanRow | string {
  const traceId = validId(span.traceId, 16);
  const spanId = validId(span.spanId, 8);
  const startTs = nanosToMicros(span.startTimeUnixNano);
  const endTs = nanosToMicros(span.endTimeUnixNano);
  if (!traceId) return 'traceId must be 16 bytes and not all zero';
  if (!spanId) return 'spanId must be 8 bytes and not all zero';
  if (startTs === 0) return 'startTimeUnixNano is missing';
  if (endTs === 0) return 'endTimeUnixNano is missing';
  const events = (span.events ?? []).map((event) => ({
    name: event.name ?? '',
    ts: nanosToMicros(event.timeUnixNano),
    attrs: plainAttributes(event.attributes),
  }));
  return {
    traceId,
    spanId,
    parentSpanId: validId(span.parentSpanId, 8),
    source: context.source,
    service: context.service,
    name: span.name ?? '',
    kind: spanKind(span.kind),
    startTs,
    durationUs: Math.max(0, endTs - startTs),
    status: spanStatus(span.status?.code),
    statusMessage: span.status?.message || null,
    attrs: JSON.stringify({ ...context.attrs, ...plainAttributes(span.attributes) }),
    events: events.length > 0 ? JSON.stringify(events) : null,
  };
}

export interface MappedSpans {
  received: number;
  rows: SpanRow[];
}

/** Spans to rows: the service from the resource's `service.name`, resource, scope and span attributes merged. */
export function mapTraces(request: TracesRequest, rejections: Rejections): MappedSpans {
  const rows: SpanRow[] = [];
  let received = 0;
  (request.resourceSpans ?? []).forEach((resourceSpans, r) => {
    const resource = resourceContext(resourceSpans.resource);
    (resourceSpans.scopeSpans ?? []).forEach((scopeSpans, s) => {
      const attrs = mergedAttributes(resource, scopeSpans.scope, {});
      const context = { service: resource.service, attrs, source: OTLP_SOURCE };
      (scopeSpans.spans ?? []).forEach((span, i) => {
        received++;
        const row = spanRow(span, context);
        if (typeof row === 'string')
          rejections.reject(`resourceSpans[${r}].scopeSpans[${s}].spans[${i}]`, row);
        else rows.push(row);
      });
    });
  });
  return { received, rows };
}
