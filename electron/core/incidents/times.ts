import {
  severities,
  type IncidentStats,
  type KeyTimes,
  type MonthlySeverityCount,
  type ServiceReliability,
  type Severity,
} from '../../../shared/model/incident';

export interface IncidentMilestones {
  startedAt: number;
  detectedAt: number | null;
  acknowledgedAt: number | null;
  mitigatedAt: number | null;
  resolvedAt: number | null;
}

export interface HistoricIncident extends IncidentMilestones {
  severity: Severity;
  services: readonly string[];
}

const since = (start: number, at: number | null) => (at === null ? null : at - start);

export function keyTimes(incident: IncidentMilestones): KeyTimes {
  return {
    toDetect: since(incident.startedAt, incident.detectedAt),
    toAcknowledge: since(incident.startedAt, incident.acknowledgedAt),
    toMitigate: since(incident.startedAt, incident.mitigatedAt),
    toResolve: since(incident.startedAt, incident.resolvedAt),
  };
}

const mean = (values: readonly number[]) =>
  values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length;

function reliabilityOf(service: string, incidents: readonly HistoricIncident[]): ServiceReliability {
  const starts = incidents.map((i) => i.startedAt).sort((a, b) => a - b);
  const gaps = starts.slice(1).map((start, index) => start - (starts[index] as number));
  const repairs = incidents.flatMap((i) => (i.resolvedAt === null ? [] : [i.resolvedAt - i.startedAt]));
  return { service, incidents: incidents.length, mttr: mean(repairs), mtbf: mean(gaps) };
}

/** Per service, busiest first: an incident touching two services counts for both. */
export function reliabilityByService(incidents: readonly HistoricIncident[]): ServiceReliability[] {
  const byService = new Map<string, HistoricIncident[]>();
  for (const incident of incidents) {
    for (const service of new Set(incident.services)) {
      byService.set(service, [...(byService.get(service) ?? []), incident]);
    }
  }
  return [...byService]
    .map(([service, group]) => reliabilityOf(service, group))
    .sort((a, b) => b.incidents - a.incidents || a.service.localeCompare(b.service));
}

export function utcMonth(micros: number): string {
  return new Date(Math.floor(micros / 1000)).toISOString().slice(0, 7);
}

function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

const zeroCounts = (): Record<Severity, number> =>
  Object.fromEntries(severities.map((s) => [s, 0])) as Record<Severity, number>;

/** Every month from the first incident to the last, quiet months included, so a chart's gaps read as calm. */
export function severityByMonth(incidents: readonly HistoricIncident[]): MonthlySeverityCount[] {
  if (incidents.length === 0) return [];
  const months = incidents.map((i) => utcMonth(i.startedAt)).sort();
  const rows = new Map<string, Record<Severity, number>>();
  const last = months[months.length - 1] as string;
  for (let month = months[0] as string; month <= last; month = nextMonth(month))
    rows.set(month, zeroCounts());
  for (const incident of incidents) {
    const counts = rows.get(utcMonth(incident.startedAt)) as Record<Severity, number>;
    counts[incident.severity] += 1;
  }
  return [...rows].map(([month, counts]) => ({ month, counts }));
}

export function incidentStats(incidents: readonly HistoricIncident[]): IncidentStats {
  return {
    incidents: incidents.length,
    services: reliabilityByService(incidents),
    months: severityByMonth(incidents),
  };
}
