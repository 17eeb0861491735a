import type { z } from 'zod';
import type { Db } from '../../db/open';
import { createLogWriter } from '../../db/writers/logs';
import { createMetricWriter } from '../../db/writers/metrics';
import { createSpanWriter } from '../../db/writers/spans';
import { AppError } from '../../errors';
import { mapLogs } from './map-logs';
import { mapMetrics } from './map-metrics';
import { mapTraces } from './map-traces';
import { Rejections } from './rejections';
import { logsRequestSchema, metricsRequestSchema, tracesRequestSchema, type OtlpRequest } from './schema';
import type { OtlpIngestResult, OtlpSignal } from './types';

export interface OtlpIngestOptions {
  /** Microseconds now: the time of log records that carry none. */
  now?: () => number;
}

const MAX_LISTED_ISSUES = 3;

function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  return out || '(the payload)';
}

function parsePayload<S extends z.ZodType>(schema: S, signal: OtlpSignal, payload: unknown): z.output<S> {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const listed = parsed.error.issues
    .slice(0, MAX_LISTED_ISSUES)
    .map((issue) => `${issuePath(issue.path)}: ${issue.message}`)
    .join('; ');
  const more = parsed.error.issues.length - MAX_LISTED_ISSUES;
  throw new AppError(
    'invalid_args',
    `Not a valid OTLP ${signal} export request: ${listed}${more > 0 ? ` (and ${more} more problems)` : ''}.`,
  );
}

/** Which signal an OTLP/JSON document carries, by its top-level field; null when it is none of them. */
export function detectOtlpSignal(payload: unknown): OtlpSignal | null {
  if (typeof payload !== 'object' || payload === null) return null;
  if ('resourceSpans' in payload) return 'traces';
  if ('resourceLogs' in payload) return 'logs';
  if ('resourceMetrics' in payload) return 'metrics';
  return null;
}

/**
 * Checks an OTLP/JSON document against the export request of its signal; throws an `invalid_args` AppError
 * naming the field.
 */
export function validateOtlpJson(signal: OtlpSignal, payload: unknown): OtlpRequest {
  switch (signal) {
    case 'traces':
      return { signal, body: parsePayload(tracesRequestSchema, signal, payload) };
    case 'logs':
      return { signal, body: parsePayload(logsRequestSchema, signal, payload) };
    case 'metrics':
      return { signal, body: parsePayload(metricsRequestSchema, signal, payload) };
  }
}

/**
 * Writes what one export request carries into the cache in one transaction. Items that cannot be stored (a
 * span without an id, a point without a time) are counted as rejected and the rest is written.
 */
export function ingestOtlpRequest(
  db: Db,
  request: OtlpRequest,
  options: OtlpIngestOptions = {},
): OtlpIngestResult {
  const rejections = new Rejections();
  const result = (received: number, written: number): OtlpIngestResult => ({
    signal: request.signal,
    received,
    rejected: rejections.count,
    rejectionMessage: rejections.message(),
    written,
  });
  switch (request.signal) {
    case 'traces': {
      const { received, rows } = mapTraces(request.body, rejections);
      return result(received, db.transaction(() => createSpanWriter(db).write(rows))());
    }
    case 'logs': {
      const now = options.now ?? (() => Date.now() * 1000);
      const { received, rows } = mapLogs(request.body, now());
      return result(received, db.transaction(() => createLogWriter(db).write(rows))());
    }
    case 'metrics': {
      const { received, samples } = mapMetrics(request.body, rejections);
      const written = db.transaction(() => {
        const writer = createMetricWriter(db);
        return writer.writePoints(
          samples.map((sample) => ({
            seriesId: writer.seriesId(sample.series),
            ts: sample.ts,
            value: sample.value,
          })),
        );
      })();
      return result(received, written);
    }
  }
}

/**
 * Validates an OTLP/JSON export request (already parsed, from a request or a file) and writes it: a payload
 * that does not validate throws an `invalid_args` AppError naming the field and writes nothing.
 */
export function ingestOtlpJson(
  db: Db,
  signal: OtlpSignal,
  payload: unknown,
  options: OtlpIngestOptions = {},
): OtlpIngestResult {
  return ingestOtlpRequest(db, validateOtlpJson(signal, payload), options);
}
