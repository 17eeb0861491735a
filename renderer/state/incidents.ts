import { create } from 'zustand';
import type { IncidentDetail, IncidentSummary } from '../../shared/model/incident';
import { api } from '../api';
import { callCore } from './connection';
import { failed, idle, loading, ready, resourceLoader, type Resource } from './resource';

interface IncidentsState {
  list: Resource<IncidentSummary[]>;
  details: Record<string, Resource<IncidentDetail>>;
}

export const useIncidents = create<IncidentsState>(() => ({ list: idle, details: {} }));

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
