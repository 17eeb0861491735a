import type {
  PostmortemDocument,
  PostmortemVersion,
  PostmortemVersionSummary,
} from '../../../shared/methods/postmortem';
import type { Db } from '../db/open';
import { AppError } from '../errors';

const AUTOSAVE_COALESCE_US = 60_000_000;

interface PostmortemRow {
  id: number;
  incident_id: string;
  title: string;
  current_version: number;
  updated_at: number;
}

interface VersionRow {
  version: number;
  content: string;
  author: string | null;
  reason: PostmortemVersion['reason'];
  created_at: number;
}

const toVersion = (row: VersionRow): PostmortemVersion => ({
  version: row.version,
  reason: row.reason,
  author: row.author,
  createdAt: row.created_at,
  chars: row.content.length,
  markdown: row.content,
});

function postmortemRow(db: Db, incidentId: string): PostmortemRow | undefined {
  return db.prepare('SELECT * FROM postmortems WHERE incident_id = ?').get(incidentId) as
    PostmortemRow | undefined;
}

function versionRow(db: Db, postmortemId: number, version: number): VersionRow | undefined {
  return db
    .prepare('SELECT * FROM postmortem_versions WHERE postmortem_id = ? AND version = ?')
    .get(postmortemId, version) as VersionRow | undefined;
}

function requirePostmortem(db: Db, incidentId: string): PostmortemRow {
  const row = postmortemRow(db, incidentId);
  if (!row) throw new AppError('not_found', `Incident '${incidentId}' has no saved post-mortem yet.`);
  return row;
}

export function getPostmortem(db: Db, incidentId: string): PostmortemDocument | null {
  const row = postmortemRow(db, incidentId);
  if (!row) return null;
  const current = versionRow(db, row.id, row.current_version);
  if (!current) return null;
  return {
    incidentId,
    title: row.title,
    currentVersion: row.current_version,
    markdown: current.content,
    updatedAt: row.updated_at,
  };
}

/**
 * Saves the text as the current version. Unchanged text adds nothing; an autosave within a minute of the
 * last version, when that one is an autosave too, replaces it; a manual save or a restore is never replaced.
 * The transaction commits before this returns, so a crash right after loses nothing that was saved.
 */
export function saveDraft(
  db: Db,
  incidentId: string,
  markdown: string,
  options: { autosave: boolean; actor: string; reason?: PostmortemVersion['reason']; now?: number },
): PostmortemDocument {
  const now = options.now ?? Date.now() * 1000;
  const reason = options.reason ?? (options.autosave ? 'autosave' : 'manual');
  db.transaction(() => {
    const incident = db.prepare('SELECT title FROM incidents WHERE id = ?').get(incidentId) as
      { title: string } | undefined;
    if (!incident) throw new AppError('not_found', `There is no incident '${incidentId}' in this workspace.`);
    let row = postmortemRow(db, incidentId);
    if (!row) {
      db.prepare(
        'INSERT INTO postmortems (incident_id, title, current_version, created_at, updated_at) VALUES (?, ?, 0, ?, ?)',
      ).run(incidentId, `Post-mortem: ${incident.title}`, now, now);
      row = postmortemRow(db, incidentId) as PostmortemRow;
    }
    const latest = versionRow(db, row.id, row.current_version);
    if (latest && latest.content === markdown && reason !== 'restore') return;
    const coalesce =
      reason === 'autosave' &&
      latest?.reason === 'autosave' &&
      latest.author === options.actor &&
      now - latest.created_at < AUTOSAVE_COALESCE_US;
    if (coalesce) {
      db.prepare('UPDATE postmortem_versions SET content = ? WHERE postmortem_id = ? AND version = ?').run(
        markdown,
        row.id,
        latest.version,
      );
    } else {
      const next = row.current_version + 1;
      db.prepare(
        'INSERT INTO postmortem_versions (postmortem_id, version, content, author, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(row.id, next, markdown, options.actor, reason, now);
      db.prepare('UPDATE postmortems SET current_version = ? WHERE id = ?').run(next, row.id);
    }
    db.prepare('UPDATE postmortems SET updated_at = ? WHERE id = ?').run(now, row.id);
  })();
  return getPostmortem(db, incidentId) as PostmortemDocument;
}

export function listVersions(db: Db, incidentId: string): PostmortemVersionSummary[] {
  const row = postmortemRow(db, incidentId);
  if (!row) return [];
  return (
    db
      .prepare('SELECT * FROM postmortem_versions WHERE postmortem_id = ? ORDER BY version DESC')
      .all(row.id) as VersionRow[]
  ).map((v) => {
    const { markdown: _text, ...summary } = toVersion(v);
    return summary;
  });
}

export function getVersion(db: Db, incidentId: string, version: number): PostmortemVersion {
  const row = requirePostmortem(db, incidentId);
  const found = versionRow(db, row.id, version);
  if (!found)
    throw new AppError('not_found', `The post-mortem of '${incidentId}' has no version ${version}.`);
  return toVersion(found);
}

/** Appends a copy of an earlier version as the newest one; the versions in between stay as they were. */
export function restoreVersion(
  db: Db,
  incidentId: string,
  version: number,
  options: { actor: string; now?: number },
): PostmortemDocument {
  const source = getVersion(db, incidentId, version);
  return saveDraft(db, incidentId, source.markdown, { autosave: false, reason: 'restore', ...options });
}
