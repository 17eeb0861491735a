import { Microscope } from 'lucide-react';
import { NotBuiltYet } from '../../components/NotBuiltYet';
import { OverviewLink } from '../OverviewLink';

export function InvestigationScreen() {
  return (
    <NotBuiltYet
      icon={Microscope}
      title="Investigation"
      meanwhile={
        <OverviewLink>
          The incident overview lists the alerts, the changes shipped around the start and the timeline so
          far.
        </OverviewLink>
      }
    >
      <p>
        Run analyzers over the cached telemetry to collect findings (error spikes, latency shifts, a deploy
        just before the start) and rank them into hypotheses, each with the evidence behind it. Similar past
        incidents from the knowledge base will be shown next to them.
      </p>
    </NotBuiltYet>
  );
}
