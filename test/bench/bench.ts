import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openWorkspaceDb } from '../../electron/core/db/open';
import { loadDemo } from '../../electron/core/demo';
import { benchIngest } from './ingest';
import { benchInvestigation } from './investigation';
import { benchMetrics } from './metrics';
import { benchPrometheusPull } from './prometheus';
import { benchSearch } from './search';
import { benchTemplates } from './templates';

/** `npm run bench`: each figure beside a baseline measured in the same run; medians over repeats. */

type Figures = Record<string, number>;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function tempFile(name: string): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'iwb-bench-')), name);
}

/** The floor any log ingest is measured against: plain inserts into an FTS5-indexed table. */
function rawFtsInsertPerSecond(rows: number): number {
  const db = new Database(tempFile('raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, ts INTEGER, message TEXT);
    CREATE VIRTUAL TABLE t_fts USING fts5 (message, content = 't', content_rowid = 'id');
    CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN INSERT INTO t_fts (rowid, message) VALUES (new.id, new.message); END;`);
  const insert = db.prepare('INSERT INTO t (ts, message) VALUES (?, ?)');
  const start = performance.now();
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      insert.run(
        i,
        `GET /api/v1/cart/${i % 977} 200 ${i % 313}ms user=${i % 5011} host=10.0.${i % 7}.${i % 251}`,
      );
    }
  });
  for (let i = 0; i < rows; i += 10_000) batch(i, Math.min(rows, i + 10_000));
  const seconds = (performance.now() - start) / 1000;
  db.close();
  return rows / seconds;
}

function benchDemo(repeats: number): Figures {
  const times: number[] = [];
  let logs = 0;
  for (let i = 0; i < repeats; i++) {
    const { db } = openWorkspaceDb(tempFile('demo.db'));
    const start = performance.now();
    const result = loadDemo(db);
    times.push((performance.now() - start) / 1000);
    logs = result.counts.logs;
    db.close();
  }
  const loadSeconds = median(times);
  return {
    'demo.load_s': Number(loadSeconds.toFixed(2)),
    'demo.log_lines': logs,
    'demo.baseline_fts_insert_s': Number((logs / rawFtsInsertPerSecond(logs)).toFixed(2)),
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const only =
    args
      .find((arg) => arg.startsWith('--only='))
      ?.slice('--only='.length)
      .split(',') ?? null;
  const wanted = (name: string) => only === null || only.includes(name);
  const figures: Figures = {
    ...(wanted('demo') ? benchDemo(quick ? 1 : 3) : {}),
    ...(wanted('ingest') ? benchIngest(quick) : {}),
    ...(wanted('templates') ? benchTemplates(quick) : {}),
    ...(wanted('prometheus') ? await benchPrometheusPull(quick) : {}),
    ...(wanted('search') ? await benchSearch(quick) : {}),
    ...(wanted('metrics') ? benchMetrics(quick) : {}),
    ...(wanted('investigation') ? await benchInvestigation(quick) : {}),
  };
  for (const [name, value] of Object.entries(figures)) console.error(`${name.padEnd(36)} ${value}`);
  console.log(JSON.stringify(figures));
}

void main();
