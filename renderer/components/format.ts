import { microsToMs, msToMicros, type Micros } from '../../shared/model/time';

export const MICROS_PER_SECOND = 1_000_000;
export const MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
export const MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
export const MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

export type Zone = 'utc' | 'local';

const pad = (n: number) => String(n).padStart(2, '0');

export function nowMicros(): Micros {
  return msToMicros(Date.now());
}

export function formatDate(us: Micros, zone: Zone = 'utc'): string {
  const d = new Date(microsToMs(us));
  return zone === 'utc'
    ? `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
    : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function formatTime(us: Micros, zone: Zone = 'utc', seconds = true): string {
  const d = new Date(microsToMs(us));
  const parts =
    zone === 'utc'
      ? [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
      : [d.getHours(), d.getMinutes(), d.getSeconds()];
  return (seconds ? parts : parts.slice(0, 2)).map(pad).join(':');
}

export function formatTimestamp(us: Micros, zone: Zone = 'utc', seconds = true): string {
  return `${formatDate(us, zone)} ${formatTime(us, zone, seconds)}`;
}

/** Short zone name of this machine at that instant (it changes with daylight saving time). */
export function localZoneLabel(us: Micros): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(
    new Date(microsToMs(us)),
  );
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? 'local';
}

/** True when this machine's clock reads UTC at that instant, so showing "local" again would only repeat it. */
export function localIsUtc(us: Micros): boolean {
  return new Date(microsToMs(us)).getTimezoneOffset() === 0;
}

/** The full instant in both zones, for tooltips: the cell shows UTC, people often think in local time. */
export function describeInstant(us: Micros): string {
  return `${formatTimestamp(us)} UTC\n${formatTimestamp(us, 'local')} ${localZoneLabel(us)} (local)`;
}

export function toIso(us: Micros): string {
  return new Date(microsToMs(us)).toISOString();
}

export function formatDuration(us: number): string {
  const totalSeconds = Math.max(0, Math.floor(us / MICROS_PER_SECOND));
  if (totalSeconds < 60) return `${totalSeconds}s`;
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return totalSeconds % 60 ? `${minutes}m ${totalSeconds % 60}s` : `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours}h ${minutes % 60}m` : `${hours}h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days}d ${hours % 24}h` : `${days}d`;
}

/** Signed distance from a reference instant, written like incident timelines do: T+4m, T−1h 2m. */
export function formatOffset(us: number): string {
  return us < 0 ? `T−${formatDuration(-us)}` : `T+${formatDuration(us)}`;
}

export function formatRelative(us: Micros, now: Micros): string {
  const diff = now - us;
  if (diff < 45 * MICROS_PER_SECOND) return 'just now';
  if (diff < MICROS_PER_HOUR) return `${Math.round(diff / MICROS_PER_MINUTE)} min ago`;
  if (diff < MICROS_PER_DAY) return `${Math.floor(diff / MICROS_PER_HOUR)} h ago`;
  if (diff < 14 * MICROS_PER_DAY) return `${Math.floor(diff / MICROS_PER_DAY)} d ago`;
  return `on ${formatDate(us)}`;
}

const countFormat = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return countFormat.format(n);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

const utcInput = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?\s*(?:Z|UTC)?$/i;

/** Reads `YYYY-MM-DD HH:MM[:SS]` as UTC; null when it is not a real instant (2024-02-30 is rejected, not rolled over). */
export function parseUtcInput(text: string): Micros | null {
  const match = utcInput.exec(text.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(ms);
  if (
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return null;
  }
  return msToMicros(ms);
}

const byteUnits = ['B', 'KB', 'MB', 'GB', 'TB'];

/** Decimal units, one decimal below 10 so small transfers still move visibly. */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < byteUnits.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toFixed(digits)} ${byteUnits[unit]}`;
}
