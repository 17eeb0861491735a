import { create } from 'zustand';
import { parseHash, type Area, type Route } from './route';

export const useNavigation = create<Route>(() => parseHash(location.hash).route);

/** Sidebar and `g` shortcuts: the Incidents area opens on the selected incident when there is one. */
export function go(area: Area): void {
  const { incidentId } = useNavigation.getState();
  useNavigation.setState({ area, incidentView: area === 'incidents' && incidentId ? 'overview' : 'list' });
}

export function openIncident(id: string): void {
  useNavigation.setState({ area: 'incidents', incidentId: id, incidentView: 'overview' });
}

/** Switching incident from the top bar keeps the engineer in the area they are looking at. */
export function selectIncident(id: string): void {
  const { area } = useNavigation.getState();
  useNavigation.setState({ incidentId: id, incidentView: area === 'incidents' ? 'overview' : 'list' });
}

export function showIncidentList(): void {
  useNavigation.setState({ area: 'incidents', incidentView: 'list' });
}
