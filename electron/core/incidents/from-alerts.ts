import type { Severity } from '../../../shared/model/incident';
import type { Db } from '../db/open';
import { appendTimeline, insertIncident } from '../db/writers/events';

interface PendingAlert {
  id: number;
  source: string;
  fingerprint: string;
  alertname: string;
  service: string | null;
  severity: string | null;
  starts_at: number;
  summary: string | null;
}

const SEVERITY_BY_LABEL: Readonly<Record<string, Severity>> = {
  critical: 'SEV2',
  page: 'SEV2',
  warning: 'SEV3',
  info: 'SEV4',
};

function mappedSeverity(label: string | null): Severity {
  return SEVERITY_BY_LABEL[(label ?? '').toLowerCase()] ?? 'SEV3';
}

/** The gravest severity among the group's alerts ('SEV1' sorts before 'SEV4'). */
function groupSeverity(alerts: readonly PendingAlert[]): Severity {
  return alerts.map((a) => mappedSeverity(a.severity)).sort()[0] ?? 'SEV3';
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
}

function utcDay(micros: number): string {
  return new Date(Math.floor(micros / 1000)).toISOString().slice(0, 10).replace(/-/g, '');
}

function alertLabel(alert: Pick<PendingAlert, 'alertname' | 'service'>): string {
  return alert.service ? `${alert.alertname} on ${alert.service}` : alert.alertname;
}

/**
 * Opens incidents for firing alerts nobody has attached yet: one per (alertname, service), joining an open
 * incident that already holds an alert of the same group. Running it again changes nothing.
 */
export function openIncidentsFromAlerts(
  db: Db,
  opts: { now?: number } = {},
): { created: string[]; attached: number } {
  const now = opts.now ?? Date.now() * 1000;
  // A listed alert stays 'firing' in the cache after Alertmanager drops it; once its endsAt has passed
  // without a refresh it has resolved, and must not open an incident.
  const pending = db
    .prepare(
      `SELECT id, source, fingerprint, alertname, service, severity, starts_at, summary FROM alerts
       WHERE incident_id IS NULL AND status = 'firing' AND (ends_at IS NULL OR ends_at > ?)
       ORDER BY starts_at, id`,
    )
    .all(now) as PendingAlert[];
  const openIncidentOf = db.prepare(
    `SELECT i.id FROM alerts a JOIN incidents i ON i.id = a.incident_id
     WHERE a.alertname = ? AND a.service IS ? AND i.status NOT IN ('resolved', 'closed')
     ORDER BY i.started_at DESC LIMIT 1`,
  );
  const idTaken = db.prepare('SELECT 1 FROM incidents WHERE id = ?');
  const attach = db.prepare('UPDATE alerts SET incident_id = ? WHERE id = ?');
  const touch = db.prepare('UPDATE incidents SET updated_at = ? WHERE id = ?');

  const groups = new Map<string, PendingAlert[]>();
  for (const alert of pending) {
    const key = JSON.stringify([alert.alertname, alert.service]);
    const group = groups.get(key);
    if (group) group.push(alert);
    else groups.set(key, [alert]);
  }

  const freeId = (first: PendingAlert): string => {
    const base = `INC-${utcDay(first.starts_at)}-${slug(`${first.alertname}-${first.service ?? ''}`) || 'alert'}`;
    let id = base;
    for (let n = 2; idTaken.get(id); n++) id = `${base}-${n}`;
    return id;
  };

  return db.transaction(() => {
    const created: string[] = [];
    let attached = 0;
    for (const alerts of groups.values()) {
      const first = alerts[0] as PendingAlert;
      const existing = openIncidentOf.get(first.alertname, first.service) as { id: string } | undefined;
      let incidentId: string;
      if (existing) {
        incidentId = existing.id;
        touch.run(now, incidentId);
      } else {
        incidentId = freeId(first);
        insertIncident(db, {
          id: incidentId,
          title: first.summary ?? `${alertLabel(first)} firing`,
          severity: groupSeverity(alerts),
          status: 'open',
          services: first.service ? [first.service] : [],
          startedAt: first.starts_at,
          detectedAt: first.starts_at,
          origin: 'alertmanager',
          createdAt: now,
        });
        created.push(incidentId);
      }
      for (const alert of alerts) {
        attach.run(incidentId, alert.id);
        appendTimeline(db, {
          incidentId,
          ts: alert.starts_at,
          kind: 'alert',
          title: `${alertLabel(alert)} firing`,
          body: alert.summary,
          actor: alert.source,
          refType: 'alert',
          refId: alert.id,
          data: { fingerprint: alert.fingerprint, severity: alert.severity },
          createdAt: now,
        });
        attached++;
      }
    }
    return { created, attached };
  })();
}
