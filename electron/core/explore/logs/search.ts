import type { Db } from '../../db/open';
import { AppError } from '../../errors';
import { logLevels, type LogLevel } from '../../db/writers/logs';
import { LogBlocks } from './blocks';
import { countHits, walkHits } from './hits';
import { planQuery, type QueryPlan } from './plan';
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

const columns = `l.id, l.ts, l.service, l.level, l.message, l.trace_id AS traceId, l.span_id AS spanId`;

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

/** The rows of these ids, in the order given. */
function readRows(db: Db, ids: number[]): LogLine[] {
  const rows = db
    .prepare(`SELECT ${columns} FROM json_each(?) AS hit JOIN logs l ON l.id = hit.value ORDER BY hit.key`)
    .all(JSON.stringify(ids)) as LogLine[];
  return rows;
}

/** Without words to match, the time, service and level indexes find and count the rows directly. */
function searchByTable(
  db: Db,
  plan: QueryPlan,
  args: SearchArgs,
  after: { ts: number; id: number } | null,
): { rows: LogLine[]; count: number | null } {
  const newest = args.order === 'newest';
  const clauses = ['l.ts >= @from', 'l.ts <= @to', ...plan.clauses];
  const params = { ...plan.params, from: args.from, to: args.to };
  const pageClauses = [...clauses];
  if (after) pageClauses.push(newest ? '(l.ts, l.id) < (@ats, @aid)' : '(l.ts, l.id) > (@ats, @aid)');
  const direction = newest ? 'DESC' : 'ASC';
  const rows = db
    .prepare(
      `SELECT ${columns} FROM logs l WHERE ${pageClauses.join(' AND ')}
       ORDER BY l.ts ${direction}, l.id ${direction} LIMIT @limit`,
    )
    .all({
      ...params,
      ...(after ? { ats: after.ts, aid: after.id } : {}),
      limit: args.limit + 1,
    }) as LogLine[];
  if (after) return { rows, count: null };
  const { n } = db
    .prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM logs l WHERE ${clauses.join(' AND ')} LIMIT @cap)`)
    .get({ ...params, cap: TOTAL_CAP + 1 }) as { n: number };
  return { rows, count: n };
}

export function searchLogs(db: Db, args: SearchArgs): SearchResult {
  const compiled = compileOrThrowless(args.query);
  if ('error' in compiled) return { rows: [], nextCursor: null, total: null, error: compiled.error };
  const plan = planQuery(compiled.query);
  const after = args.cursor ? parseCursor(args.cursor) : null;
  let rows: LogLine[];
  let count: number | null = null;
  if (plan.fts === null) {
    ({ rows, count } = searchByTable(db, plan, args, after));
  } else {
    const fts = { ...plan, fts: plan.fts };
    const hits = walkHits(db, fts, {
      from: args.from,
      to: args.to,
      newest: args.order === 'newest',
      after,
      limit: args.limit + 1,
    });
    rows = readRows(
      db,
      hits.map((hit) => hit.id),
    );
    if (!after) count = countHits(db, fts, args.from, args.to, TOTAL_CAP + 1);
  }
  const more = rows.length > args.limit;
  const page = more ? rows.slice(0, args.limit) : rows;
  const last = page.at(-1);
  return {
    rows: page,
    nextCursor: more && last ? `${last.ts}:${last.id}` : null,
    total: count === null ? null : { count: Math.min(count, TOTAL_CAP), capped: count > TOTAL_CAP },
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
  const plan = planQuery(compiled.query);
  const clauses = ['l.ts >= @from', 'l.ts <= @to', ...plan.clauses];
  const params: Record<string, string | number> = { ...plan.params, from: args.from, to: args.to, width };
  let source = 'logs l';
  if (plan.fts !== null) {
    const span = new LogBlocks(db).idRange(args.from, args.to);
    if (!span) return { buckets, error: null };
    Object.assign(params, { fts: plan.fts, lo: span.first, hi: span.last });
    source = `(SELECT rowid AS id FROM logs_fts WHERE logs_fts MATCH @fts AND rowid BETWEEN @lo AND @hi) AS hits
      JOIN logs l ON l.id = hits.id`;
  }
  const rows = db
    .prepare(
      `SELECT CAST((l.ts - @from) / @width AS INTEGER) AS bucket, l.level AS level, count(*) AS n
       FROM ${source} WHERE ${clauses.join(' AND ')} GROUP BY bucket, level`,
    )
    .all(params) as { bucket: number; level: string; n: number }[];
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
