import type { LogLevel } from '../../db/writers/logs';
import { addMember, closeMembers } from './fields';
import { levelWord, splitLevel } from './levels';
import { MONTH_INDEX, civilToMicros, fractionToMicros, parseIsoMicros, zoneOffsetMinutes } from './time';
import type { EntryDraft, FileContext } from './types';

/** The start of an entry in a plain-text log; lines that do not start one continue the previous entry. */
export type TextStart = EntryDraft;

/** Built in one place so every entry has the same shape (one hidden class for the hot path). */
function entry(
  ts: number,
  level: LogLevel,
  message: string,
  service: string | null,
  attrs: string | null,
): TextStart {
  return { ts, level, message, service, attrs, traceId: null, spanId: null };
}

/** One timestamp layout of plain-text logs: detected once per file, then one anchored regex per line. */
export interface TextDialect {
  name: string;
  example: string;
  start: RegExp;
  /** The entry a matching line starts, or why a line shaped like a start is not one (an impossible date). */
  read(m: RegExpExecArray, file: FileContext): TextStart | string;
  /** Tried on lines that do not match `start`, before they are taken as continuation lines. */
  fallback?: TextDialect;
}

const DAY_US = 86_400_000_000;

const num = (text: string | undefined) => Number(text ?? 0);
const invalidDate = (m: RegExpExecArray) => `an impossible date or time in "${m[0].slice(0, 40)}"`;

/**
 * The time a line names, its hour, minute, second and fraction being the four capture groups from `clock` on;
 * null for a month or zone that did not parse, or a date that does not exist.
 */
function civilTime(
  m: RegExpExecArray,
  date: { year: number; month: number | undefined; day: number },
  clock: number,
  offsetMinutes: number | null,
): number | null {
  if (date.month === undefined || offsetMinutes === null) return null;
  const hour = num(m[clock]);
  const minute = num(m[clock + 1]);
  const second = num(m[clock + 2]);
  const us = fractionToMicros(m[clock + 3]);
  return civilToMicros(date.year, date.month, date.day, hour, minute, second, us, offsetMinutes);
}

/** For layouts that open with year, month, day, hour, minute, second and fraction, in that order. */
const dateFirstTime = (m: RegExpExecArray, offsetMinutes: number | null) =>
  civilTime(m, { year: num(m[1]), month: num(m[2]), day: num(m[3]) }, 4, offsetMinutes);

/** syslog PRI: severity 0-2 fatal, 3 error, 4 warn, 5-6 info, 7 debug. */
function severityLevel(pri: string): LogLevel {
  const severity = Number(pri) % 8;
  if (severity <= 2) return 'fatal';
  if (severity === 3) return 'error';
  if (severity === 4) return 'warn';
  return severity === 7 ? 'debug' : 'info';
}

const attrsMemo = new Map<string, string | null>();
const ATTRS_MEMO_LIMIT = 4096;

/** `{"host":…,"pid":…}`; a file has few distinct pairs, so the JSON text is built once per pair. */
function hostPidAttrs(host: string | undefined, pid: string | undefined): string | null {
  const key = `${host ?? ''}\u0000${pid ?? ''}`;
  const known = attrsMemo.get(key);
  if (known !== undefined) return known;
  let out = '';
  if (host && host !== '-') out = addMember(out, 'host', JSON.stringify(host));
  if (pid && pid !== '-') out = addMember(out, 'pid', /^\d+$/.test(pid) ? pid : JSON.stringify(pid));
  const attrs = closeMembers(out);
  if (attrsMemo.size >= ATTRS_MEMO_LIMIT) attrsMemo.clear();
  attrsMemo.set(key, attrs);
  return attrs;
}

// journald's short-iso output: '<host> <app>[<pid>]: <message>' after the timestamp.
const HOST_APP_PID = /^(\S+) ([^\s[\]:]+)\[(\d+)\]: ?(.*)$/;

