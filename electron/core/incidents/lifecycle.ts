import { incidentStatuses, type IncidentStatus } from '../../../shared/model/incident';

/** The column each status stamps when the incident reaches it; 'open' is the start and 'investigating' has none. */
export const stampColumn: Readonly<Record<IncidentStatus, string | null>> = {
  open: null,
  acknowledged: 'acknowledged_at',
  investigating: null,
  mitigated: 'mitigated_at',
  resolved: 'resolved_at',
  closed: 'closed_at',
};

export const statusLabels: Readonly<Record<IncidentStatus, string>> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  investigating: 'Investigating',
  mitigated: 'Mitigated',
  resolved: 'Resolved',
  closed: 'Closed',
};

const rank = (status: IncidentStatus) => incidentStatuses.indexOf(status);

/**
 * Why the move is refused, or null when it is allowed: the lifecycle only goes forward, except that a
 * mitigated incident may go back to investigating when the problem recurs.
 */
export function refusedTransition(from: IncidentStatus, to: IncidentStatus): string | null {
  if (from === to) return `The incident is already ${statusLabels[to].toLowerCase()}.`;
  if (from === 'mitigated' && to === 'investigating') return null;
  if (rank(to) < rank(from)) {
    return `An incident that is ${statusLabels[from].toLowerCase()} cannot go back to ${statusLabels[to].toLowerCase()}; only a mitigated incident may return to investigating.`;
  }
  return null;
}
