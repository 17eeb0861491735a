import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../electron/core/demo/prng';
import { openWorkspaceDb, type Db } from '../../electron/core/db/open';
import { createLogWriter, type LogRow } from '../../electron/core/db/writers/logs';
import { searchLogs } from '../../electron/core/explore/logs/search';
import { tempDir } from '../support/temp';

const T0 = 1_800_000_000_000_000;
const SECOND = 1_000_000;
const services = ['checkout', 'payments', 'api-gateway'];
const words = ['timeout', 'declined', 'refused', 'ok', 'retry'];

interface Stored {
  id: number;
  ts: number;
  service: string;
  level: string;
  message: string;
}

let db: Db;
let stored: Stored[];

/**
 * Three batches as a real cache gets them: a recent import, then an older file imported after it, then a
 * sync whose lines interleave with both. Row ids then say little about time, which is what the search's
 * early stop must not be fooled by.
 */
function batch(rng: Rng, count: number, start: number, spread: number, tag: string): LogRow[] {
  return Array.from({ length: count }, (_, index) => {
    const word = rng.pick(words);
    return {
      source: tag,
      ts: start + rng.int(0, spread),
      service: services[index % services.length]!,
      level: word === 'ok' ? 'info' : index % 4 === 0 ? 'error' : 'warn',
      message: `${tag} request ${index} ${word} after ${rng.int(0, 900)} ms`,
    };
  });
}

beforeAll(() => {
  db = openWorkspaceDb(path.join(tempDir(), 'workspace.db')).db;
  const rng = new Rng(7);
  const writer = createLogWriter(db);
  writer.write(batch(rng, 9000, T0 + 10_000 * SECOND, 5000 * SECOND, 'recent'));
  writer.write(batch(rng, 9000, T0, 5000 * SECOND, 'older'));
  writer.write(batch(rng, 6000, T0 + 2000 * SECOND, 12_000 * SECOND, 'sync'));
  stored = db.prepare('SELECT id, ts, service, level, message FROM logs').all() as Stored[];
}, 60_000);

afterAll(() => db.close());

function expected(match: (row: Stored) => boolean, from: number, to: number, newest: boolean): number[] {
  return stored
    .filter((row) => row.ts >= from && row.ts <= to && match(row))
    .sort((a, b) => (newest ? b.ts - a.ts || b.id - a.id : a.ts - b.ts || a.id - b.id))
    .map((row) => row.id);
}

function pages(query: string, from: number, to: number, order: 'newest' | 'oldest', limit: number) {
  const ids: number[] = [];
  let cursor: string | undefined;
  let total: number | null = null;
  for (;;) {
    const page = searchLogs(db, { query, from, to, order, limit, cursor });
    expect(page.error).toBeNull();
    total ??= page.total?.count ?? null;
    ids.push(...page.rows.map((row) => row.id));
    if (!page.nextCursor) return { ids, total };
    cursor = page.nextCursor;
  }
}

describe('log search over lines stored out of time order', () => {
  const cases: [string, (row: Stored) => boolean][] = [
    ['declined', (row) => row.message.includes(' declined ')],
    ['ret*', (row) => row.message.includes(' retry ')],
    [
      'service:payments level:error refused',
      (row) => row.service === 'payments' && row.level === 'error' && row.message.includes(' refused '),
    ],
    [
      'timeout NOT service:checkout',
      (row) => row.service !== 'checkout' && row.message.includes(' timeout '),
    ],
  ];
  const windows: [string, number, number][] = [
    ['everything', 0, Number.MAX_SAFE_INTEGER],
    ['a window that cuts through all three batches', T0 + 3000 * SECOND, T0 + 11_000 * SECOND],
  ];

  for (const [query, match] of cases) {
    for (const [label, from, to] of windows) {
      it(`returns every "${query}" line of ${label}, newest and oldest first, each once, and counts them`, () => {
        for (const order of ['newest', 'oldest'] as const) {
          const want = expected(match, from, to, order === 'newest');
          expect(want.length).toBeGreaterThan(100);
          const got = pages(query, from, to, order, 250);
          expect(got.ids).toEqual(want);
          expect(got.total).toBe(want.length);
        }
      });
    }
  }

  it('draws a histogram that adds up to the same count', async () => {
    const { logHistogram } = await import('../../electron/core/explore/logs/search');
    const from = T0 + 3000 * SECOND;
    const to = T0 + 11_000 * SECOND;
    const histogram = logHistogram(db, { query: 'service:payments declined', from, to, buckets: 40 });
    const sum = histogram.buckets.reduce(
      (total, bucket) => total + Object.values(bucket.counts).reduce((a, b) => a + b, 0),
      0,
    );
    expect(sum).toBe(
      expected((row) => row.service === 'payments' && row.message.includes(' declined '), from, to, true)
        .length,
    );
  });
});
