import type { Change, IncidentStatus, Severity, TimelineEntry } from '../../../../shared/model/incident';
import type { Db } from '../open';
import { toJsonText, type JsonInput } from './json';
import { canonicalLabels } from './metrics';

export interface AlertRow {
  source: string;
  fingerprint: string;
  alertname: string;
  service?: string | null;
  severity?: string | null;
  status: 'firing' | 'resolved';
  /** Microseconds since the Unix epoch, as are all times below. */
  startsAt: number;
  endsAt?: number | null;
  summary?: string | null;
  labels?: Readonly<Record<string, string>>;
  annotations?: Readonly<Record<string, string>>;
  generatorUrl?: string | null;
  incidentId?: string | null;
  /** Defaults to now. */
  updatedAt?: number;
}

export interface ChangeRow {
  source: string;
  ts: number;
  service: string;
  kind: Change['kind'];
  title: string;
  version?: string | null;
  author?: string | null;
  attrs?: JsonInput | null;
}

export interface IncidentRow {
  id: string;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  summary?: string | null;
  customerImpact?: string | null;
  commander?: string | null;
  /** Role name to person, e.g. { commander, communications, scribe }. */
  roles?: Readonly<Record<string, string>>;
  services?: readonly string[];
  startedAt: number;
  detectedAt?: number | null;
  acknowledgedAt?: number | null;
  mitigatedAt?: number | null;
  resolvedAt?: number | null;
  closedAt?: number | null;
  origin?: string;
  /** Both default to now. */
  createdAt?: number;
  updatedAt?: number;
}

export interface TimelineInput {
  incidentId: string;
  ts: number;
  kind: TimelineEntry['kind'];
  title: string;
  body?: string | null;
  actor?: string | null;
  /** What the entry points at, e.g. refType 'alert' with the alert's id. */
  refType?: string | null;
  refId?: string | number | null;
  data?: JsonInput | null;
  /** Defaults to now. */
  createdAt?: number;
}

const nowMicros = () => Date.now() * 1000;

function prepareStatements(db: Db) {
  return {
    // A re-pulled alert updates in place; it never drops a link to an incident made in the app.
    upsertAlert: db.prepare(
      `INSERT INTO alerts (source, fingerprint, alertname, service, severity, status, starts_at, ends_at, summary,
         labels, annotations, generator_url, incident_id, updated_at)
       VALUES (@source, @fingerprint, @alertname, @service, @severity, @status, @startsAt, @endsAt, @summary,
         @labels, @annotations, @generatorUrl, @incidentId, @updatedAt)
       ON CONFLICT (source, fingerprint, starts_at) DO UPDATE SET
         alertname = excluded.alertname,
         service = excluded.service,
         severity = excluded.severity,
         status = excluded.status,
         ends_at = excluded.ends_at,
         summary = excluded.summary,
         labels = excluded.labels,
         annotations = excluded.annotations,
         generator_url = excluded.generator_url,
         incident_id = coalesce(excluded.incident_id, alerts.incident_id),
         updated_at = excluded.updated_at
       RETURNING id`,
    ),
    insertChange: db.prepare(
      `INSERT OR IGNORE INTO changes (source, ts, service, kind, title, version, author, attrs)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertIncident: db.prepare(
      `INSERT INTO incidents (id, title, severity, status, summary, customer_impact, commander, roles, services,
         started_at, detected_at, acknowledged_at, mitigated_at, resolved_at, closed_at, origin, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    appendTimeline: db.prepare(
      `INSERT INTO incident_events (incident_id, ts, kind, title, body, actor, ref_type, ref_id, data, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

// These writers are called with a db rather than built from one, so statements are cached per connection.
const statementsByDb = new WeakMap<Db, Statements>();

function statements(db: Db): Statements {
  let found = statementsByDb.get(db);
  if (!found) {
    found = prepareStatements(db);
    statementsByDb.set(db, found);
  }
  return found;
}

/** Inserts or refreshes an alert (keyed by source, fingerprint and start); returns its id. */
export function upsertAlert(db: Db, alert: AlertRow): number {
  const row = statements(db).upsertAlert.get({
    source: alert.source,
    fingerprint: alert.fingerprint,
    alertname: alert.alertname,
    service: alert.service ?? null,
    severity: alert.severity ?? null,
    status: alert.status,
    startsAt: alert.startsAt,
    endsAt: alert.endsAt ?? null,
    summary: alert.summary ?? null,
    labels: canonicalLabels(alert.labels ?? {}),
    annotations: canonicalLabels(alert.annotations ?? {}),
    generatorUrl: alert.generatorUrl ?? null,
    incidentId: alert.incidentId ?? null,
    updatedAt: alert.updatedAt ?? nowMicros(),
  }) as { id: number };
  return row.id;
}

/** Records a change once: returns false when the same change (source, time, service, kind, title) is known. */
export function insertChange(db: Db, change: ChangeRow): boolean {
  return (
    statements(db).insertChange.run(
      change.source,
      change.ts,
      change.service,
      change.kind,
      change.title,
      change.version ?? null,
      change.author ?? null,
      toJsonText(change.attrs),
    ).changes === 1
  );
}

export function insertIncident(db: Db, incident: IncidentRow): void {
  const createdAt = incident.createdAt ?? nowMicros();
  statements(db).insertIncident.run(
    incident.id,
    incident.title,
    incident.severity,
    incident.status,
    incident.summary ?? null,
    incident.customerImpact ?? null,
    incident.commander ?? null,
    JSON.stringify(incident.roles ?? {}),
    JSON.stringify(incident.services ?? []),
    incident.startedAt,
    incident.detectedAt ?? null,
    incident.acknowledgedAt ?? null,
    incident.mitigatedAt ?? null,
    incident.resolvedAt ?? null,
    incident.closedAt ?? null,
    incident.origin ?? 'manual',
    createdAt,
    incident.updatedAt ?? createdAt,
  );
}

/** Adds an entry to an incident's timeline; returns its id. */
export function appendTimeline(db: Db, entry: TimelineInput): number {
  const result = statements(db).appendTimeline.run(
    entry.incidentId,
    entry.ts,
    entry.kind,
    entry.title,
    entry.body ?? null,
    entry.actor ?? null,
    entry.refType ?? null,
    entry.refId === undefined || entry.refId === null ? null : String(entry.refId),
    toJsonText(entry.data),
    entry.createdAt ?? nowMicros(),
  );
  return Number(result.lastInsertRowid);
}
