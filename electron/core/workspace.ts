import type { WorkspaceInfo } from '../../shared/model/workspace';
import type { Db } from './db/open';

interface SyncRow {
  source: string;
  type: string | null;
  status: WorkspaceInfo['sources'][number]['status'];
  last_success_at: number | null;
  last_error: string | null;
}

export function workspaceInfo(
  db: Db,
  path: string,
  schemaVersion: number,
  appVersion: string,
): WorkspaceInfo {
  const count = (table: string) =>
    (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  const range = db.prepare('SELECT MIN(ts) AS first, MAX(ts) AS last FROM logs').get() as {
    first: number | null;
    last: number | null;
  };
  const sources = db
    .prepare(
      `SELECT s.name AS source, s.type AS type,
         COALESCE((SELECT st.status FROM sync_state st WHERE st.source = s.name ORDER BY st.last_success_at DESC LIMIT 1), 'never') AS status,
         (SELECT MAX(st.last_success_at) FROM sync_state st WHERE st.source = s.name) AS last_success_at,
         (SELECT st.last_error FROM sync_state st WHERE st.source = s.name AND st.last_error IS NOT NULL ORDER BY st.last_error_at DESC LIMIT 1) AS last_error
       FROM sources s ORDER BY s.name`,
    )
    .all() as SyncRow[];
  const lastSync = db.prepare('SELECT MAX(last_success_at) AS t FROM sync_state').get() as {
    t: number | null;
  };
  return {
    path,
    schemaVersion,
    appVersion,
    counts: {
      logs: count('logs'),
      series: count('metric_series'),
      points: count('metric_points'),
      spans: count('spans'),
      incidents: count('incidents'),
      alerts: count('alerts'),
    },
    dataRange: range.first !== null && range.last !== null ? { from: range.first, to: range.last } : null,
    sources: sources.map((s) => ({
      name: s.source,
      type: s.type ?? 'unknown',
      status: s.status,
      lastSuccessAt: s.last_success_at,
      lastError: s.last_error,
    })),
    lastSyncAt: lastSync.t,
  };
}
