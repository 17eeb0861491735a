import type { z } from 'zod';
import type {
  Alert,
  Change,
  IncidentDetail,
  IncidentStatus,
  IncidentSummary,
  TimelineEntry,
  incidentStatus,
  severity,
  changeKind,
  timelineEntry,
  alertStatus,
} from '../../../shared/model/incident';
import { parseJsonColumn, stringArray, stringRecord } from '../db/json';
import type { Db } from '../db/open';
import { AppError } from '../errors';
import { keyTimes } from './times';

interface IncidentRow {
  id: string;
  title: string;
  severity: z.infer<typeof severity>;
  status: z.infer<typeof incidentStatus>;
  services: string;
  started_at: number;
  detected_at: number | null;
  acknowledged_at: number | null;
  mitigated_at: number | null;
  resolved_at: number | null;
  closed_at: number | null;
  commander: string | null;
  summary: string | null;
  customer_impact: string | null;
  roles: string;
  alert_count: number;
}

const INCIDENT_COLUMNS = `i.id, i.title, i.severity, i.status, i.services, i.started_at, i.detected_at,
  i.acknowledged_at, i.mitigated_at, i.resolved_at, i.closed_at, i.commander, i.summary, i.customer_impact, i.roles,
  (SELECT COUNT(*) FROM alerts a WHERE a.incident_id = i.id) AS alert_count`;

function toSummary(row: IncidentRow): IncidentSummary {
  return {
    id: row.id,
    title: row.title,
    severity: row.severity,
    status: row.status,
    services: parseJsonColumn(stringArray, row.services, []),
    startedAt: row.started_at,
    resolvedAt: row.resolved_at,
    alertCount: row.alert_count,
    commander: row.commander,
  };
}

export function listIncidents(db: Db, args: { status?: IncidentStatus[]; limit: number }): IncidentSummary[] {
  const statuses = args.status ?? [];
  const where = statuses.length ? `WHERE i.status IN (${statuses.map(() => '?').join(', ')})` : '';
  const rows = db
    .prepare(`SELECT ${INCIDENT_COLUMNS} FROM incidents i ${where} ORDER BY i.started_at DESC LIMIT ?`)
    .all(...statuses, args.limit) as IncidentRow[];
  return rows.map(toSummary);
}

/** The incident's telemetry window: an hour of baseline before it started, to its resolution or now. */
export function incidentWindow(row: { started_at: number; resolved_at: number | null }): {
  from: number;
  to: number;
} {
  const hour = 3_600_000_000;
  return { from: row.started_at - hour, to: row.resolved_at ?? Date.now() * 1000 };
}

interface AlertRow {
  id: number;
  source: string;
  fingerprint: string;
  alertname: string;
  service: string | null;
  severity: string | null;
  status: z.infer<typeof alertStatus>;
  starts_at: number;
  ends_at: number | null;
  summary: string | null;
  labels: string;
  incident_id: string | null;
}

function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    source: row.source,
    fingerprint: row.fingerprint,
    alertname: row.alertname,
    service: row.service,
    severity: row.severity,
    status: row.status,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    summary: row.summary,
    labels: parseJsonColumn(stringRecord, row.labels, {}),
    incidentId: row.incident_id,
  };
}

interface ChangeRow {
  id: number;
  ts: number;
  service: string;
  kind: z.infer<typeof changeKind>;
  title: string;
  version: string | null;
  author: string | null;
}

interface TimelineRow {
  id: number;
  incident_id: string;
  ts: number;
  kind: z.infer<typeof timelineEntry>['kind'];
  title: string;
  body: string | null;
  actor: string | null;
  ref_type: string | null;
  ref_id: string | null;
}

export function getIncident(db: Db, id: string): IncidentDetail {
  const row = db.prepare(`SELECT ${INCIDENT_COLUMNS} FROM incidents i WHERE i.id = ?`).get(id) as
    IncidentRow | undefined;
  if (!row) throw new AppError('not_found', `There is no incident '${id}' in this workspace.`);
  const window = incidentWindow(row);
  const alerts = (
    db.prepare('SELECT * FROM alerts WHERE incident_id = ? ORDER BY starts_at').all(id) as AlertRow[]
  ).map(toAlert);
  const changes: Change[] = (
    db
      .prepare(
        'SELECT id, ts, service, kind, title, version, author FROM changes WHERE ts BETWEEN ? AND ? ORDER BY ts',
      )
      .all(window.from, window.to) as ChangeRow[]
  ).map((c) => ({ ...c }));
  const timeline: TimelineEntry[] = (
    db
      .prepare(
        'SELECT id, incident_id, ts, kind, title, body, actor, ref_type, ref_id FROM incident_events WHERE incident_id = ? ORDER BY ts, id',
      )
      .all(id) as TimelineRow[]
  ).map((t) => ({
    id: t.id,
    incidentId: t.incident_id,
    ts: t.ts,
    kind: t.kind,
    title: t.title,
    body: t.body,
    actor: t.actor,
    ref: t.ref_type && t.ref_id ? { type: t.ref_type, id: t.ref_id } : null,
  }));
  const summary = toSummary(row);
  const count = (sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n;
  const placeholders = summary.services.map(() => '?').join(', ') || "''";
  return {
    ...summary,
    roles: parseJsonColumn(stringRecord, row.roles, {}),
    keyTimes: keyTimes({
      startedAt: row.started_at,
      detectedAt: row.detected_at,
      acknowledgedAt: row.acknowledged_at,
      mitigatedAt: row.mitigated_at,
      resolvedAt: row.resolved_at,
    }),
    summary: row.summary,
    customerImpact: row.customer_impact,
    detectedAt: row.detected_at,
    acknowledgedAt: row.acknowledged_at,
    mitigatedAt: row.mitigated_at,
    closedAt: row.closed_at,
    alerts,
    changes,
    timeline,
    telemetry: {
      logs: count('SELECT COUNT(*) AS n FROM logs WHERE ts BETWEEN ? AND ?', window.from, window.to),
      errorLogs: count(
        "SELECT COUNT(*) AS n FROM logs WHERE level IN ('error', 'fatal') AND ts BETWEEN ? AND ?",
        window.from,
        window.to,
      ),
      series: count(
        `SELECT COUNT(*) AS n FROM metric_series WHERE service IN (${placeholders})`,
        ...summary.services,
      ),
      traces: count(
        'SELECT COUNT(DISTINCT trace_id) AS n FROM spans WHERE start_ts BETWEEN ? AND ?',
        window.from,
        window.to,
      ),
    },
  };
}
