import { ArrowRight } from 'lucide-react';
import type { ReactNode } from 'react';
import { useIncidentSummary } from '../state/incidents';
import { go, useNavigation } from '../state/navigation';

/** Points at the incident overview, the screen this version has, naming the selected incident when there is one. */
export function OverviewLink({ children }: { children: ReactNode }) {
  const incidentId = useNavigation((state) => state.incidentId);
  const incident = useIncidentSummary(incidentId);
  return (
    <>
      <p>{children}</p>
      <button type="button" className="btn btn--secondary" onClick={() => go('incidents')}>
        {incident ? `Open the overview of ${incident.id}` : 'Go to Incidents'}
        <ArrowRight size={13} aria-hidden="true" />
      </button>
    </>
  );
}
