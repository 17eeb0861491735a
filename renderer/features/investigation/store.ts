import { create } from 'zustand';
import type { EventPayload } from '../../../shared/api';
import type { ActionItem } from '../../../shared/methods/investigation';
import type { TimelineEntry } from '../../../shared/model/incident';
import type {
  HypothesisStatus,
  Investigation,
  InvestigationStatus,
} from '../../../shared/model/investigation';
import { api, onEvent } from '../../api';
import { describeError } from '../../components/errors';
import { callCore } from '../../state/connection';
import { loadIncident } from '../../state/incidents';
import { failed, loading, ready, type Resource } from '../../state/resource';
import { notify } from '../../state/ui';

type Progress = EventPayload<'progress'>;

export interface InvestigationRun {
  status: 'idle' | 'running' | 'failed';
  incidentId: string | null;
  /** The latest progress event: the analyzer running now and how many are done. */
  progress: Progress | null;
  error: unknown;
}

export type Stance = 'supports' | 'refutes' | 'none';

interface InvestigationState {
  byIncident: Record<string, Resource<Investigation | null>>;
  actions: Record<string, Resource<ActionItem[]>>;
  run: InvestigationRun;
  /** The finding a timeline entry or a hypothesis pointed at: scrolled to and outlined for a moment. */
  highlighted: number | null;
  timelineKinds: TimelineEntry['kind'][];
  tab: InvestigationTab;
}

export type InvestigationTab = 'findings' | 'timeline';

const idleRun: InvestigationRun = { status: 'idle', incidentId: null, progress: null, error: null };

export const useInvestigation = create<InvestigationState>(() => ({
  byIncident: {},
  actions: {},
  run: idleRun,
  highlighted: null,
  timelineKinds: [],
  tab: 'findings',
}));

export function showTab(tab: InvestigationTab): void {
  useInvestigation.setState({ tab });
}

function setInvestigation(incidentId: string, investigation: Investigation | null): void {
  useInvestigation.setState((state) => ({
    byIncident: { ...state.byIncident, [incidentId]: ready(investigation) },
  }));
}

export async function loadInvestigation(incidentId: string): Promise<void> {
  useInvestigation.setState((state) => ({
    byIncident: { ...state.byIncident, [incidentId]: loading(state.byIncident[incidentId]) },
  }));
  try {
    setInvestigation(incidentId, await callCore(() => api.getInvestigation({ incidentId })));
  } catch (error) {
    useInvestigation.setState((state) => ({
      byIncident: { ...state.byIncident, [incidentId]: failed(state.byIncident[incidentId], error) },
    }));
  }
}

export async function loadActionItems(incidentId: string): Promise<void> {
  useInvestigation.setState((state) => ({
    actions: { ...state.actions, [incidentId]: loading(state.actions[incidentId]) },
  }));
  try {
    const items = await callCore(() => api.listActionItems({ incidentId }));
    useInvestigation.setState((state) => ({ actions: { ...state.actions, [incidentId]: ready(items) } }));
  } catch (error) {
    useInvestigation.setState((state) => ({
      actions: { ...state.actions, [incidentId]: failed(state.actions[incidentId], error) },
    }));
  }
}

export async function runInvestigation(incidentId: string): Promise<void> {
  if (useInvestigation.getState().run.status === 'running') return;
  useInvestigation.setState({ run: { ...idleRun, status: 'running', incidentId } });
  try {
    const investigation = await callCore(() => api.runInvestigation({ incidentId }));
    setInvestigation(incidentId, investigation);
    useInvestigation.setState({ run: idleRun });
  } catch (error) {
    useInvestigation.setState((state) => ({ run: { ...state.run, status: 'failed', error } }));
  }
  await loadIncident(incidentId);
}

/**
 * Every change the engineer makes goes on the incident's timeline in the core, so the incident is read again
 * after each one; a failure is a toast, since the board stays as it was.
 */
