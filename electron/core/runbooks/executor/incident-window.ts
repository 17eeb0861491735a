import type { Db } from '../../db/open';
import { parseJsonColumn, stringArray } from '../../db/json';
import { AppError } from '../../errors';

const HOUR_US = 3_600_000_000;

export interface IncidentRef {
  id: string;
  services: string[];
  /** The span a query step searches: an hour before the start (the lead-up) to resolution or now. */
  window: { from: number; to: number };
}

export function readIncident(db: Db, id: string, now = Date.now() * 1000): IncidentRef {
  const row = db
    .prepare('SELECT id, services, started_at, resolved_at FROM incidents WHERE id = ?')
    .get(id) as { id: string; services: string; started_at: number; resolved_at: number | null } | undefined;
  if (!row) throw new AppError('not_found', `There is no incident ${id} in this workspace; check the id.`);
  return {
    id: row.id,
    services: parseJsonColumn(stringArray, row.services, []),
    window: { from: row.started_at - HOUR_US, to: row.resolved_at ?? now },
  };
}

/** Without an incident a query step looks at the last hour. */
export function defaultWindow(now = Date.now() * 1000): { from: number; to: number } {
  return { from: now - HOUR_US, to: now };
}
