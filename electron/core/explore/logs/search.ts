import type { Db } from '../../db/open';
import { AppError } from '../../errors';
import { logLevels, type LogLevel } from '../../db/writers/logs';
import { compileQuery, type CompiledQuery, type QueryError } from './query';

/** Counting stops here: past it the exact number does not change what an engineer does next. */
export const TOTAL_CAP = 100_000;

export interface LogLine {
  id: number;
  ts: number;
  service: string;
  level: LogLevel;
  message: string;
  traceId: string | null;
  spanId: string | null;
}

export interface SearchArgs {
  query: string;
  from: number;
  to: number;
  order: 'newest' | 'oldest';
  cursor?: string | undefined;
  limit: number;
}

export interface SearchResult {
  rows: LogLine[];
  nextCursor: string | null;
  /** Only on the first page (no cursor): later pages keep the first page's count. */
  total: { count: number; capped: boolean } | null;
  error: QueryError | null;
}

interface Where {
  /** The FTS5 hits CTE, or '' when the query has no text to match. */
  cte: string;
  from: string;
  clauses: string[];
  params: Record<string, string | number>;
}

const columns = `l.id, l.ts, l.service, l.level, l.message, l.trace_id AS traceId, l.span_id AS spanId`;
const fieldColumns = { service: 'l.service', level: 'l.level', trace: 'l.trace_id' } as const;

/**
 * Runs MATCH first, materialised, and filters its hits by time and fields: left to itself the planner may walk
 * the time index and probe the full-text index once per row, which is minutes on a large cache.
 */
function buildWhere(query: CompiledQuery, from: number, to: number): Where {
  const params: Record<string, string | number> = { from, to };
  const clauses = ['l.ts >= @from', 'l.ts <= @to'];
  query.filters.forEach((filter, index) => {
    const names = filter.values.map((value, valueIndex) => {
      const name = `f${index}_${valueIndex}`;
      params[name] = value;
      return `@${name}`;
    });
    clauses.push(`${fieldColumns[filter.field]} ${filter.negate ? 'NOT IN' : 'IN'} (${names.join(', ')})`);
  });
  if (query.exclude !== null) {
    params.exclude = query.exclude;
    clauses.push('l.id NOT IN (SELECT rowid FROM logs_fts WHERE logs_fts MATCH @exclude)');
  }
  if (query.match === null) return { cte: '', from: 'logs l', clauses, params };
  params.match = query.match;
  return {
    cte: 'WITH hits AS MATERIALIZED (SELECT rowid AS id FROM logs_fts WHERE logs_fts MATCH @match) ',
    from: 'hits JOIN logs l ON l.id = hits.id',
    clauses,
    params,
  };
}

function parseCursor(cursor: string): { ts: number; id: number } {
  const match = /^(\d+):(\d+)$/.exec(cursor);
  const ts = Number(match?.[1]);
  const id = Number(match?.[2]);
  if (!match || !Number.isSafeInteger(ts) || !Number.isSafeInteger(id)) {
    throw new AppError('invalid_args', 'This page cursor is not one searchLogs returned: search again.');
  }
  return { ts, id };
}

function compileOrThrowless(text: string): { query: CompiledQuery } | { error: QueryError } {
  const compiled = compileQuery(text);
  return compiled.ok ? { query: compiled.query } : { error: compiled.error };
}

export function searchLogs(db: Db, args: SearchArgs): SearchResult {
  const compiled = compileOrThrowless(args.query);
  if ('error' in compiled) return { rows: [], nextCursor: null, total: null, error: compiled.error };
  const where = buildWhere(compiled.query, args.from, args.to);
  const newest = args.order === 'newest';
  const pageClauses = [...where.clauses];
  const params: Record<string, string | number> = { ...where.params, limit: args.limit + 1 };
  if (args.cursor) {
    const cursor = parseCursor(args.cursor);
    params.cts = cursor.ts;
    params.cid = cursor.id;
    pageClauses.push(newest ? '(l.ts, l.id) < (@cts, @cid)' : '(l.ts, l.id) > (@cts, @cid)');
  }
  const direction = newest ? 'DESC' : 'ASC';
  const rows = db
    .prepare(
      `${where.cte}SELECT ${columns} FROM ${where.from} WHERE ${pageClauses.join(' AND ')}
       ORDER BY l.ts ${direction}, l.id ${direction} LIMIT @limit`,
    )
    .all(params) as LogLine[];
  const more = rows.length > args.limit;
  const page = more ? rows.slice(0, args.limit) : rows;
  const last = page.at(-1);
  let total: SearchResult['total'] = null;
  if (!args.cursor) {
    const row = db
      .prepare(
        `${where.cte}SELECT count(*) AS n FROM (SELECT 1 FROM ${where.from}
         WHERE ${where.clauses.join(' AND ')} LIMIT ${TOTAL_CAP + 1})`,
      )
      .get(where.params) as { n: number };
    total = { count: Math.min(row.n, TOTAL_CAP), capped: row.n > TOTAL_CAP };
  }
  return {
    rows: page,
    nextCursor: more && last ? `${last.ts}:${last.id}` : null,
    total,
    error: null,
  };
}

