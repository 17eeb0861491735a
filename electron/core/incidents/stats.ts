import type { IncidentStats, Severity } from '../../../shared/model/incident';
import { parseJsonColumn, stringArray } from '../db/json';
import type { Db } from '../db/open';
import { incidentStats, type HistoricIncident } from './times';

interface HistoryRow {
  severity: Severity;
  services: string;
  started_at: number;
  detected_at: number | null;
  acknowledged_at: number | null;
  mitigated_at: number | null;
  resolved_at: number | null;
}

/** Reliability figures over the incidents that started in [from, to]; both ends are optional. */
export function readIncidentStats(db: Db, range: { from?: number; to?: number }): IncidentStats {
  const rows = db
    .prepare(
      `SELECT severity, services, started_at, detected_at, acknowledged_at, mitigated_at, resolved_at
       FROM incidents WHERE started_at >= ? AND started_at <= ? ORDER BY started_at`,
    )
    .all(range.from ?? 0, range.to ?? Number.MAX_SAFE_INTEGER) as HistoryRow[];
  const history: HistoricIncident[] = rows.map((row) => ({
    severity: row.severity,
    services: parseJsonColumn(stringArray, row.services, []),
    startedAt: row.started_at,
    detectedAt: row.detected_at,
    acknowledgedAt: row.acknowledged_at,
    mitigatedAt: row.mitigated_at,
    resolvedAt: row.resolved_at,
  }));
  return incidentStats(history);
}
