import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWorkspaceDb } from '../../electron/core/db/open';
import { generateLogFile } from '../support/generate-logs';

/**
 * `iwb import` of a generated plain-text log (5 services) against the raw insert rate of the very same rows
 * into our logs table (FTS5 external content with its insert trigger), both in this run. The import runs as
 * the real command in a child process, so its peak RSS is the whole program's.
 */

/** `npm run bench` runs from the package root (the bundle in dist/bench has no import.meta). */
const ROOT = process.cwd();
const BATCH = 10_000;
/** The connection settings the import uses; the baseline gets the same, so only the work differs. */
const IMPORT_PRAGMAS = ['cache_size = -65536', 'temp_store = MEMORY'];

/** The logs columns the import fills, in insert order. */
const COLUMNS = ['source', 'stream', 'ts', 'hash', 'service', 'level', 'message', 'attrs'];

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Runs the built command with a preload that records the process's peak RSS when it exits. */
function importInChild(
  dir: string,
  file: string,
  db: string,
): { seconds: number; stored: number; rssMb: number } {
  const probe = path.join(dir, 'rss-probe.cjs');
  const rssFile = path.join(dir, 'rss.txt');
  fs.writeFileSync(
    probe,
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`,
  );
  const result = spawnSync(
    process.execPath,
    ['--require', probe, path.join(ROOT, 'bin', 'iwb.cjs'), 'import', file, '--db', db, '--json'],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  if (result.status !== 0) throw new Error(`iwb import failed (${result.status}): ${result.stderr}`);
  const summary = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as {
    files: { seconds: number; stored: number }[];
  };
  const first = summary.files[0];
  if (!first) throw new Error('iwb import printed no file summary');
  return {
    seconds: first.seconds,
    stored: first.stored,
    rssMb: Number(fs.readFileSync(rssFile, 'utf8')) / 1024,
  };
}

function readRows(dbFile: string): unknown[][] {
  const { db } = openWorkspaceDb(dbFile);
  try {
    return db
      .prepare(`SELECT ${COLUMNS.join(', ')} FROM logs ORDER BY id`)
      .raw()
      .all() as unknown[][];
  } finally {
    db.close();
  }
}

/** The floor: one prepared INSERT into the logs table (and so its FTS trigger), 10,000 rows a transaction. */
function rawInsertPerSecond(dbFile: string, rows: readonly unknown[][]): number {
  const { db } = openWorkspaceDb(dbFile);
  for (const pragma of IMPORT_PRAGMAS) db.pragma(pragma);
  const insert = db.prepare(
    `INSERT INTO logs (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`,
  );
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) insert.run(rows[i]);
  });
  const start = performance.now();
  for (let i = 0; i < rows.length; i += BATCH) batch(i, Math.min(rows.length, i + BATCH));
  const seconds = (performance.now() - start) / 1000;
  db.close();
  return rows.length / seconds;
}

export function benchIngest(quick: boolean): Record<string, number> {
  const lines = quick ? 200_000 : 1_000_000;
  // Import and baseline alternate, so a busy moment on a shared machine does not land on one side only.
  const repeats = 3;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iwb-bench-ingest-'));
  try {
    // The command must be the current code: build it as `npm run build:node` does.
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-node.mjs')], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    const file = path.join(dir, 'services.log');
    const generated = generateLogFile(file, { lines });
    const rates: number[] = [];
    const baselines: number[] = [];
    const rss: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const db = path.join(dir, `import-${i}.db`);
      const run = importInChild(dir, file, db);
      if (run.stored !== generated.entries) {
        throw new Error(`the import stored ${run.stored} rows of ${generated.entries}`);
      }
      rates.push(generated.lines / run.seconds);
      rss.push(run.rssMb);
      baselines.push(rawInsertPerSecond(path.join(dir, `raw-${i}.db`), readRows(db)));
      for (const name of [db, path.join(dir, `raw-${i}.db`)]) {
        for (const suffix of ['', '-wal', '-shm']) fs.rmSync(name + suffix, { force: true });
      }
    }
    const rate = median(rates);
    const baseline = median(baselines);
    return {
      'ingest.lines': generated.lines,
      'ingest.lines_per_s': Math.round(rate),
      'ingest.baseline_fts_insert_per_s': Math.round(baseline),
      'ingest.ratio': Number((rate / baseline).toFixed(2)),
      'ingest.peak_rss_mb': Math.round(median(rss)),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
