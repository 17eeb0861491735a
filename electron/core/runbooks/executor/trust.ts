import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/open';

/** Where a runbook came from: a file path, or `kb:<path>` for one that arrived by knowledge-base sync. */
export type RunbookSource = string;

export const KB_SOURCE_PREFIX = 'kb:';

function realOrResolved(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

function insideAny(file: string, dirs: readonly string[]): boolean {
  const real = realOrResolved(file);
  return dirs.some((dir) => {
    const relative = path.relative(realOrResolved(dir), real);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  });
}

/**
 * Runbooks from the workspace's own runbooks folders are trusted as they are; anything else (a synced
 * knowledge base, a file from elsewhere) only once a person has trusted this exact content.
 */
export function isTrusted(
  db: Db,
  runbookId: string,
  hash: string,
  source: RunbookSource,
  runbookDirs: readonly string[],
): boolean {
  if (!source.startsWith(KB_SOURCE_PREFIX) && insideAny(source, runbookDirs)) return true;
  return (
    db
      .prepare('SELECT 1 FROM runbook_trust WHERE runbook_id = ? AND content_hash = ?')
      .get(runbookId, hash) !== undefined
  );
}

/** Records that a person trusts this content of the runbook; a changed file needs trusting again. */
export function trustRunbook(db: Db, runbookId: string, hash: string, actor: string): void {
  db.prepare(
    `INSERT INTO runbook_trust (runbook_id, content_hash, trusted_by, trusted_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (runbook_id, content_hash) DO NOTHING`,
  ).run(runbookId, hash, actor, Date.now() * 1000);
}