const iso: TextDialect = {
  name: 'iso',
  example: '2026-11-24T09:15:02.123Z ERROR message',
  start:
    /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|z|[+-]\d{2}(?::?\d{2})?)?(?:[ \t]+(.*))?$/,
  read(m) {
    const ts = dateFirstTime(m, zoneOffsetMinutes(m[8]));
    if (ts === null) return invalidDate(m);
    let rest = m[9] ?? '';
    if (rest.startsWith('- ')) rest = rest.slice(2).trimStart();
    const leveled = splitLevel(rest);
    if (leveled.message !== rest) return entry(ts, leveled.level, leveled.message, null, null);
    const journal = HOST_APP_PID.exec(rest);
    if (!journal) return entry(ts, 'info', rest, null, null);
    const inner = splitLevel(journal[4] ?? '');
    return entry(ts, inner.level, inner.message, journal[2] ?? null, hostPidAttrs(journal[1], journal[3]));
  },
};

const rfc5424: TextDialect = {
  name: 'syslog-rfc5424',
  example: '<34>1 2026-11-24T09:15:02Z host app 123 ID47 - message',
  start:
    /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) (-|(?:\[(?:[^\]"\\]|\\.|"(?:[^"\\]|\\.)*")*\])+)(?: (.*))?$/,
  read(m) {
    const ts = m[2] === '-' ? null : parseIsoMicros(m[2] ?? '');
    if (ts === null) return `no valid RFC 3339 timestamp in "${m[0].slice(0, 40)}"`;
    let attrs = '';
    if (m[3] !== '-') attrs = addMember(attrs, 'host', JSON.stringify(m[3]));
    if (m[5] !== '-')
      attrs = addMember(attrs, 'pid', /^\d+$/.test(m[5] ?? '') ? (m[5] as string) : JSON.stringify(m[5]));
    if (m[6] !== '-') attrs = addMember(attrs, 'msgid', JSON.stringify(m[6]));
    if (m[7] !== '-') attrs = addMember(attrs, 'sd', JSON.stringify(m[7]));
    const service = m[4] === '-' ? null : (m[4] ?? null);
    return entry(
      ts,
      severityLevel(m[1] ?? '6'),
      (m[8] ?? '').replace(/^\ufeff/, ''),
      service,
      closeMembers(attrs),
    );
  },
};

const rfc3164: TextDialect = {
  name: 'syslog-rfc3164',
  example: 'Nov 24 09:15:02 host app[123]: message',
  start:
    /^(?:<(\d{1,3})>)?([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? (\S+) ([^\s:[\]]+)(?:\[([^\]]*)\])?: ?(.*)$/,
  read(m, file) {
    const month = MONTH_INDEX.get(m[2] ?? '');
    if (month === undefined) return invalidDate(m);
    // The line has no year: the file's year, or the one before for dates after the file was last written.
    const mtimeYear = new Date(file.mtimeUs / 1000).getUTCFullYear();
    let ts = civilTime(m, { year: mtimeYear, month, day: num(m[3]) }, 4, 0);
    if (ts === null || ts > file.mtimeUs + DAY_US)
      ts = civilTime(m, { year: mtimeYear - 1, month, day: num(m[3]) }, 4, 0);
    if (ts === null) return invalidDate(m);
    const message = m[11] ?? '';
    const leveled = m[1] === undefined ? splitLevel(message) : { level: severityLevel(m[1]), message };
    return entry(ts, leveled.level, leveled.message, m[9] ?? null, hostPidAttrs(m[8], m[10]));
  },
};

const apacheAccess: TextDialect = {
  name: 'apache-access',
  example: '10.0.0.1 - - [24/Nov/2026:09:15:02 +0000] "GET / HTTP/1.1" 200 512',
  start:
    /^(\S+) \S+ \S+ \[(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? ([+-]\d{4})\] "(?:[^"\\]|\\.)*" (\d{3}) /,
  read(m) {
    const date = { year: num(m[4]), month: MONTH_INDEX.get(m[3] ?? ''), day: num(m[2]) };
    const ts = civilTime(m, date, 5, zoneOffsetMinutes(m[9]));
    if (ts === null) return invalidDate(m);
    const status = num(m[10]);
    const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    return entry(ts, level, m.input, null, `{"client":${JSON.stringify(m[1])},"status":${status}}`);
  },
};

const apacheError: TextDialect = {
  name: 'apache-error',
  example: '[Tue Nov 24 09:15:02.123456 2026] [core:error] [pid 123] message',
  start:
    /^\[[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? (\d{4})\] \[(?:([\w-]+):)?(\w+)\] ?(.*)$/,
  read(m) {
    const date = { year: num(m[7]), month: MONTH_INDEX.get(m[1] ?? ''), day: num(m[2]) };
    const ts = civilTime(m, date, 3, 0);
    if (ts === null) return invalidDate(m);
    const attrs = m[8] ? `{"module":${JSON.stringify(m[8])}}` : null;
    return entry(ts, levelWord(m[9] ?? '') ?? 'info', m[10] ?? '', null, attrs);
  },
};

const goLog: TextDialect = {
  name: 'go',
  example: '2026/11/24 09:15:02 message',
  start: /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? (.*)$/,
  read(m) {
    const ts = dateFirstTime(m, 0);
    if (ts === null) return invalidDate(m);
    const leveled = splitLevel(m[8] ?? '');
    return entry(ts, leveled.level, leveled.message, null, null);
  },
};

const JAVA_LEVEL = 'TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|SEVERE';

const log4j: TextDialect = {
  name: 'log4j',
  example: '2026-11-24 09:15:02,123 ERROR [thread] logger - message',
  start: new RegExp(
    `^(\\d{4})-(\\d{2})-(\\d{2})[T ](\\d{2}):(\\d{2}):(\\d{2})(?:[.,](\\d{1,9}))?(Z|[+-]\\d{2}:?\\d{2})? +` +
      `(?:(${JAVA_LEVEL}) +\\[([^\\]]*)\\]|\\[([^\\]]*)\\] +(${JAVA_LEVEL})) +(\\S+?) *[-:] (.*)$`,
  ),
  read(m) {
    const ts = dateFirstTime(m, zoneOffsetMinutes(m[8]));
    if (ts === null) return invalidDate(m);
    const attrs = `{"thread":${JSON.stringify(m[10] ?? m[11])},"logger":${JSON.stringify(m[13])}}`;
    return entry(ts, levelWord(m[9] ?? m[12] ?? '') ?? 'info', m[14] ?? '', null, attrs);
  },
  fallback: iso,
};

const PY_LEVEL = 'CRITICAL|ERROR|WARNING|WARN|INFO|DEBUG|NOTSET|FATAL';

const python: TextDialect = {
  name: 'python',
  example: '2026-11-24 09:15:02,123 - name - ERROR - message',
  start: new RegExp(
    `^(\\d{4})-(\\d{2})-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2})[,.](\\d{3,6}) - (.+?) - (${PY_LEVEL}) - (.*)$`,
  ),
  read(m) {
    const ts = dateFirstTime(m, 0);
    if (ts === null) return invalidDate(m);
    return entry(
      ts,
      levelWord(m[9] ?? '') ?? 'info',
      m[10] ?? '',
      null,
      `{"logger":${JSON.stringify(m[8])}}`,
    );
  },
  fallback: iso,
};

/** logging.basicConfig's default layout carries no time at all: entries take the file's modification time. */
const pythonBasic: TextDialect = {
  name: 'python-basic',
  example: 'ERROR:name:message',
  start: new RegExp(`^(${PY_LEVEL}):([^:\\s]*):(.*)$`),
  read(m, file) {
    const attrs = m[2] ? `{"logger":${JSON.stringify(m[2])}}` : null;
    return entry(file.mtimeUs, levelWord(m[1] ?? '') ?? 'info', m[3] ?? '', null, attrs);
  },
};

/** In order of preference when several match a sample equally well: the more specific layout first. */
export const textDialects: readonly TextDialect[] = [
  rfc5424,
  apacheAccess,
  apacheError,
  log4j,
  python,
  rfc3164,
  goLog,
  pythonBasic,
  iso,
];

export interface DialectMatch {
  dialect: TextDialect;
  /** Sample lines that start an entry in it (or in its fallback). */
  lines: number;
}

/**
 * The dialect that starts the most sample lines, counting lines its fallback reads (a log4j file with a few
 * lines in another layout is still log4j), or null when none starts any.
 */
export function detectTextDialect(lines: readonly string[]): DialectMatch | null {
  let best: DialectMatch | null = null;
  for (const dialect of textDialects) {
    let own = 0;
    let covered = 0;
    for (const line of lines) {
      if (dialect.start.test(line)) {
        own++;
        covered++;
      } else if (dialect.fallback?.start.test(line)) covered++;
    }
    if (own > 0 && covered > (best?.lines ?? 0)) best = { dialect, lines: covered };
  }
  return best;
}

export const TEXT_LAYOUTS_HINT = textDialects.map((d) => `"${d.example}"`).join(', ');
