import { responseTypes, statusType } from './protobuf';
import type { OtlpIngestResult, OtlpSignal } from './types';

export type OtlpEncoding = 'json' | 'protobuf';

export const contentTypeOf: Readonly<Record<OtlpEncoding, string>> = {
  json: 'application/json',
  protobuf: 'application/x-protobuf',
};

/** google.rpc.Code values the receiver answers with. */
export const grpcCode = {
  invalidArgument: 3,
  notFound: 5,
  permissionDenied: 7,
  resourceExhausted: 8,
  unimplemented: 12,
  internal: 13,
  unavailable: 14,
} as const;

const rejectedField: Readonly<Record<OtlpSignal, string>> = {
  traces: 'rejectedSpans',
  logs: 'rejectedLogRecords',
  metrics: 'rejectedDataPoints',
};

/**
 * The Export*ServiceResponse: empty when everything was accepted, else `partialSuccess` with the rejected
 * count and why (an int64, so a decimal string in JSON).
 */
export function exportResponse(result: OtlpIngestResult, encoding: OtlpEncoding): Buffer {
  const body =
    result.rejected > 0
      ? {
          partialSuccess: {
            [rejectedField[result.signal]]: String(result.rejected),
            errorMessage: result.rejectionMessage,
          },
        }
      : {};
  if (encoding === 'json') return Buffer.from(JSON.stringify(body));
  const type = responseTypes[result.signal];
  return Buffer.from(type.encode(type.fromObject(body)).finish());
}

/** A google.rpc.Status, the body OTLP/HTTP prescribes for every failure. */
export function statusBody(code: number, message: string, encoding: OtlpEncoding): Buffer {
  if (encoding === 'json') return Buffer.from(JSON.stringify({ code, message }));
  return Buffer.from(statusType.encode(statusType.create({ code, message })).finish());
}
