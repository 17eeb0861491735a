import { z } from 'zod';
import { micros } from './time';

export const severities = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export const severity = z.enum(severities);
export type Severity = z.infer<typeof severity>;

export const incidentStatuses = [
  'open',
  'acknowledged',
  'investigating',
  'mitigated',
  'resolved',
  'closed',
] as const;
export const incidentStatus = z.enum(incidentStatuses);
export type IncidentStatus = z.infer<typeof incidentStatus>;

export const incidentSummary = z.object({
  id: z.string(),
  title: z.string(),
  severity,
  status: incidentStatus,
  services: z.array(z.string()),
  startedAt: micros,
  resolvedAt: micros.nullable(),
  alertCount: z.number().int(),
  commander: z.string().nullable(),
});
export type IncidentSummary = z.infer<typeof incidentSummary>;

export const alertStatus = z.enum(['firing', 'resolved']);
export const alert = z.object({
  id: z.number().int(),
  source: z.string(),
  fingerprint: z.string(),
  alertname: z.string(),
  service: z.string().nullable(),
  severity: z.string().nullable(),
  status: alertStatus,
  startsAt: micros,
  endsAt: micros.nullable(),
  summary: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  incidentId: z.string().nullable(),
});
export type Alert = z.infer<typeof alert>;

export const changeKind = z.enum(['deploy', 'config', 'feature_flag', 'scale', 'other']);
export const change = z.object({
  id: z.number().int(),
  ts: micros,
  service: z.string(),
  kind: changeKind,
  title: z.string(),
  version: z.string().nullable(),
  author: z.string().nullable(),
});
export type Change = z.infer<typeof change>;

export const timelineKinds = [
  'alert',
  'deploy',
  'change',
  'status',
  'note',
  'finding',
  'hypothesis',
  'runbook',
  'action',
] as const;
export const timelineEntry = z.object({
  id: z.number().int(),
  incidentId: z.string(),
  ts: micros,
  kind: z.enum(timelineKinds),
  title: z.string(),
  body: z.string().nullable(),
  actor: z.string().nullable(),
  /** What the entry is about, for a link to it: a finding, hypothesis, evidence, alert, change or runbook run. */
  ref: z.object({ type: z.string(), id: z.string() }).nullable(),
});
export type TimelineEntry = z.infer<typeof timelineEntry>;

/** Delays from the start of the incident to each milestone; null until the milestone is reached. */
export const keyTimes = z.object({
  toDetect: z.number().int().nullable(),
  toAcknowledge: z.number().int().nullable(),
  toMitigate: z.number().int().nullable(),
  toResolve: z.number().int().nullable(),
});
export type KeyTimes = z.infer<typeof keyTimes>;

export const incidentDetail = incidentSummary.extend({
  /** Role name to person, e.g. { communications: 'ana', scribe: 'li' }. */
  roles: z.record(z.string(), z.string()),
  keyTimes,
  summary: z.string().nullable(),
  customerImpact: z.string().nullable(),
  detectedAt: micros.nullable(),
  acknowledgedAt: micros.nullable(),
  mitigatedAt: micros.nullable(),
  closedAt: micros.nullable(),
  alerts: z.array(alert),
  changes: z.array(change),
  timeline: z.array(timelineEntry),
  telemetry: z.object({
    logs: z.number().int(),
    errorLogs: z.number().int(),
    series: z.number().int(),
    traces: z.number().int(),
  }),
});
export type IncidentDetail = z.infer<typeof incidentDetail>;

export const serviceReliability = z.object({
  service: z.string(),
  incidents: z.number().int(),
  /** Mean time from start to resolution over the resolved incidents; null when none is resolved. */
  mttr: z.number().nullable(),
  /** Mean gap between consecutive incident starts; null with fewer than two incidents. */
  mtbf: z.number().nullable(),
});
export type ServiceReliability = z.infer<typeof serviceReliability>;

export const monthlySeverityCount = z.object({
  /** UTC month as YYYY-MM. */
  month: z.string(),
  counts: z.record(severity, z.number().int()),
});
export type MonthlySeverityCount = z.infer<typeof monthlySeverityCount>;

export const incidentStats = z.object({
  incidents: z.number().int(),
  services: z.array(serviceReliability),
  months: z.array(monthlySeverityCount),
});
export type IncidentStats = z.infer<typeof incidentStats>;
