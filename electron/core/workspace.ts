import type { SourceView } from '../../shared/model/source';
import type { WorkspaceInfo } from '../../shared/model/workspace';
import type { Db } from './db/open';

export function workspaceInfo(
  db: Db,
  about: { path: string; schemaVersion: number; appVersion: string; sources: SourceView[] },
): WorkspaceInfo {
  const count = (table: string) =>
    (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  const range = db.prepare('SELECT MIN(ts) AS first, MAX(ts) AS last FROM logs').get() as {
    first: number | null;
    last: number | null;
  };
  const lastSync = db.prepare('SELECT MAX(last_success_at) AS t FROM sync_state').get() as {
    t: number | null;
  };
  return {
    path: about.path,
    schemaVersion: about.schemaVersion,
    appVersion: about.appVersion,
    counts: {
      logs: count('logs'),
      series: count('metric_series'),
      points: count('metric_points'),
      spans: count('spans'),
      incidents: count('incidents'),
      alerts: count('alerts'),
    },
    dataRange: range.first !== null && range.last !== null ? { from: range.first, to: range.last } : null,
    sources: about.sources.map((s) => ({
      name: s.name,
      type: s.type,
      status: s.status,
      lastSuccessAt: s.lastSuccessAt,
      lastError: s.lastError,
    })),
    lastSyncAt: lastSync.t,
  };
}
