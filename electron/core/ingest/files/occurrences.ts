import { naturalKeyHash } from '../../db/writers/logs';

/** How many distinct recent timestamps are remembered; enough for the jitter of multi-threaded loggers. */
const RECENT_TIMESTAMPS = 32;

interface Group {
  ts: number;
  /** The first line at this time, hashed only if another line shares the time. */
  firstMessage: string;
  firstAttrs: string | null;
  counts: Map<number, number> | null;
}

/**
 * Numbers repeats of the same line at the same timestamp within a file (two identical health checks in
 * one second of an access log). The natural key (source, stream, ts, hash) would fold them into one row;
 * numbering them keeps every line while a re-import of the same file still maps each to the same key.
 * Only the last few distinct timestamps are remembered, so memory stays flat on any file, and a line
 * with a time of its own (the usual case) costs no hashing at all.
 */
export class OccurrenceCounter {
  private readonly groups: Group[] = [];
  private next = 0;

  /** 1 for the first sighting of the line at `ts` among recent timestamps, 2 for the second, and so on. */
  see(ts: number, message: string, attrs: string | null): number {
    const group = this.find(ts);
    if (group === null) {
      this.remember({ ts, firstMessage: message, firstAttrs: attrs, counts: null });
      return 1;
    }
    group.counts ??= new Map([[naturalKeyHash(group.firstMessage, group.firstAttrs), 1]]);
    const hash = naturalKeyHash(message, attrs);
    const seen = (group.counts.get(hash) ?? 0) + 1;
    group.counts.set(hash, seen);
    return seen;
  }

  private find(ts: number): Group | null {
    const groups = this.groups;
    // The newest group first: most lines share or follow the timestamp of the line before.
    for (let k = 0, i = this.next - 1; k < groups.length; k++, i--) {
      const group = groups[(i + groups.length) % groups.length] as Group;
      if (group.ts === ts) return group;
    }
    return null;
  }

  private remember(group: Group): void {
    if (this.groups.length < RECENT_TIMESTAMPS) this.groups.push(group);
    else this.groups[this.next] = group;
    this.next = (this.next + 1) % RECENT_TIMESTAMPS;
  }
}
