import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { latestSchemaVersion } from '../../electron/core/db/migrations';
import { openWorkspaceDb } from '../../electron/core/db/open';
import { appDataDir, resolveWorkspacePath } from '../../electron/core/db/paths';
import { AppError } from '../../electron/core/errors';
import { tempDir } from '../support/temp';

const digest = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function openError(file: string): AppError {
  try {
    openWorkspaceDb(file).db.close();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`expected ${file} to be refused`);
}

describe('opening a workspace', () => {
  it('creates a new workspace in WAL mode with synchronous=NORMAL and the whole schema', () => {
    const file = path.join(tempDir(), 'nested', 'workspace.db');
    const { db, schemaVersion } = openWorkspaceDb(file);
    try {
      expect(schemaVersion).toBe(latestSchemaVersion);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(1);
      const tables = (
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
      ).map((t) => t.name);
      for (const table of [
        'logs',
        'logs_fts',
        'log_templates',
        'metric_series',
        'metric_points',
        'spans',
        'incidents',
        'incident_events',
        'alerts',
        'sources',
        'sync_state',
        'findings',
        'evidence',
        'hypotheses',
        'runbook_runs',
        'step_runs',
        'postmortems',
        'postmortem_versions',
        'kb_documents',
        'schema_migrations',
      ]) {
        expect(tables).toContain(table);
      }
      const pointsTable = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'metric_points'").get() as {
        sql: string;
      };
      expect(pointsTable.sql).toMatch(/PRIMARY KEY \(series_id, ts\)\s*\) WITHOUT ROWID/);
    } finally {
      db.close();
    }
  });

  it('reopens an existing workspace without migrating it twice and keeps its rows', () => {
    const file = path.join(tempDir(), 'w.db');
    const first = openWorkspaceDb(file);
    first.db.prepare("INSERT INTO settings (key, value) VALUES ('kept', 'yes')").run();
    first.db.close();
    const second = openWorkspaceDb(file);
    try {
      expect(second.db.prepare("SELECT value FROM settings WHERE key = 'kept'").get()).toEqual({
        value: 'yes',
      });
      expect(second.db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({
        n: latestSchemaVersion,
      });
    } finally {
      second.db.close();
    }
  });

  it('finds logs through the full-text index as rows are written', () => {
    const { db } = openWorkspaceDb(path.join(tempDir(), 'w.db'));
    try {
      db.prepare(
        "INSERT INTO logs (source, ts, hash, service, level, message) VALUES ('t', 1, 1, 'checkout', 'error', 'connection pool exhausted')",
      ).run();
      const hits = db.prepare('SELECT rowid FROM logs_fts WHERE logs_fts MATCH \'"pool"\'').all();
      expect(hits).toHaveLength(1);
    } finally {
      db.close();
    }
  });

  it('refuses a file that is not SQLite and leaves it byte for byte as it was', () => {
    const file = path.join(tempDir(), 'notes.db');
    fs.writeFileSync(file, 'these are my incident notes, not a database\n'.repeat(100));
    const before = digest(file);
    const error = openError(file);
    expect(error.message).toMatch(/is not an Incident Workbench workspace/);
    expect(digest(file)).toBe(before);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a corrupt SQLite file without touching it', () => {
    const file = path.join(tempDir(), 'corrupt.db');
    const seed = new Database(file);
    seed.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
    seed.close();
    const bytes = fs.readFileSync(file);
    bytes.fill(0xff, 100, 4096);
    fs.writeFileSync(file, bytes);
    const before = digest(file);
    expect(openError(file).message).toMatch(/could not be read as a workspace|corrupt/);
    expect(digest(file)).toBe(before);
  });

  it('refuses a workspace written by a newer version and does not half-migrate it', () => {
    const file = path.join(tempDir(), 'newer.db');
    const newer = new Database(file);
    newer.exec(
      `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL);
       INSERT INTO schema_migrations VALUES (${latestSchemaVersion + 7}, 'future', 0);`,
    );
    newer.close();
    const before = digest(file);
    const error = openError(file);
    expect(error.code).toBe('conflict');
    expect(error.message).toContain(`schema ${latestSchemaVersion + 7}`);
    expect(error.message).toMatch(/Update the app/);
    expect(digest(file)).toBe(before);
  });

  it('says plainly when the path is a folder or its folder cannot be created', () => {
    const dir = tempDir();
    expect(openError(dir).message).toMatch(/is a folder/);
    const blocker = path.join(dir, 'plain-file');
    fs.writeFileSync(blocker, 'x');
    expect(openError(path.join(blocker, 'w.db')).message).toMatch(/Cannot create the workspace folder/);
  });

  it('resolves the workspace path from --db, then IWB_DB, then the per-user app-data folder', () => {
    expect(resolveWorkspacePath('/tmp/a.db', { IWB_DB: '/tmp/b.db' })).toBe('/tmp/a.db');
    expect(resolveWorkspacePath(undefined, { IWB_DB: '/tmp/b.db' })).toBe('/tmp/b.db');
    expect(resolveWorkspacePath(undefined, { XDG_DATA_HOME: '/data' })).toBe(
      process.platform === 'linux'
        ? '/data/incident-workbench/workspace.db'
        : path.join(appDataDir(), 'workspace.db'),
    );
  });
});
