import { normaliseLevel, type LogLevel } from '../../db/writers/logs';
import { TS_KEYS_HINT, addMember, closeMembers, fieldRole, idValue, timeTextToMicros } from './fields';
import type { EntryDraft, LineParser, ParseSink } from './types';

/** A key with no '=' is a flag, as in `key=value debug`. */
export type LogfmtPair = readonly [key: string, value: string | true];

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };

const isSpace = (code: number) => code === 32 || code === 9;

/** Splits a logfmt line into pairs; returns the reason when it is not logfmt. */
export function parseLogfmt(line: string): LogfmtPair[] | string {
  const pairs: LogfmtPair[] = [];
  let i = 0;
  const length = line.length;
  while (i < length) {
    while (i < length && isSpace(line.charCodeAt(i))) i++;
    if (i >= length) break;
    const keyStart = i;
    while (i < length && line.charCodeAt(i) !== 61 && !isSpace(line.charCodeAt(i))) {
      if (line.charCodeAt(i) === 34) return `a quote inside a key at column ${i + 1}`;
      i++;
    }
    if (i === keyStart) return `a value without a key at column ${i + 1}`;
    const key = line.slice(keyStart, i);
    if (line.charCodeAt(i) !== 61) {
      pairs.push([key, true]);
      continue;
    }
    i++;
    if (line.charCodeAt(i) !== 34) {
      const valueStart = i;
      while (i < length && !isSpace(line.charCodeAt(i))) i++;
      pairs.push([key, line.slice(valueStart, i)]);
      continue;
    }
    i++;
    let value = '';
    let chunkStart = i;
    for (;;) {
      if (i >= length) return `an unterminated quoted value for "${key}"`;
      const code = line.charCodeAt(i);
      if (code === 34) break;
      if (code === 92) {
        value += line.slice(chunkStart, i) + (ESCAPES[line.charAt(i + 1)] ?? line.charAt(i + 1));
        i += 2;
        chunkStart = i;
      } else i++;
    }
    pairs.push([key, value + line.slice(chunkStart, i)]);
    i++;
  }
  return pairs;
}

/** Maps logfmt pairs onto an entry with the same key names as JSON lines; returns the reason when it cannot. */
export function entryFromPairs(pairs: readonly LogfmtPair[], raw: string): EntryDraft | string {
  let ts: number | null = null;
  let level: LogLevel = 'info';
  let message: string | null = null;
  let service: string | null = null;
  let traceId: string | null = null;
  let spanId: string | null = null;
  let attrs = '';
  let hasValue = false;
  for (const [key, value] of pairs) {
    if (value === true) {
      attrs = addMember(attrs, key, 'true');
      continue;
    }
    hasValue = true;
    const role = fieldRole(key);
    if (role === 'ts' && ts === null) {
      ts = timeTextToMicros(value);
      if (ts === null) return `"${key}" is not a timestamp: ${value.slice(0, 60)}`;
    } else if (role === 'level') level = normaliseLevel(value);
    else if (role === 'message' && message === null) message = value;
    else if (role === 'service' && service === null) service = value;
    else if (role === 'trace' && traceId === null) traceId = idValue(value);
    else if (role === 'span' && spanId === null) spanId = idValue(value);
    else attrs = addMember(attrs, key, JSON.stringify(value));
  }
  if (!hasValue) return 'not logfmt (no key=value pairs)';
  if (ts === null) return `no timestamp field (${TS_KEYS_HINT})`;
  return { ts, level, message: message ?? raw, service, attrs: closeMembers(attrs), traceId, spanId };
}

export function createLogfmtParser(sink: ParseSink): LineParser {
  return {
    line(text, lineNo) {
      if (text.length === 0 || text.trim() === '') return;
      const pairs = parseLogfmt(text);
      const entry = typeof pairs === 'string' ? pairs : entryFromPairs(pairs, text);
      if (typeof entry === 'string') sink.reject(lineNo, entry);
      else sink.entry(entry);
    },
    end() {},
  };
}
