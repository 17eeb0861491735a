import type { Db } from '../db/open';
import { readInvestigation } from '../investigation/store';
import type { IncidentQuery } from './document-text';

const unique = (values: Iterable<string>) => [...new Set([...values].map((v) => v.trim()).filter(Boolean))];

/**
 * What an investigation says about its incident, as a similarity query: findings and hypotheses in prose,
 * the services and symptom tags they name, the log templates in their evidence and the incident's alerts.
 */
export function queryFromInvestigation(db: Db, investigationId: number): IncidentQuery {
  const investigation = readInvestigation(db, investigationId);
  const findings = investigation.findings;
  const templateIds = findings.flatMap((f) =>
    f.evidence.flatMap((e) => (e.ref.kind === 'template' ? [e.ref.templateId] : [])),
  );
  const alertIds = findings.flatMap((f) =>
    f.evidence.flatMap((e) => (e.ref.kind === 'alert' ? [e.ref.alertId] : [])),
  );
  const templateOf = db.prepare('SELECT template FROM log_templates WHERE id = ?');
  const templates = unique(
    templateIds.flatMap((id) => {
      const row = templateOf.get(id) as { template: string } | undefined;
      return row ? [row.template] : [];
    }),
  );
  const alertNameOf = db.prepare('SELECT alertname FROM alerts WHERE id = ?');
  const incidentAlerts = db
    .prepare('SELECT DISTINCT alertname FROM alerts WHERE incident_id = ?')
    .all(investigation.incidentId) as { alertname: string }[];
  const alerts = unique([
    ...incidentAlerts.map((a) => a.alertname),
    ...alertIds.flatMap((id) => {
      const row = alertNameOf.get(id) as { alertname: string } | undefined;
      return row ? [row.alertname] : [];
    }),
  ]);
  const text = [
    ...findings.map((f) => `${f.title}. ${f.description}`),
    ...investigation.hypotheses.filter((h) => h.status !== 'refuted').map((h) => h.description),
  ].join('\n');
  return {
    text,
    services: unique(findings.flatMap((f) => (f.service ? [f.service] : []))),
    alerts,
    templates,
    tags: unique(findings.flatMap((f) => f.tags)),
  };
}
