import type { Db } from '../../db/open';
import { LogBlocks } from './blocks';
import type { QueryPlan } from './plan';

export interface HitRow {
  id: number;
  ts: number;
}

export interface WalkArgs {
  from: number;
  to: number;
  newest: boolean;
  /** Rows strictly after this (ts, id) in the walk's order: the previous page's last row. */
  after: { ts: number; id: number } | null;
  limit: number;
}

const LARGEST_CHUNK = 65_536;

function comesBefore(newest: boolean, a: HitRow, b: HitRow): number {
  return newest ? b.ts - a.ts || b.id - a.id : a.ts - b.ts || a.id - b.id;
}

/**
 * The ids of the first `limit` matching rows in time order, read by walking the full-text hits by row id
 * from the end nearest the wanted times, a growing chunk at a time, and stopping once the block bounds prove
 * that no row still unread could come before the last one kept. Lines that arrived in time order end the
 * walk after a chunk or two however many lines match; lines that did not only make it read further.
 */
export function walkHits(db: Db, plan: QueryPlan & { fts: string }, args: WalkArgs): HitRow[] {
  const blocks = new LogBlocks(db);
  const span = blocks.idRange(args.from, args.to);
  if (!span) return [];
  const { newest } = args;
  const clauses = ['l.ts >= @from', 'l.ts <= @to', ...plan.clauses];
  if (args.after) clauses.push(newest ? '(l.ts, l.id) < (@ats, @aid)' : '(l.ts, l.id) > (@ats, @aid)');
  const chunkIds = db
    .prepare(
      `SELECT rowid AS id FROM logs_fts WHERE logs_fts MATCH @fts AND rowid BETWEEN @lo AND @hi
       ORDER BY rowid ${newest ? 'DESC' : 'ASC'} LIMIT @chunk`,
    )
    .pluck();
  const rows = db.prepare(
    `SELECT l.id, l.ts FROM json_each(@ids) AS hit JOIN logs l ON l.id = hit.value WHERE ${clauses.join(' AND ')}`,
  );
  const base = {
    ...plan.params,
    fts: plan.fts,
    from: args.from,
    to: args.to,
    ...(args.after ? { ats: args.after.ts, aid: args.after.id } : {}),
  };
  let kept: HitRow[] = [];
  let lo = span.first;
  let hi = span.last;
  let chunk = args.limit;
  for (;;) {
    const ids = chunkIds.all({ ...base, lo, hi, chunk }) as number[];
    if (ids.length === 0) return kept;
    kept.push(...(rows.all({ ...base, ids: JSON.stringify(ids) }) as HitRow[]));
    kept.sort((a, b) => comesBefore(newest, a, b));
    if (kept.length > args.limit) kept = kept.slice(0, args.limit);
    if (ids.length < chunk) return kept;
    const edge = ids.at(-1)!;
    if (newest) hi = edge - 1;
    else lo = edge + 1;
    const bound = newest ? blocks.latestBefore(edge) : blocks.earliestAfter(edge);
    if (newest ? bound < args.from : bound > args.to) return kept;
    const last = kept[args.limit - 1];
    if (last && (newest ? last.ts >= bound : last.ts <= bound)) return kept;
    chunk = Math.min(LARGEST_CHUNK, chunk * 4);
  }
}

/**
 * How many rows match, up to `cap`. Id ranges whose every row is inside the time range are counted by the
 * full-text index alone; only the ranges that straddle an edge of it, or a query with a trace filter, look
 * at the rows.
 */
export function countHits(
  db: Db,
  plan: QueryPlan & { fts: string },
  from: number,
  to: number,
  cap: number,
): number {
  const blocks = new LogBlocks(db);
  const byIndex = db.prepare(
    `SELECT count(*) AS n FROM (SELECT 1 FROM logs_fts WHERE logs_fts MATCH @fts AND rowid BETWEEN @lo AND @hi
     LIMIT @left)`,
  );
  const clauses = ['l.ts >= @from', 'l.ts <= @to', ...plan.clauses];
  const byRows = db.prepare(
    `SELECT count(*) AS n FROM (SELECT 1 FROM logs l
     WHERE l.id IN (SELECT rowid FROM logs_fts WHERE logs_fts MATCH @fts AND rowid BETWEEN @lo AND @hi)
       AND ${clauses.join(' AND ')} LIMIT @left)`,
  );
  let total = 0;
  for (const part of blocks.partition(from, to)) {
    const params = {
      ...plan.params,
      fts: plan.fts,
      from,
      to,
      lo: part.first,
      hi: part.last,
      left: cap - total,
    };
    const useIndex = part.inside && plan.clauses.length === 0;
    total += ((useIndex ? byIndex : byRows).get(params) as { n: number }).n;
    if (total >= cap) return cap;
  }
  return total;
}
