import { normaliseLevel, type LogLevel, type LogRow } from '../../db/writers/logs';
import type { EnumJson, LogsRequest } from './schema';
import { OTLP_SOURCE } from './types';
import {
  mergedAttributes,
  nanosToMicros,
  plainAttributes,
  plainValue,
  resourceContext,
  textOf,
  validId,
} from './values';

const levelBySeverityRange: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/** Protobuf's JSON mapping may spell enums by name: SEVERITY_NUMBER_WARN2 is 14. */
const severityByName: ReadonlyMap<string, number> = new Map(
  levelBySeverityRange.flatMap((level, range) =>
    ['', '2', '3', '4'].map(
      (step, i) => [`SEVERITY_NUMBER_${level.toUpperCase()}${step}`, range * 4 + i + 1] as const,
    ),
  ),
);

function severityNumber(value: EnumJson | null | undefined): number {
  if (typeof value === 'number') return value;
  return severityByName.get(value ?? '') ?? 0;
}

/**
 * The severity number is the normalised one (1–4 trace, 5–8 debug, 9–12 info, 13–16 warn, 17–20 error, 21–24
 * fatal), so it wins; the text, as the source spelled it, is read only when the number is unset.
 */
export function logLevel(number: EnumJson | null | undefined, text: string | null | undefined): LogLevel {
  const n = severityNumber(number);
  if (n >= 1 && n <= 24) return levelBySeverityRange[Math.floor((n - 1) / 4)] ?? 'info';
  return text ? normaliseLevel(text) : 'info';
}

export interface MappedLogs {
  received: number;
  rows: LogRow[];
}

/**
 * Log records to rows: the time is `timeUnixNano`, else `observedTimeUnixNano`, else the moment we received
 * it (we are then the first to observe it, which is what the observed time means); the message is the body, a
 * structured body as its JSON; the stream is the service, so one service's lines share a natural-key space.
 */
export function mapLogs(request: LogsRequest, receivedAt: number): MappedLogs {
  const rows: LogRow[] = [];
  let received = 0;
  for (const resourceLogs of request.resourceLogs ?? []) {
    const resource = resourceContext(resourceLogs.resource);
    for (const scopeLogs of resourceLogs.scopeLogs ?? []) {
      for (const record of scopeLogs.logRecords ?? []) {
        received++;
        const own = plainAttributes(record.attributes);
        if (record.eventName) own['event.name'] = record.eventName;
        const body = plainValue(record.body);
        rows.push({
          source: OTLP_SOURCE,
          stream: resource.service,
          ts: nanosToMicros(record.timeUnixNano) || nanosToMicros(record.observedTimeUnixNano) || receivedAt,
          service: resource.service,
          level: logLevel(record.severityNumber, record.severityText),
          message: body === null ? (record.eventName ?? '') : textOf(body),
          attrs: JSON.stringify(mergedAttributes(resource, scopeLogs.scope, own)),
          traceId: validId(record.traceId, 16),
          spanId: validId(record.spanId, 8),
        });
      }
    }
  }
  return { received, rows };
}
