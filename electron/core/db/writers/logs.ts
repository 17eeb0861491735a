import type { Db } from '../open';
import { toJsonText, type JsonInput } from './json';

export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LogLevel = (typeof logLevels)[number];

export interface LogRow {
  source: string;
  /** The stream inside the source (a Loki label set, a file, a pod); part of the natural key. */
  stream?: string;
  /** Microseconds since the Unix epoch. */
  ts: number;
  service?: string;
  level: LogLevel;
  message: string;
  attrs?: JsonInput | null;
  traceId?: string | null;
  spanId?: string | null;
  /** Row id in log_templates, when a template miner has seen the line. */
  templateId?: number | null;
}

export interface LogWriter {
  /** Writes one batch in one transaction; returns the rows actually inserted (re-pulled rows are skipped). */
  write(rows: readonly LogRow[]): number;
}

const FNV_PRIME = 0x01000193;
const MURMUR_M = 0x5bd1e995;

let laneA = 0;
let laneB = 0;

function feed(text: string): void {
  let a = laneA;
  let b = laneB;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, FNV_PRIME);
    b = Math.imul(b ^ c, MURMUR_M);
  }
  // The length keeps ('ab', 'c') apart from ('a', 'bc').
  laneA = Math.imul(a ^ text.length, FNV_PRIME);
  laneB = Math.imul(b ^ text.length, MURMUR_M);
}

function avalanche(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The natural-key hash of a log line: two 32-bit FNV-1a style lanes (different seeds and multipliers, so they
 * do not collide together) folded into 53 bits, an exact non-negative integer in SQLite and in JS.
 * Deterministic across runs and machines, so a re-pulled line hashes to the same key and is ignored.
 */
export function naturalKeyHash(message: string, attrsJson?: string | null): number {
  laneA = 0x811c9dc5;
  laneB = 0x050c5d1f;
  feed(message);
  if (attrsJson) feed(attrsJson);
  return avalanche(laneA) * 0x200000 + (avalanche(laneB) >>> 11);
}

const levelAliases: ReadonlyMap<string, LogLevel> = new Map<string, LogLevel>([
  ...(['trace', 'trc', 'trce', 't', 'finest', 'finer', 'verbose', 'verb', 'v', 'all'] as const).map(
    (k) => [k, 'trace'] as const,
  ),
  ...(['debug', 'dbg', 'debu', 'd', 'fine', 'config'] as const).map((k) => [k, 'debug'] as const),
  ...(['info', 'inf', 'information', 'informational', 'i', 'notice', 'n', 'log', 'default'] as const).map(
    (k) => [k, 'info'] as const,
  ),
  ...(['warn', 'warning', 'wrn', 'w'] as const).map((k) => [k, 'warn'] as const),
  ...(['error', 'err', 'eror', 'e', 'severe', 'exception'] as const).map((k) => [k, 'error'] as const),
  ...(['fatal', 'ftl', 'f', 'critical', 'crit', 'alert', 'emerg', 'emergency', 'panic'] as const).map(
    (k) => [k, 'fatal'] as const,
  ),
]);

/**
 * Maps the level spellings of common loggers and formats (syslog, log4j/JUL, Python, klog, Postgres, pino)
 * onto our six levels. A line whose level we cannot read is treated as info: unlabelled output is routine
 * far more often than it is an error, and calling it an error would skew every error-rate analysis.
 */
export function normaliseLevel(raw: string): LogLevel {
  const key = raw.trim().toLowerCase();
  const direct = levelAliases.get(key);
  if (direct) return direct;
  // Brackets, colons and suffix digits as in '[WARN]', 'error:', 'DEBUG2' or klog's 'E0312'.
  return levelAliases.get(key.replace(/[^a-z]/g, '')) ?? 'info';
}

/**
 * Rows per INSERT statement. Inside a transaction every statement on logs opens a statement journal (its
 * full-text trigger may abort), which copies each page the statement touches; one statement per row makes
 * that copy the largest cost of a load, one per hundred rows halves the load time.
 */
const ROWS_PER_STATEMENT = 100;
const COLUMNS = 11;

function insertSql(rows: number): string {
  const values = new Array<string>(rows).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
  return `INSERT OR IGNORE INTO logs (source, stream, ts, hash, service, level, message, attrs, trace_id, span_id, template_id) VALUES ${values}`;
}

function bind(params: unknown[], offset: number, row: LogRow): void {
  const attrs = toJsonText(row.attrs);
  params[offset] = row.source;
  params[offset + 1] = row.stream ?? '';
  // Sources convert from ns or ms; a fractional µs would be stored as REAL and break the natural key.
  params[offset + 2] = Math.floor(row.ts);
  params[offset + 3] = naturalKeyHash(row.message, attrs);
  params[offset + 4] = row.service ?? '';
  params[offset + 5] = row.level;
  params[offset + 6] = row.message;
  params[offset + 7] = attrs;
  params[offset + 8] = row.traceId ?? null;
  params[offset + 9] = row.spanId ?? null;
  params[offset + 10] = row.templateId ?? null;
}

export function createLogWriter(db: Db): LogWriter {
  const insertMany = db.prepare(insertSql(ROWS_PER_STATEMENT));
  const insertOne = db.prepare(insertSql(1));
  const many = new Array<unknown>(ROWS_PER_STATEMENT * COLUMNS);
  const one = new Array<unknown>(COLUMNS);
  const writeBatch = db.transaction((rows: readonly LogRow[]): number => {
    let inserted = 0;
    let i = 0;
    for (; i + ROWS_PER_STATEMENT <= rows.length; i += ROWS_PER_STATEMENT) {
      for (let j = 0; j < ROWS_PER_STATEMENT; j++) bind(many, j * COLUMNS, rows[i + j] as LogRow);
      inserted += insertMany.run(many).changes;
    }
    for (; i < rows.length; i++) {
      bind(one, 0, rows[i] as LogRow);
      inserted += insertOne.run(one).changes;
    }
    return inserted;
  });
  return { write: (rows) => (rows.length === 0 ? 0 : writeBatch(rows)) };
}
