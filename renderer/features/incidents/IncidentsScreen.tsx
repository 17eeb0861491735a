import { useNavigation } from '../../state/navigation';
import { IncidentList } from './IncidentList';
import { IncidentOverview } from './IncidentOverview';
import './incidents.css';

export function IncidentsScreen() {
  const incidentId = useNavigation((state) => state.incidentId);
  const view = useNavigation((state) => state.incidentView);
  return view === 'overview' && incidentId ? (
    <IncidentOverview key={incidentId} id={incidentId} />
  ) : (
    <IncidentList />
  );
}
