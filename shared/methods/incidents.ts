import { z } from 'zod';
import { defineMethod, type MethodDef } from '../contract';
import { incidentDetail, incidentStats, incidentStatus, severity } from '../model/incident';
import { micros } from '../model/time';

const text = (max: number) => z.string().trim().min(1).max(max);
const service = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/, 'a service name: letters, digits and . _ : / -');
const person = text(120);
const roleName = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9 -]{0,39}$/, 'a role: lowercase letters, digits, spaces and dashes');

export const createIncidentArgs = z.object({
  title: text(300),
  severity,
  services: z.array(service).max(20).default([]),
  commander: person.optional(),
  /** When the problem began; defaults to now. */
  startedAt: micros.optional(),
  customerImpact: text(4000).optional(),
  summary: text(20000).optional(),
});
export type CreateIncidentArgs = z.output<typeof createIncidentArgs>;

export const updateIncidentArgs = z.object({
  id: text(200),
  title: text(300).optional(),
  severity: severity.optional(),
  services: z.array(service).max(20).optional(),
  /** Null clears the field. */
  commander: person.nullable().optional(),
  roles: z.record(roleName, person).optional(),
  customerImpact: z.string().trim().max(4000).nullable().optional(),
  summary: z.string().trim().max(20000).nullable().optional(),
});
export type UpdateIncidentArgs = z.output<typeof updateIncidentArgs>;

export const transitionIncidentArgs = z.object({ id: text(200), status: incidentStatus });
export type TransitionIncidentArgs = z.output<typeof transitionIncidentArgs>;

export const addIncidentNoteArgs = z.object({ id: text(200), markdown: text(50000) });
export type AddIncidentNoteArgs = z.output<typeof addIncidentNoteArgs>;

/** The incident lifecycle's methods; spread into the registry in shared/api.ts. */
export const incidentMethods = {
  createIncident: defineMethod({
    summary: 'Open an incident by hand; its id is INC-YYYY-MMDD-<slug of the title>, made unique.',
    args: createIncidentArgs,
    result: incidentDetail,
  }),
  updateIncident: defineMethod({
    summary:
      'Change the title, severity, services, commander, roles, customer impact or summary; each change is noted on the timeline.',
    args: updateIncidentArgs,
    result: incidentDetail,
  }),
  transitionIncident: defineMethod({
    summary:
      'Move the incident along open → acknowledged → investigating → mitigated → resolved → closed (or back to investigating when a mitigated problem recurs); stamps the time and the timeline.',
    args: transitionIncidentArgs,
    result: incidentDetail,
  }),
  addIncidentNote: defineMethod({
    summary: 'Add a Markdown note to the incident timeline, signed by the current user.',
    args: addIncidentNoteArgs,
    result: incidentDetail,
  }),
  getIncidentStats: defineMethod({
    summary:
      'Across the incidents started in the range: MTTR and MTBF per service and the number of incidents per severity per month.',
    args: z
      .object({ from: micros.optional(), to: micros.optional() })
      .refine((r) => r.from === undefined || r.to === undefined || r.from <= r.to, {
        message: 'from must not be after to',
        path: ['from'],
      }),
    result: incidentStats,
  }),
} as const satisfies Record<string, MethodDef>;
