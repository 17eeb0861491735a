import { Waypoints } from 'lucide-react';
import { NotBuiltYet } from '../../components/NotBuiltYet';
import { OverviewLink } from '../OverviewLink';

export function TracesScreen() {
  return (
    <NotBuiltYet
      icon={Waypoints}
      title="Traces"
      meanwhile={
        <OverviewLink>
          The incident overview shows how many traces are cached for the incident window.
        </OverviewLink>
      }
    >
      <p>
        Find the slow and failing requests in the selected time range and open any trace as a waterfall, to
        see which downstream call took the time or threw the error.
      </p>
    </NotBuiltYet>
  );
}
