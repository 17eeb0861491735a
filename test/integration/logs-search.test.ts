import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspaceDb, type Db } from '../../electron/core/db/open';
import { createLogWriter, type LogLevel, type LogRow } from '../../electron/core/db/writers/logs';
import { createLogsHandlers, type LogsHandlers } from '../../electron/core/explore/logs';
import { tempDir } from '../support/temp';

const T0 = 1_700_000_000_000_000;
const SECOND = 1_000_000;
const services = ['checkout', 'payments', 'inventory'];
const levels: LogLevel[] = ['info', 'info', 'warn', 'error'];

let db: Db;
let logs: LogsHandlers;

function lines(): LogRow[] {
  const rows: LogRow[] = [];
  for (let i = 0; i < 300; i++) {
    const level = levels[i % levels.length]!;
    rows.push({
      source: 'test',
      // Pairs of lines share a timestamp, so paging must break ties by id.
      ts: T0 + Math.floor(i / 2) * SECOND,
      service: services[i % services.length]!,
      level,
      message:
        level === 'error'
          ? `payment declined for order ${i} card_expired`
          : `request ${i} handled in ${i % 50} ms by db-${i % 4}`,
      attrs: { order: i, region: 'eu-west-1' },
      traceId: i % 10 === 0 ? `trace-${i}` : null,
    });
  }
  return rows;
}

beforeAll(() => {
  db = openWorkspaceDb(path.join(tempDir(), 'workspace.db')).db;
  createLogWriter(db).write(lines());
  logs = createLogsHandlers(db);
});

afterAll(() => db.close());

const range = { from: T0, to: T0 + 1000 * SECOND };

async function search(
  query: string,
  extra: { order?: 'newest' | 'oldest'; cursor?: string; limit?: number } = {},
) {
  return logs.searchLogs({
    query,
    ...range,
    order: extra.order ?? 'newest',
    limit: extra.limit ?? 50,
    cursor: extra.cursor,
  });
}

async function allPages(query: string, order: 'newest' | 'oldest', limit: number) {
  const ids: number[] = [];
  const stamps: number[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const result = await search(query, { order, cursor, limit });
    ids.push(...result.rows.map((row) => row.id));
    stamps.push(...result.rows.map((row) => row.ts));
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return { ids, stamps };
}

describe('log search', () => {
  it('finds lines by words, phrases and prefixes and counts them', async () => {
    const declined = await search('declined');
    expect(declined.error).toBeNull();
    expect(declined.total).toEqual({ count: 75, capped: false });
    expect(declined.rows.every((row) => row.message.includes('declined'))).toBe(true);
    expect((await search('"declined for order"')).total?.count).toBe(75);
    expect((await search('card_exp*')).total?.count).toBe(75);
    expect((await search('db-1')).total?.count).toBe(75);
    expect((await search('nothing_like_this')).rows).toEqual([]);
  });

  it('filters by service, level and trace, alone and with text', async () => {
    expect((await search('service:checkout')).total?.count).toBe(100);
    expect((await search('level:warn,error')).total?.count).toBe(150);
    expect((await search('service:checkout declined')).rows.every((r) => r.service === 'checkout')).toBe(
      true,
    );
    expect((await search('-level:info')).total?.count).toBe(150);
    const traced = await search('trace:trace-20');
    expect(traced.rows.map((row) => row.traceId)).toEqual(['trace-20']);
    expect((await search('handled NOT db-0')).total?.count).toBe(150);
  });

  it('pages through every match exactly once, in either order', async () => {
    const newest = await allPages('handled', 'newest', 17);
    expect(newest.ids).toHaveLength(225);
    expect(new Set(newest.ids).size).toBe(225);
    expect(newest.stamps).toEqual([...newest.stamps].sort((a, b) => b - a));
    const oldest = await allPages('', 'oldest', 23);
    expect(oldest.ids).toHaveLength(300);
    expect(new Set(oldest.ids).size).toBe(300);
    expect(oldest.stamps).toEqual([...oldest.stamps].sort((a, b) => a - b));
  });

  it('keeps to the time range', async () => {
    const result = await logs.searchLogs({
      query: '',
      from: T0 + 10 * SECOND,
      to: T0 + 19 * SECOND,
      order: 'oldest',
      limit: 100,
    });
    expect(result.total?.count).toBe(20);
    expect(result.rows[0]?.ts).toBe(T0 + 10 * SECOND);
  });

  it('draws a histogram whose bars add up to the total', async () => {
    for (const query of ['', 'declined', 'service:payments level:error,info']) {
      const histogram = await logs.logHistogram({ query, ...range, buckets: 40 });
      const sum = histogram.buckets.reduce(
        (acc, bucket) => acc + Object.values(bucket.counts).reduce((a, b) => a + b, 0),
        0,
      );
      expect(histogram.buckets).toHaveLength(40);
      expect(sum, query).toBe((await search(query)).total?.count);
    }
    const errors = await logs.logHistogram({ query: 'level:error', ...range, buckets: 10 });
    expect(
      errors.buckets.every((bucket) => Object.keys(bucket.counts).every((level) => level === 'error')),
    ).toBe(true);
  });

  it('shows one line with all its attributes', async () => {
    const [first] = (await search('trace:trace-0')).rows;
    const detail = await logs.getLogRow({ id: first!.id });
    expect(detail.attrs).toEqual({ order: 0, region: 'eu-west-1' });
    expect(detail.traceId).toBe('trace-0');
    expect(() => logs.getLogRow({ id: 999_999 })).toThrow(/no log line/);
  });

  it('answers hostile queries with a message instead of throwing', async () => {
    for (const query of [
      '"',
      '(',
      ')',
      '*',
      'NEAR',
      'AND',
      'a OR',
      'level:nope',
      "'; DROP TABLE logs; --",
      '\u0000',
    ]) {
      const result = await search(query);
      expect(result.error === null || result.error.message.length > 0, query).toBe(true);
      const histogram = await logs.logHistogram({ query, ...range, buckets: 5 });
      expect(histogram.error?.message ?? null, query).toBe(result.error?.message ?? null);
    }
    expect((await search('(')).error).toMatchObject({ position: 0 });
  });

  it('lists no templates while no line has one', async () => {
    expect(await logs.listLogTemplates({ ...range, limit: 10 })).toEqual([]);
  });
});