export interface LogDetail extends LogLine {
  source: string;
  stream: string;
  attrs: Record<string, unknown> | null;
  template: string | null;
}

function parseAttrs(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
    return { value };
  } catch {
    return { raw: text };
  }
}

export function getLogRow(db: Db, id: number): LogDetail {
  const row = db
    .prepare(
      `SELECT ${columns}, l.source, l.stream, l.attrs, t.template
       FROM logs l LEFT JOIN log_templates t ON t.id = l.template_id WHERE l.id = ?`,
    )
    .get(id) as
    (LogLine & { source: string; stream: string; attrs: string | null; template: string | null }) | undefined;
  if (!row) throw new AppError('not_found', `There is no log line ${id} in this workspace any more.`);
  return { ...row, attrs: parseAttrs(row.attrs) };
}

export interface HistogramBucket {
  start: number;
  end: number;
  counts: Partial<Record<LogLevel, number>>;
}

export interface HistogramResult {
  buckets: HistogramBucket[];
  error: QueryError | null;
}

export function logHistogram(
  db: Db,
  args: { query: string; from: number; to: number; buckets: number },
): HistogramResult {
  const compiled = compileOrThrowless(args.query);
  if ('error' in compiled) return { buckets: [], error: compiled.error };
  const span = Math.max(1, args.to - args.from + 1);
  const count = Math.max(1, Math.min(args.buckets, span));
  const width = Math.ceil(span / count);
  const buckets: HistogramBucket[] = Array.from({ length: count }, (_, index) => ({
    start: args.from + index * width,
    end: Math.min(args.to, args.from + (index + 1) * width - 1),
    counts: {},
  }));
  const where = buildWhere(compiled.query, args.from, args.to);
  const rows = db
    .prepare(
      `${where.cte}SELECT CAST((l.ts - @from) / @width AS INTEGER) AS bucket, l.level AS level, count(*) AS n
       FROM ${where.from} WHERE ${where.clauses.join(' AND ')} GROUP BY bucket, level`,
    )
    .all({ ...where.params, width }) as { bucket: number; level: string; n: number }[];
  for (const row of rows) {
    const bucket = buckets[Math.min(count - 1, row.bucket)];
    const level = (logLevels as readonly string[]).includes(row.level) ? (row.level as LogLevel) : 'info';
    if (bucket) bucket.counts[level] = (bucket.counts[level] ?? 0) + row.n;
  }
  return { buckets, error: null };
}

export interface LogTemplateRow {
  id: number;
  template: string;
  service: string;
  count: number;
  firstSeen: number | null;
  lastSeen: number | null;
  /** First seen inside the range: the pattern did not exist before this window. */
  isNew: boolean;
}

export function listLogTemplates(
  db: Db,
  args: { from: number; to: number; limit: number },
): LogTemplateRow[] {
  const rows = db
    .prepare(
      `SELECT t.id, t.template, t.service, count(*) AS count, t.first_seen AS firstSeen, t.last_seen AS lastSeen
       FROM logs l JOIN log_templates t ON t.id = l.template_id
       WHERE l.template_id IS NOT NULL AND l.ts >= @from AND l.ts <= @to
       GROUP BY t.id ORDER BY count DESC, t.id LIMIT @limit`,
    )
    .all(args) as Omit<LogTemplateRow, 'isNew'>[];
  return rows.map((row) => ({
    ...row,
    isNew: row.firstSeen !== null && row.firstSeen >= args.from && row.firstSeen <= args.to,
  }));
}
