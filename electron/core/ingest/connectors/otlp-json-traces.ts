import { z } from 'zod';
import { describeIssues } from '../../../../shared/contract';
import type { SpanRow } from '../../db/writers/spans';
import { spanRow } from '../otlp/map-traces';
import { tracesRequestSchema } from '../otlp/schema';
import { resourceContext } from '../otlp/values';

/** Only the ids are read here; every other field is left for the OTLP receiver's schema to check. */
const tempoSpan = z.looseObject({
  traceId: z.string().min(1),
  spanId: z.string().min(1),
  parentSpanId: z.string().optional(),
});
const tempoScopeSpans = z.looseObject({ spans: z.array(tempoSpan).default([]) });
const tempoResourceSpans = z.looseObject({
  scopeSpans: z.array(tempoScopeSpans).optional(),
  instrumentationLibrarySpans: z.array(tempoScopeSpans).optional(),
});

/** Tempo answers `batches` (v1 trace-by-id); the OTLP exporters' own JSON says `resourceSpans`. */
const tempoTracePayload = z.object({
  batches: z.array(tempoResourceSpans).optional(),
  resourceSpans: z.array(tempoResourceSpans).optional(),
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

function fail(error: z.ZodError): never {
  const issue = describeIssues(error)[0];
  throw new Error(`the trace is not OTLP JSON (${issue?.path}: ${issue?.message})`);
}

/** Tempo's payload as an OTLP export request: one list of resources, scopes under their current name, hex ids. */
function asTracesRequest(payload: unknown): unknown {
  const parsed = tempoTracePayload.safeParse(payload);
  if (!parsed.success) fail(parsed.error);
  const { batches = [], resourceSpans = [] } = parsed.data;
  return {
    resourceSpans: [...batches, ...resourceSpans].map(
      ({ scopeSpans = [], instrumentationLibrarySpans = [], ...resource }) => ({
        ...resource,
        scopeSpans: [...scopeSpans, ...instrumentationLibrarySpans].map((scope) => ({
          spans: scope.spans.map((span) => ({
            ...span,
            traceId: otlpIdToHex(span.traceId, 16),
            spanId: otlpIdToHex(span.spanId, 8),
            parentSpanId: span.parentSpanId ? otlpIdToHex(span.parentSpanId, 8) : null,
          })),
        })),
      }),
    ),
  };
}

/**
 * Turns one OTLP JSON trace payload (as Tempo's `/api/traces/<id>` answers it) into span rows with the OTLP
 * receiver's mapping; unlike the receiver it keeps neither `service.name` (the row's service already) nor the
 * scope in `attrs`. A payload of the wrong shape, or a span the receiver would refuse, fails naming it.
 */
export function spansFromOtlpJson(payload: unknown, source: string): SpanRow[] {
  const parsed = tracesRequestSchema.safeParse(asTracesRequest(payload));
  if (!parsed.success) fail(parsed.error);
  const rows: SpanRow[] = [];
  for (const batch of parsed.data.resourceSpans ?? []) {
    const { service, attrs } = resourceContext(batch.resource);
    delete attrs['service.name'];
    for (const scope of batch.scopeSpans ?? []) {
      for (const span of scope.spans ?? []) {
        const row = spanRow(span, { service, attrs, source });
        if (typeof row === 'string') throw new Error(`span ${span.spanId ?? ''}: ${row}`);
        rows.push(row);
      }
    }
  }
  return rows;
}
