import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { IWB } from '../support/cli';
import { generateLogFile } from '../support/generate-logs';
import { tempDir } from '../support/temp';

const LINES = 1_000_000;
/** Kill once a few batches are committed: well inside the import, long before its end. */
const KILL_AFTER_ROWS = 30_000;

/** The committed row count, read through a separate read-only connection; null until the table exists. */
function committedRows(db: string): number | null {
  let conn: Database.Database | undefined;
  try {
    conn = new Database(db, { readonly: true, fileMustExist: true });
    return (conn.prepare('SELECT COUNT(*) AS n FROM logs').get() as { n: number }).n;
  } catch {
    return null;
  } finally {
    conn?.close();
  }
}

describe('iwb import after a crash', () => {
  it('killed with SIGKILL mid-import and run again, stores every line exactly once', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'services.log');
    const db = path.join(dir, 'w.db');
    const generated = generateLogFile(file, { lines: LINES });

    const child = spawn(process.execPath, [IWB, 'import', file, '--db', db], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    let seen = 0;
    while (seen < KILL_AFTER_ROWS && child.exitCode === null) {
      await sleep(50);
      seen = committedRows(db) ?? 0;
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const survived = committedRows(db) ?? 0;
    expect(survived).toBeGreaterThanOrEqual(KILL_AFTER_ROWS);
    expect(survived).toBeLessThan(generated.entries);

    // Not runIwb: its two-minute cap is tight for a million rows on a busy two-core machine.
    const rerun = spawnSync(process.execPath, [IWB, 'import', file, '--db', db, '--json'], {
      encoding: 'utf8',
      timeout: 400_000,
    });
    expect(rerun.status).toBe(0);
    const summary = JSON.parse(rerun.stdout.trim().split('\n').pop() ?? '{}') as {
      files: { stored: number; duplicates: number; rejected: number }[];
    };
    expect(summary.files[0]).toEqual(
      expect.objectContaining({ stored: generated.entries - survived, duplicates: survived, rejected: 0 }),
    );

    const conn = new Database(db);
    try {
      const counts = conn.prepare('SELECT COUNT(*) AS rows, COUNT(DISTINCT ts) AS times FROM logs').get() as {
        rows: number;
        times: number;
      };
      // The generator's timestamps strictly increase, so a doubled line would show as a repeated time.
      expect(counts).toEqual({ rows: generated.entries, times: generated.entries });
      expect(conn.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(() => conn.exec("INSERT INTO logs_fts (logs_fts) VALUES ('integrity-check')")).not.toThrow();
    } finally {
      conn.close();
    }
  }, 600_000);
});
