import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/open';

/** Must match the `id >> 12` in the log_blocks trigger; arithmetic, not JS shifts, which wrap at 2^31. */
const BLOCK_SIZE = 4096;

const blockOf = (id: number): number => Math.floor(id / BLOCK_SIZE);

interface BlockRow {
  block: number;
  min_ts: number;
  max_ts: number;
}

/**
 * Bounds on the timestamps of rows by row id, read from log_blocks: what lets a search stop walking the
 * full-text hits once nothing further can change the page.
 */
export class LogBlocks {
  private readonly blocks: BlockRow[];
  /** latestBelow[i]: the latest timestamp in blocks 0..i. */
  private readonly latestBelow: number[];
  /** earliestAbove[i]: the earliest timestamp in blocks i..end. */
  private readonly earliestAbove: number[];

  private readonly partial: Statement;
  private readonly partialMin: Statement;

  constructor(db: Db) {
    this.partial = db.prepare('SELECT max(ts) FROM logs WHERE id BETWEEN @lo AND @hi').pluck();
    this.partialMin = db.prepare('SELECT min(ts) FROM logs WHERE id BETWEEN @lo AND @hi').pluck();
    this.blocks = db
      .prepare('SELECT block, min_ts, max_ts FROM log_blocks ORDER BY block')
      .all() as BlockRow[];
    this.latestBelow = [];
    let latest = -Infinity;
    for (const row of this.blocks) {
      latest = Math.max(latest, row.max_ts);
      this.latestBelow.push(latest);
    }
    this.earliestAbove = new Array<number>(this.blocks.length);
    let earliest = Infinity;
    for (let index = this.blocks.length - 1; index >= 0; index -= 1) {
      earliest = Math.min(earliest, this.blocks[index]!.min_ts);
      this.earliestAbove[index] = earliest;
    }
  }

  /** Index of the last block whose number is at most `block`, or -1. */
  private lastAtMost(block: number): number {
    let low = 0;
    let high = this.blocks.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.blocks[middle]!.block <= block) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }

  /**
   * The latest timestamp of any row with an id below `id`, or -Infinity: the whole blocks below from the
   * summary, the part of `id`'s own block from the rows themselves (one short range scan), so a walk that
   * stopped mid-block gets a tight bound.
   */
  latestBefore(id: number): number {
    const start = blockOf(id) * BLOCK_SIZE;
    const index = this.lastAtMost(blockOf(id) - 1);
    const whole = index < 0 ? -Infinity : this.latestBelow[index]!;
    const part = this.partial.get({ lo: start, hi: id - 1 }) as number | null;
    return Math.max(whole, part ?? -Infinity);
  }

  /** The earliest timestamp of any row with an id above `id`, or Infinity; see latestBefore. */
  earliestAfter(id: number): number {
    const end = (blockOf(id) + 1) * BLOCK_SIZE - 1;
    const start = this.lastAtMost(blockOf(id)) + 1;
    const whole = start >= this.blocks.length ? Infinity : this.earliestAbove[start]!;
    const part = this.partialMin.get({ lo: id + 1, hi: end }) as number | null;
    return Math.min(whole, part ?? Infinity);
  }

  /**
   * The id range [first, last] of the blocks that can hold a row in [from, to]; null when none can. Walking the
   * hits within it skips the parts of the cache that lie wholly outside the range.
   */
  idRange(from: number, to: number): { first: number; last: number } | null {
    let first: number | null = null;
    let last: number | null = null;
    for (const row of this.blocks) {
      if (row.max_ts < from || row.min_ts > to) continue;
      first ??= row.block * BLOCK_SIZE;
      last = (row.block + 1) * BLOCK_SIZE - 1;
    }
    return first === null || last === null ? null : { first, last };
  }

  /**
   * The range [from, to] cut into id ranges that are wholly inside it (every row's time is in range, so the
   * index alone can count them) and ranges that straddle an edge (each row's time must be checked).
   */
  partition(from: number, to: number): { inside: boolean; first: number; last: number }[] {
    const parts: { inside: boolean; first: number; last: number }[] = [];
    for (const row of this.blocks) {
      if (row.max_ts < from || row.min_ts > to) continue;
      const inside = row.min_ts >= from && row.max_ts <= to;
      const first = row.block * BLOCK_SIZE;
      const last = (row.block + 1) * BLOCK_SIZE - 1;
      const previous = parts.at(-1);
      if (previous && previous.inside === inside && previous.last + 1 === first) previous.last = last;
      else parts.push({ inside, first, last });
    }
    return parts;
  }
}