async function change(
  incidentId: string,
  action: string,
  request: () => Promise<Investigation | null>,
): Promise<boolean> {
  try {
    const investigation = await callCore(request);
    if (investigation) setInvestigation(incidentId, investigation);
    else await loadInvestigation(incidentId);
    await loadIncident(incidentId);
    return true;
  } catch (error) {
    const { title, detail } = describeError(error, action);
    notify({ tone: 'error', title, detail });
    return false;
  }
}

export function setInvestigationStatus(
  incidentId: string,
  investigationId: number,
  status: InvestigationStatus,
): Promise<boolean> {
  return change(incidentId, 'change the investigation status', () =>
    api.setInvestigationStatus({ investigationId, status }),
  );
}

export function setHypothesisStatus(
  incidentId: string,
  hypothesisId: number,
  status: HypothesisStatus,
): Promise<boolean> {
  return change(incidentId, 'change the hypothesis', () => api.updateHypothesis({ hypothesisId, status }));
}

export function addHypothesis(
  incidentId: string,
  investigationId: number,
  description: string,
  probability: number,
): Promise<boolean> {
  return change(incidentId, 'add the hypothesis', async () => {
    await api.addHypothesis({ investigationId, description, probability });
    return null;
  });
}

export function linkEvidence(
  incidentId: string,
  hypothesisId: number,
  evidenceId: number,
  stance: Stance,
): Promise<boolean> {
  return change(incidentId, 'attach the evidence', () =>
    api.linkEvidence({ hypothesisId, evidenceId, stance }),
  );
}

export function setRootCause(
  incidentId: string,
  investigationId: number,
  hypothesisId: number | null,
  text: string | null,
): Promise<boolean> {
  return change(incidentId, 'record the root cause', () =>
    api.setRootCause({ investigationId, hypothesisId, text }),
  );
}

export interface ActionItemInput {
  description: string;
  owner: string | null;
  type: ActionItem['type'];
  priority: ActionItem['priority'];
  trackingUrl: string | null;
}

export async function saveActionItem(
  incidentId: string,
  item: ActionItemInput & { id?: number; status?: ActionItem['status'] },
): Promise<boolean> {
  try {
    await callCore(() => api.saveActionItem({ incidentId, ...item }));
    await Promise.all([loadActionItems(incidentId), loadIncident(incidentId)]);
    return true;
  } catch (error) {
    const { title, detail } = describeError(error, 'save the action item');
    notify({ tone: 'error', title, detail });
    return false;
  }
}

let highlightTimer: number | undefined;

/** Scrolls to a finding card and outlines it long enough to be found by eye. */
export function highlightFinding(findingId: number): void {
  useInvestigation.setState({ highlighted: findingId, tab: 'findings' });
  // The card may only exist once the findings tab has rendered.
  window.requestAnimationFrame(() =>
    document.getElementById(`finding-${findingId}`)?.scrollIntoView({ behavior: 'smooth', block: 'center' }),
  );
  window.clearTimeout(highlightTimer);
  highlightTimer = window.setTimeout(() => useInvestigation.setState({ highlighted: null }), 2400);
}

export function toggleTimelineKind(kind: TimelineEntry['kind']): void {
  useInvestigation.setState((state) => ({
    timelineKinds: state.timelineKinds.includes(kind)
      ? state.timelineKinds.filter((k) => k !== kind)
      : [...state.timelineKinds, kind],
  }));
}

export function clearTimelineKinds(): void {
  useInvestigation.setState({ timelineKinds: [] });
}

/** Follows the analyzers as the core reports them, also for a run another window started. */
export function watchInvestigationProgress(): () => void {
  return onEvent('progress', (progress) => {
    if (progress.task !== 'investigation') return;
    useInvestigation.setState((state) =>
      state.run.status === 'running' ? { run: { ...state.run, progress } } : state,
    );
  });
}
