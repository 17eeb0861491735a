import fs from 'node:fs';
import { Rng, weighted } from '../../electron/core/demo/prng';

/**
 * Deterministic plain-text logs as journald prints them (`journalctl -o short-iso-precise`): five services,
 * each speaking in its own framework's voice (nginx, Spring, Go, Python, Node), mixed levels, strictly
 * increasing microsecond timestamps. The same options always give the same bytes.
 */
export interface GenerateLogOptions {
  lines: number;
  seed?: number;
  /** The first line's time, µs. */
  startUs?: number;
  /** Follow some errors with stack-trace lines (continuation lines without a timestamp). */
  stackTraces?: boolean;
}

export interface GeneratedLog {
  /** Physical lines written. */
  lines: number;
  /** Log entries: lines that start with a timestamp (each stack trace joins its entry). */
  entries: number;
  bytes: number;
  /** Entries per level, as the importer should read them. */
  levels: Record<string, number>;
}

export const GENERATED_SERVICES = ['frontend', 'checkout', 'payments', 'inventory', 'auth'] as const;
type Service = (typeof GENERATED_SERVICES)[number];

const DEFAULT_START_US = Date.UTC(2026, 10, 24, 9, 0, 0) * 1000;
const HOSTS: Readonly<Record<Service, string>> = {
  frontend: 'web-01',
  checkout: 'app-02',
  payments: 'app-03',
  inventory: 'app-04',
  auth: 'app-05',
};
const PIDS: Readonly<Record<Service, number>> = {
  frontend: 88,
  checkout: 2231,
  payments: 4410,
  inventory: 917,
  auth: 3302,
};
const ROUTES = ['/api/cart', '/api/checkout', '/api/orders/{id}', '/api/products', '/api/login', '/healthz'];
const TABLES = ['orders', 'order_items', 'carts', 'stock_levels', 'sessions'];
const pickService = weighted<Service>([
  ['frontend', 35],
  ['checkout', 20],
  ['payments', 15],
  ['inventory', 15],
  ['auth', 15],
]);
const pickLevel = weighted<string>([
  ['INFO', 80],
  ['DEBUG', 8],
  ['WARN', 8],
  ['ERROR', 4],
]);

function ip(rng: Rng): string {
  return `10.0.${rng.int(0, 7)}.${rng.int(2, 250)}`;
}

/** The message after `service[pid]: `; the level word leads, as most loggers print it. */
function message(service: Service, level: string, rng: Rng): string {
  const route = rng.pick(ROUTES).replace('{id}', String(rng.int(1000, 99_999)));
  switch (service) {
    case 'frontend': {
      const status =
        level === 'ERROR' ? rng.pick([500, 502, 504]) : level === 'WARN' ? rng.pick([404, 429]) : 200;
      return `${level} ${ip(rng)} "GET ${route} HTTP/1.1" ${status} ${rng.int(120, 48_000)} ${rng.int(1, 900)}ms`;
    }
    case 'checkout':
      if (level === 'ERROR') {
        return `ERROR [http-nio-8080-exec-${rng.int(1, 200)}] c.s.checkout.OrderService - Order ${rng.int(100_000, 999_999)} failed: HikariPool-1 - Connection is not available, request timed out after 30000ms`;
      }
      return `${level} [http-nio-8080-exec-${rng.int(1, 200)}] c.s.checkout.CartController - cart ${rng.hex(8)} updated: ${rng.int(1, 9)} items, total ${rng.int(5, 900)}.${rng.int(10, 99)} EUR`;
    case 'payments':
      if (level === 'ERROR') {
        return `ERROR charge ${rng.hex(12)} declined by provider: upstream timeout after ${rng.int(2000, 9000)}ms (attempt ${rng.int(1, 3)})`;
      }
      return `${level} charge ${rng.hex(12)} authorised amount=${rng.int(100, 99_999)} currency=EUR latency=${rng.int(20, 800)}ms`;
    case 'inventory':
      if (level === 'ERROR') {
        return `ERROR inventory.sync: reservation ${rng.int(1, 99_999)} failed: deadlock detected on table ${rng.pick(TABLES)}`;
      }
      return `${level} inventory.sync: reserved ${rng.int(1, 20)} units of sku-${rng.int(1000, 9999)} in ${rng.int(1, 300)}ms`;
    case 'auth':
      if (level === 'ERROR')
        return `ERROR token refresh for user ${rng.int(1, 500_000)} failed: redis ECONNRESET ${ip(rng)}:6379`;
      return `${level} session ${rng.base36(10)} ${rng.chance(0.5) ? 'created' : 'renewed'} for user ${rng.int(1, 500_000)} from ${ip(rng)}`;
  }
}

function stackTrace(service: Service, rng: Rng): string[] {
  if (service === 'inventory') {
    return [
      'Traceback (most recent call last):',
      `  File "/app/inventory/sync.py", line ${rng.int(40, 400)}, in reserve`,
      '    cursor.execute(RESERVE_SQL, params)',
      'psycopg2.errors.DeadlockDetected: deadlock detected',
    ];
  }
  const frames = rng.int(2, 5);
  const lines = ['java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available'];
  for (let i = 0; i < frames; i++)
    lines.push(`\tat com.shop.${service}.Layer${i}.call(Layer${i}.java:${rng.int(10, 300)})`);
  return lines;
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** `2026-11-24T09:15:02.` for the second holding `us`, computed once per second. */
function secondPrefix(us: number): string {
  const d = new Date(Math.floor(us / 1_000_000) * 1000);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.`;
}

/** Yields the file's lines (without newlines) and counts them into `stats`. */
export function* generateLogLines(options: GenerateLogOptions, stats?: GeneratedLog): Generator<string> {
  const rng = new Rng(options.seed ?? 20261124);
  let us = options.startUs ?? DEFAULT_START_US;
  let second = -1;
  let prefix = '';
  let written = 0;
  while (written < options.lines) {
    us += rng.int(1, 2000);
    const s = Math.floor(us / 1_000_000);
    if (s !== second) {
      second = s;
      prefix = secondPrefix(us);
    }
    const service = pickService(rng);
    const level = pickLevel(rng);
    const micros = String(us % 1_000_000).padStart(6, '0');
    yield `${prefix}${micros}+00:00 ${HOSTS[service]} ${service}[${PIDS[service]}]: ${message(service, level, rng)}`;
    written++;
    if (stats) {
      stats.entries++;
      const key = level.toLowerCase();
      stats.levels[key] = (stats.levels[key] ?? 0) + 1;
    }
    if (options.stackTraces && level === 'ERROR' && service !== 'frontend' && rng.chance(0.5)) {
      for (const line of stackTrace(service, rng)) {
        if (written >= options.lines) break;
        yield line;
        written++;
      }
    }
  }
  if (stats) stats.lines = written;
}

/** Writes the lines to `file` in large chunks; memory stays flat for any number of lines. */
export function generateLogFile(file: string, options: GenerateLogOptions): GeneratedLog {
  const stats: GeneratedLog = { lines: 0, entries: 0, bytes: 0, levels: {} };
  const fd = fs.openSync(file, 'w');
  try {
    let buffer = '';
    for (const line of generateLogLines(options, stats)) {
      buffer += `${line}\n`;
      if (buffer.length >= 1 << 20) {
        stats.bytes += fs.writeSync(fd, buffer);
        buffer = '';
      }
    }
    if (buffer) stats.bytes += fs.writeSync(fd, buffer);
  } finally {
    fs.closeSync(fd);
  }
  return stats;
}
