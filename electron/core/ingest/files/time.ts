/**
 * Timestamp arithmetic for imported files. Every result is integer microseconds since the Unix epoch, built
 * from the digits of the text (never through a float of nanoseconds), so no precision is lost. Times written
 * without a zone are read as UTC.
 */

const POW10 = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000];
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export const MONTH_INDEX: ReadonlyMap<string, number> = new Map(
  ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map((m, i) => [
    m,
    i + 1,
  ]),
);

/** The digits after the decimal point as microseconds; digits past the sixth are truncated. */
export function fractionToMicros(digits: string | undefined): number {
  if (!digits) return 0;
  if (digits.length >= 6) return Number(digits.slice(0, 6));
  return Number(digits) * (POW10[6 - digits.length] ?? 1);
}

let lastZone = '';
let lastOffset: number | null = null;

/** Minutes east of UTC for 'Z', '+01:00', '+0100', '-05' or nothing (UTC); null when malformed. */
export function zoneOffsetMinutes(zone: string | undefined): number | null {
  if (!zone || zone === 'Z' || zone === 'z') return 0;
  // A file keeps one offset for long stretches.
  if (zone === lastZone) return lastOffset;
  lastZone = zone;
  lastOffset = readOffset(zone);
  return lastOffset;
}

function readOffset(zone: string): number | null {
  const sign = zone.charCodeAt(0) === 45 ? -1 : 1;
  const body =
    zone.length > 3 && zone.charCodeAt(3) === 58 ? zone.slice(1, 3) + zone.slice(4) : zone.slice(1);
  if (!/^\d{2}(\d{2})?$/.test(body)) return null;
  const hours = Number(body.slice(0, 2));
  const minutes = body.length === 4 ? Number(body.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return null;
  return sign * (hours * 60 + minutes);
}

/**
 * A civil date and time (month 1-12) at a UTC offset, as microseconds; null when a field is out of range
 * (month 13, 31 November, hour 25), so a corrupt line is rejected rather than rolled into another day.
 */
export function civilToMicros(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  micros: number,
  offsetMinutes: number,
): number | null {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return null;
  if (day > (DAYS_IN_MONTH[month - 1] ?? 0)) return null;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59)) - offsetMinutes * 60_000;
  const us = ms * 1000 + micros;
  return us >= 0 ? us : null;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)? ?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** RFC 3339 / ISO 8601 text ('2026-11-24T09:15:02.123456789+01:00', '2026-11-24 09:15:02', '2026-11-24'). */
export function parseIsoMicros(text: string): number | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const offset = zoneOffsetMinutes(m[8]);
  if (offset === null) return null;
  return civilToMicros(
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
    fractionToMicros(m[7]),
    offset,
  );
}

const EPOCH = /^(\d{1,19})(?:\.(\d+))?$/;

/**
 * A Unix epoch number written as text, its unit read from its magnitude: up to 11 integer digits are seconds,
 * up to 14 milliseconds, up to 17 microseconds, up to 19 nanoseconds.
 */
export function parseEpochMicros(text: string): number | null {
  const m = EPOCH.exec(text);
  if (!m) return null;
  const whole = m[1] as string;
  const frac = m[2] ?? '';
  const digits = whole.length;
  if (digits <= 11) return Number(whole) * 1_000_000 + fractionToMicros(frac);
  if (digits <= 14) return Number(whole) * 1000 + (frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0);
  if (digits <= 17) return Number(whole);
  return Number(whole.slice(0, digits - 3));
}

/** A JSON number as an epoch; integers past 2^53 have already lost digits, so callers prefer the source text. */
export function epochNumberToMicros(value: number): number | null {
  if (!Number.isFinite(value) || value < 0) return null;
  if (Number.isInteger(value))
    return parseEpochMicros(value <= Number.MAX_SAFE_INTEGER ? String(value) : BigInt(value).toString());
  const text = String(value);
  return text.includes('e') ? null : parseEpochMicros(text);
}
