import { z } from 'zod';
import type { LogLevel } from '../../db/writers/logs';
import { errorMessage } from '../../errors';
import { TS_KEYS_HINT, fieldRole, idValue, levelValue, timeValueToMicros } from './fields';
import type { EntryDraft, LineParser, ParseSink } from './types';

const jsonLine = z.record(z.string(), z.unknown());

const isBlank = (text: string) => text.length === 0 || text.trim() === '';

/** Docker's json-file keeps the newline the program printed. */
function trimNewline(text: string): string {
  if (text.charCodeAt(text.length - 1) !== 10) return text;
  return text.slice(0, text.charCodeAt(text.length - 2) === 13 ? -2 : -1);
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Maps one JSON log object onto an entry; returns the reason when it has no usable time. */
export function entryFromRecord(record: Record<string, unknown>, raw: string): EntryDraft | string {
  let ts: number | null = null;
  let level: LogLevel = 'info';
  let message: string | null = null;
  let service: string | null = null;
  let traceId: string | null = null;
  let spanId: string | null = null;
  let rest: Record<string, unknown> | null = null;
  for (const key in record) {
    const value = record[key];
    const role = fieldRole(key);
    if (role === 'ts' && ts === null) {
      ts = timeValueToMicros(value, key, raw);
      if (ts === null) return `"${key}" is not a timestamp: ${textOf(value).slice(0, 60)}`;
    } else if (role === 'level') level = levelValue(value);
    else if (role === 'message' && message === null && value !== null && value !== undefined) {
      message = textOf(value);
    } else if (
      role === 'service' &&
      service === null &&
      (typeof value === 'string' || typeof value === 'number')
    ) {
      service = String(value);
    } else if (role === 'service' && service === null && isServiceObject(value)) service = value.name;
    else if (role === 'trace' && traceId === null) traceId = idValue(value);
    else if (role === 'span' && spanId === null) spanId = idValue(value);
    else (rest ??= {})[key] = value;
  }
  if (ts === null) return `no timestamp field (${TS_KEYS_HINT})`;
  return {
    ts,
    level,
    message: message === null ? raw : trimNewline(message),
    service,
    attrs: rest === null ? null : JSON.stringify(rest),
    traceId,
    spanId,
  };
}

function isServiceObject(value: unknown): value is { name: string } {
  return (
    typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string'
  );
}

/** JSON lines: one object per line; anything else on a line is rejected with the parser's reason. */
export function createJsonLinesParser(sink: ParseSink): LineParser {
  return {
    line(text, lineNo) {
      if (isBlank(text)) return;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        sink.reject(lineNo, `invalid JSON (${errorMessage(error)})`);
        return;
      }
      const record = jsonLine.safeParse(value);
      if (!record.success) {
        sink.reject(lineNo, 'not a JSON object');
        return;
      }
      const entry = entryFromRecord(record.data, text);
      if (typeof entry === 'string') sink.reject(lineNo, entry);
      else sink.entry(entry);
    },
    end() {},
  };
}
