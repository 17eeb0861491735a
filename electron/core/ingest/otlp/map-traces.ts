import type { SpanKind, SpanRow, SpanStatus } from '../../db/writers/spans';
import type { Rejections } from './rejections';
import type { EnumJson, TracesRequest } from './schema';
import { OTLP_SOURCE } from './types';
import { mergedAttributes, nanosToMicros, plainAttributes, resourceContext, validId } from './values';

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

export interface MappedSpans {
  received: number;
  rows: SpanRow[];
}

/**
 * Spans to rows: ids as lowercase hex, the service from the resource's `service.name`, times floored to
 * microseconds (the duration is end minus start in those microseconds, so start + duration is the end
 * exactly), resource, scope and span attributes merged, events as `[{ name, ts, attrs }]`.
 */
export function mapTraces(request: TracesRequest, rejections: Rejections): MappedSpans {
  const rows: SpanRow[] = [];
  let received = 0;
  (request.resourceSpans ?? []).forEach((resourceSpans, r) => {
    const resource = resourceContext(resourceSpans.resource);
    (resourceSpans.scopeSpans ?? []).forEach((scopeSpans, s) => {
      (scopeSpans.spans ?? []).forEach((span, i) => {
        received++;
        const path = `resourceSpans[${r}].scopeSpans[${s}].spans[${i}]`;
        const traceId = validId(span.traceId, 16);
        const spanId = validId(span.spanId, 8);
        const startTs = nanosToMicros(span.startTimeUnixNano);
        const endTs = nanosToMicros(span.endTimeUnixNano);
        if (!traceId) return rejections.reject(path, 'traceId must be 16 bytes and not all zero');
        if (!spanId) return rejections.reject(path, 'spanId must be 8 bytes and not all zero');
        if (startTs === 0) return rejections.reject(path, 'startTimeUnixNano is missing');
        if (endTs === 0) return rejections.reject(path, 'endTimeUnixNano is missing');
        const events = (span.events ?? []).map((event) => ({
          name: event.name ?? '',
          ts: nanosToMicros(event.timeUnixNano),
          attrs: plainAttributes(event.attributes),
        }));
        rows.push({
          traceId,
          spanId,
          parentSpanId: validId(span.parentSpanId, 8),
          source: OTLP_SOURCE,
          service: resource.service,
          name: span.name ?? '',
          kind: spanKind(span.kind),
          startTs,
          durationUs: Math.max(0, endTs - startTs),
          status: spanStatus(span.status?.code),
          statusMessage: span.status?.message || null,
          attrs: JSON.stringify(
            mergedAttributes(resource, scopeSpans.scope, plainAttributes(span.attributes)),
          ),
          events: events.length > 0 ? JSON.stringify(events) : null,
        });
      });
    });
  });
  return { received, rows };
}
