import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWorkspaceDb } from '../../electron/core/db/open';
import { searchLogs } from '../../electron/core/explore/logs/search';
import { importFile } from '../../electron/core/ingest/files';
import { generateLogFile } from '../support/generate-logs';

/**
 * First-page latency of searchLogs over generated journald-style lines, beside the same-run time of
 * `grep -c` over the same text file for the same words: the floor an engineer would otherwise reach for.
 */

/** Each query with the fixed string grep is given for it. */
const QUERIES: [string, string][] = [
  ['declined', 'declined'],
  ['deadlock', 'deadlock'],
  ['ECONNRESET', 'ECONNRESET'],
  ['HikariPool', 'HikariPool'],
  ['authorised', 'authorised'],
  ['renewed', 'renewed'],
  ['redis', 'redis'],
  ['"connection is not available"', 'Connection is not available'],
  ['"upstream timeout"', 'upstream timeout'],
  ['"deadlock detected"', 'deadlock detected'],
  ['"request timed out"', 'request timed out'],
  ['reserv*', 'reserv'],
  ['sku*', 'sku-'],
  ['cart*', 'cart'],
  ['service:payments declined', 'declined'],
  ['level:error deadlock', 'deadlock'],
  ['service:auth redis', 'redis'],
  ['service:checkout level:error HikariPool', 'HikariPool'],
  ['timeout OR deadlock', 'timeout'],
  ['order_items NOT deadlock', 'order_items'],
];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function grepMs(file: string, word: string): number {
  const start = performance.now();
  try {
    execFileSync('grep', ['-c', '-i', '-F', word, file], { stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    // grep exits 1 when nothing matches; the time is what counts.
  }
  return performance.now() - start;
}

export async function benchSearch(quick: boolean): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iwb-bench-search-'));
  try {
    const file = path.join(dir, 'services.log');
    generateLogFile(file, { lines: quick ? 200_000 : 1_000_000 });
    const { db } = openWorkspaceDb(path.join(dir, 'workspace.db'));
    try {
      await importFile(db, file);
      const stored = (db.prepare('SELECT count(*) AS n FROM logs').get() as { n: number }).n;
      const searchTimes: number[] = [];
      const grepTimes: number[] = [];
      for (const [query, word] of QUERIES) {
        const start = performance.now();
        const result = searchLogs(db, {
          query,
          from: 0,
          to: Number.MAX_SAFE_INTEGER,
          order: 'newest',
          limit: 200,
        });
        searchTimes.push(performance.now() - start);
        if (result.error) throw new Error(`the bench query ${query} does not parse: ${result.error.message}`);
        grepTimes.push(grepMs(file, word));
      }
      return {
        'search.lines': stored,
        'search.p50_ms': Number(percentile(searchTimes, 50).toFixed(1)),
        'search.p95_ms': Number(percentile(searchTimes, 95).toFixed(1)),
        'search.grep_ms': Number(percentile(grepTimes, 50).toFixed(1)),
      };
    } finally {
      db.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
