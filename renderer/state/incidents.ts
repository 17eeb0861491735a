import { create } from 'zustand';
import type { ArgsOf } from '../../shared/api';
import type { IncidentDetail, IncidentStats, IncidentSummary } from '../../shared/model/incident';
import { api } from '../api';
import { callCore } from './connection';
import { failed, idle, loading, ready, resourceLoader, type Resource } from './resource';

/** What the incident list page shows: the incidents themselves, or reliability across their history. */
export type IncidentListTab = 'incidents' | 'history';

interface IncidentsState {
  list: Resource<IncidentSummary[]>;
  details: Record<string, Resource<IncidentDetail>>;
  stats: Resource<IncidentStats>;
  listTab: IncidentListTab;
}

export const useIncidents = create<IncidentsState>(() => ({
  list: idle,
  details: {},
  stats: idle,
  listTab: 'incidents',
}));

export function showIncidentListTab(listTab: IncidentListTab): void {
  useIncidents.setState({ listTab });
}

export const loadIncidentStats = resourceLoader(
  () => callCore(() => api.getIncidentStats({})),
  (next) => useIncidents.setState((state) => ({ stats: next(state.stats) })),
);

const detailRequests = new Map<string, Promise<void>>();

export const loadIncidents = resourceLoader(
  () => callCore(() => api.listIncidents({})),
  (next) => useIncidents.setState((state) => ({ list: next(state.list) })),
);

function setDetail(
  id: string,
  next: (previous: Resource<IncidentDetail> | undefined) => Resource<IncidentDetail>,
) {
  useIncidents.setState((state) => ({ details: { ...state.details, [id]: next(state.details[id]) } }));
}

export function loadIncident(id: string): Promise<void> {
  const pending = detailRequests.get(id);
  if (pending) return pending;
  const request = (async () => {
    setDetail(id, loading);
    try {
      const detail = await callCore(() => api.getIncident({ id }));
      setDetail(id, () => ready(detail));
    } catch (error) {
      setDetail(id, (previous) => failed(previous, error));
    } finally {
      detailRequests.delete(id);
    }
  })();
  detailRequests.set(id, request);
  return request;
}

/** Refetches every incident already shown, keeping what is on screen until the fresh copy arrives. */
export async function reloadShownIncidents(): Promise<void> {
  await Promise.all(Object.keys(useIncidents.getState().details).map(loadIncident));
}

export function useIncidentSummary(id: string | null): IncidentSummary | null {
  return useIncidents((state) =>
    id ? (state.list.data?.find((incident) => incident.id === id) ?? null) : null,
  );
}

/**
 * Runs a change to an incident and shows its result at once; the list and history are refreshed behind it
 * because status, severity and services appear there too. Errors are thrown to the form that made the change.
 */
async function changeIncident(request: () => Promise<IncidentDetail>): Promise<IncidentDetail> {
  const detail = await callCore(request);
  setDetail(detail.id, () => ready(detail));
  void loadIncidents();
  if (useIncidents.getState().stats.status !== 'idle') void loadIncidentStats();
  return detail;
}

export const createIncident = (args: ArgsOf<'createIncident'>) =>
  changeIncident(() => api.createIncident(args));
export const updateIncident = (args: ArgsOf<'updateIncident'>) =>
  changeIncident(() => api.updateIncident(args));
export const transitionIncident = (args: ArgsOf<'transitionIncident'>) =>
  changeIncident(() => api.transitionIncident(args));
export const addIncidentNote = (args: ArgsOf<'addIncidentNote'>) =>
  changeIncident(() => api.addIncidentNote(args));
