import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError, errorMessage } from '../errors';
import { latestSchemaVersion, migrations } from './migrations';

export type Db = Database.Database;

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

function assertLooksLikeSqlite(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    const header = Buffer.alloc(SQLITE_HEADER.length);
    const read = fs.readSync(fd, header, 0, header.length, 0);
    if (read === 0) return;
    if (read < header.length || !header.equals(SQLITE_HEADER)) {
      throw new AppError(
        'invalid_args',
        `${file} is not an Incident Workbench workspace (not an SQLite database); choose another file with --db or move this one away.`,
      );
    }
  } finally {
    fs.closeSync(fd);
  }
}

function schemaVersionOf(db: Db): number {
  const table = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  if (!table) return 0;
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as {
    version: number | null;
  };
  return row.version ?? 0;
}

/** Reads the schema version without writing anything, so a file we must refuse stays untouched. */
function inspectExisting(file: string): number {
  assertLooksLikeSqlite(file);
  let db: Db | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    return schemaVersionOf(db);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError(
      'invalid_args',
      `${file} could not be read as a workspace (${errorMessage(error)}); it may be corrupt. Restore it from a backup or choose another file with --db.`,
    );
  } finally {
    db?.close();
  }
}

function ensureWritableFolder(file: string): void {
  const dir = path.dirname(file);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new AppError(
      'invalid_args',
      `Cannot create the workspace folder ${dir} (${errorMessage(error)}); choose a writable location with --db.`,
    );
  }
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new AppError(
      'invalid_args',
      `The folder ${dir} is read-only; the workspace needs to write there. Choose a writable location with --db.`,
    );
  }
}

function migrate(db: Db, from: number): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, Date.now() * 1000);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}

export interface OpenedDb {
  db: Db;
  path: string;
  schemaVersion: number;
}

/**
 * Opens (or creates) a workspace: WAL, synchronous=NORMAL, migrated to the latest schema.
 * Refuses files that are not ours or were written by a newer version, without modifying them.
 */
export function openWorkspaceDb(file: string): OpenedDb {
  const exists = fs.existsSync(file);
  if (exists && fs.statSync(file).isDirectory()) {
    throw new AppError('invalid_args', `${file} is a folder; --db takes the path of a workspace file.`);
  }
  const found = exists ? inspectExisting(file) : 0;
  if (found > latestSchemaVersion) {
    throw new AppError(
      'conflict',
      `${file} was written by a newer Incident Workbench (schema ${found}; this version knows up to ${latestSchemaVersion}). Update the app to open it; the file was not changed.`,
    );
  }
  ensureWritableFolder(file);
  let db: Db;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Every log insert fires the FTS trigger, whose statement journal would otherwise go to a temp file.
    db.pragma('temp_store = MEMORY');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
  } catch (error) {
    throw new AppError(
      'unavailable',
      `Cannot open the workspace ${file} for writing (${errorMessage(error)}); check the file's permissions or choose another with --db.`,
    );
  }
  try {
    migrate(db, found);
  } catch (error) {
    db.close();
    throw new AppError(
      'internal',
      `Upgrading the workspace ${file} failed (${errorMessage(error)}); it was left at schema ${found}.`,
    );
  }
  return { db, path: file, schemaVersion: latestSchemaVersion };
}
