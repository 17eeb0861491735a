import { normaliseLevel, type LogLevel } from '../../db/writers/logs';
import { epochNumberToMicros, parseEpochMicros, parseIsoMicros } from './time';

/** What a key of a structured line (JSON or logfmt) means to us; every other key becomes an attribute. */
export type FieldRole = 'ts' | 'level' | 'message' | 'service' | 'trace' | 'span';

/**
 * The spellings of the common loggers: logrus, zap, zerolog, pino/bunyan, slog, Serilog's compact JSON (@t,
 * @l, @m), Elastic Common Schema, Docker's json-file ('log') and OpenTelemetry-style names.
 */
const ROLES: ReadonlyMap<string, FieldRole> = new Map<string, FieldRole>([
  ...['time', 'timestamp', 'ts', '@timestamp', '@t', 'Timestamp', 'datetime'].map((k) => [k, 'ts'] as const),
  ...['level', 'severity', 'lvl', '@l', 'log.level', 'levelname', 'Level', 'loglevel'].map(
    (k) => [k, 'level'] as const,
  ),
  ...['msg', 'message', 'log', '@m', 'Message'].map((k) => [k, 'message'] as const),
  ...['service', 'service.name', 'service_name', 'app', 'application'].map((k) => [k, 'service'] as const),
  ...['trace_id', 'traceId', 'traceID', 'trace.id', '@tr'].map((k) => [k, 'trace'] as const),
  ...['span_id', 'spanId', 'spanID', 'span.id', '@sp'].map((k) => [k, 'span'] as const),
]);

export function fieldRole(key: string): FieldRole | undefined {
  return ROLES.get(key);
}

export const TS_KEYS_HINT = 'time, timestamp, ts or @timestamp';

/** A time field's text: RFC 3339 / ISO 8601, or an epoch in s, ms, µs or ns by its magnitude. */
export function timeTextToMicros(text: string): number | null {
  const first = text.charCodeAt(0);
  if (first >= 48 && first <= 57 && text.length > 4 && text.charCodeAt(4) === 45) return parseIsoMicros(text);
  return parseEpochMicros(text) ?? parseIsoMicros(text);
}

/** A time field's JSON value; `raw` is the line, for exact digits of integers past 2^53 (epoch ns). */
export function timeValueToMicros(value: unknown, key: string, raw: string): number | null {
  if (typeof value === 'string') return timeTextToMicros(value);
  if (typeof value !== 'number') return null;
  if (value > Number.MAX_SAFE_INTEGER) {
    const digits = new RegExp(`"${key.replace(/[.@]/g, '\\$&')}"\\s*:\\s*(\\d+)`).exec(raw)?.[1];
    if (digits) return parseEpochMicros(digits);
  }
  return epochNumberToMicros(value);
}

/** pino and bunyan write levels as numbers: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal. */
function numericLevel(value: number): LogLevel {
  if (value <= 10) return 'trace';
  if (value <= 20) return 'debug';
  if (value <= 30) return 'info';
  if (value <= 40) return 'warn';
  if (value <= 50) return 'error';
  return 'fatal';
}

export function levelValue(value: unknown): LogLevel {
  if (typeof value === 'number') return numericLevel(value);
  if (typeof value === 'string') {
    if (/^\d+$/.test(value)) return numericLevel(Number(value));
    return normaliseLevel(value);
  }
  return 'info';
}

/** Trace and span ids as the spans table keeps them: lowercase hex; anything else is kept as written. */
export function idValue(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  return /^[0-9a-f]+$/i.test(value) ? value.toLowerCase() : value;
}

/** Appends `"key":value` to a JSON object text being built; `out` is '' for the first member. */
export function addMember(out: string, key: string, valueJson: string): string {
  return `${out === '' ? '{' : `${out},`}${JSON.stringify(key)}:${valueJson}`;
}

export function closeMembers(out: string): string | null {
  return out === '' ? null : `${out}}`;
}
