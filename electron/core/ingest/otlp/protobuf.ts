import protobuf from 'protobufjs';
import { AppError, errorMessage } from '../../errors';
import { otlpProtoFiles } from './proto-schema';
import type { LogsRequest, MetricsRequest, OtlpRequest, TracesRequest } from './schema';
import type { OtlpSignal } from './types';

const root = new protobuf.Root();
for (const file of otlpProtoFiles) protobuf.parse(file.text, root, { keepCase: false });
root.resolveAll();

const collector = 'opentelemetry.proto.collector';

export const requestTypes: Readonly<Record<OtlpSignal, protobuf.Type>> = {
  traces: root.lookupType(`${collector}.trace.v1.ExportTraceServiceRequest`),
  logs: root.lookupType(`${collector}.logs.v1.ExportLogsServiceRequest`),
  metrics: root.lookupType(`${collector}.metrics.v1.ExportMetricsServiceRequest`),
};

export const responseTypes: Readonly<Record<OtlpSignal, protobuf.Type>> = {
  traces: root.lookupType(`${collector}.trace.v1.ExportTraceServiceResponse`),
  logs: root.lookupType(`${collector}.logs.v1.ExportLogsServiceResponse`),
  metrics: root.lookupType(`${collector}.metrics.v1.ExportMetricsServiceResponse`),
};

export const statusType = root.lookupType('google.rpc.Status');

type Fields = Record<string, unknown>;

function records(value: unknown): Fields[] {
  return Array.isArray(value)
    ? value.filter((item): item is Fields => typeof item === 'object' && item !== null)
    : [];
}

/**
 * Where the trace and span ids sit: the one place OTLP/JSON departs from protobuf's JSON mapping (hex, not
 * base64).
 */
const idLocations: Readonly<Record<OtlpSignal, { levels: readonly string[]; ids: readonly string[] }>> = {
  traces: { levels: ['resourceSpans', 'scopeSpans', 'spans'], ids: ['traceId', 'spanId', 'parentSpanId'] },
  logs: { levels: ['resourceLogs', 'scopeLogs', 'logRecords'], ids: ['traceId', 'spanId'] },
  metrics: { levels: [], ids: [] },
};

function idsToHex(signal: OtlpSignal, request: Fields): void {
  const { levels, ids } = idLocations[signal];
  if (levels.length === 0) return;
  let items: Fields[] = [request];
  for (const level of levels) items = items.flatMap((item) => records(item[level]));
  for (const item of items) {
    for (const id of ids) {
      const value = item[id];
      if (typeof value === 'string') item[id] = Buffer.from(value, 'base64').toString('hex');
    }
  }
}

/** The decoded form already has the OTLP/JSON shape; the .proto schema has checked every field's type. */
function tagged(signal: OtlpSignal, body: Fields): OtlpRequest {
  switch (signal) {
    case 'traces':
      return { signal, body: body as TracesRequest };
    case 'logs':
      return { signal, body: body as LogsRequest };
    case 'metrics':
      return { signal, body: body as MetricsRequest };
  }
}

/**
 * Decodes a protobuf export request into its OTLP/JSON form (64-bit integers as decimal strings, ids as hex,
 * enums as numbers, NaN and the infinities as strings), so both encodings share one mapping. Decoding against
 * the .proto schema is the validation here: what decodes has exactly the types the JSON schema checks for.
 */
export function decodeOtlpProtobuf(signal: OtlpSignal, body: Uint8Array): OtlpRequest {
  const type = requestTypes[signal];
  let request: Fields;
  try {
    request = type.toObject(type.decode(body), { longs: String, bytes: String, json: true });
  } catch (error) {
    throw new AppError(
      'invalid_args',
      `The body is not a protobuf ${type.name} (${errorMessage(error)}); send OTLP protobuf or use Content-Type: application/json.`,
    );
  }
  idsToHex(signal, request);
  return tagged(signal, request);
}
