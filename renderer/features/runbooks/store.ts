import { create } from 'zustand';
import type {
  RunbookDetail,
  RunbookRunEvent,
  RunbookRunRow,
  RunbookSummary,
  RunViewData,
} from '../../../shared/methods/runbooks';
import { api, onEvent } from '../../api';
import { describeError } from '../../components/errors';
import { callCore } from '../../state/connection';
import { loadIncident } from '../../state/incidents';
import { failed, loading, ready, type Resource } from '../../state/resource';
import { notify } from '../../state/ui';

export interface OutputChunk {
  stream: 'stdout' | 'stderr';
  text: string;
}

/** Output kept per step in the browser; the stored copy is the tail, this is what streamed in. */
const MAX_LIVE_CHARS = 200_000;

interface RunbooksState {
  /** Keyed by incident id, '' for no incident. */
  library: Record<string, Resource<RunbookSummary[]>>;
  selectedFile: string | null;
  details: Record<string, Resource<RunbookDetail>>;
  runs: Record<string, Resource<RunbookRunRow[]>>;
  openRunId: number | null;
  run: Resource<RunViewData>;
  /** Output streamed in this session, keyed `runId:stepId`. */
  live: Record<string, OutputChunk[]>;
  /** What the engineer just asked for, while the core works on it. */
  pending: string | null;
}

export const useRunbooks = create<RunbooksState>(() => ({
  library: {},
  selectedFile: null,
  details: {},
  runs: {},
  openRunId: null,
  run: { status: 'idle', data: null, error: null },
  live: {},
  pending: null,
}));

export const liveKey = (runId: number, stepId: string): string => `${runId}:${stepId}`;

export async function loadLibrary(incidentId: string | null): Promise<void> {
  const key = incidentId ?? '';
  useRunbooks.setState((s) => ({ library: { ...s.library, [key]: loading(s.library[key]) } }));
  try {
    const list = await callCore(() => api.listRunbooks(incidentId ? { incidentId } : {}));
    useRunbooks.setState((s) => ({ library: { ...s.library, [key]: ready(list) } }));
  } catch (error) {
    useRunbooks.setState((s) => ({ library: { ...s.library, [key]: failed(s.library[key], error) } }));
  }
}

export async function loadRunbook(file: string, incidentId: string | null): Promise<void> {
  useRunbooks.setState((s) => ({ details: { ...s.details, [file]: loading(s.details[file]) } }));
  try {
    const detail = await callCore(() => api.getRunbook(incidentId ? { file, incidentId } : { file }));
    useRunbooks.setState((s) => ({ details: { ...s.details, [file]: ready(detail) } }));
  } catch (error) {
    useRunbooks.setState((s) => ({ details: { ...s.details, [file]: failed(s.details[file], error) } }));
  }
}

export function selectRunbook(file: string, incidentId: string | null): void {
  useRunbooks.setState({ selectedFile: file, openRunId: null });
  void loadRunbook(file, incidentId);
}

export async function loadRuns(incidentId: string | null): Promise<void> {
  const key = incidentId ?? '';
  useRunbooks.setState((s) => ({ runs: { ...s.runs, [key]: loading(s.runs[key]) } }));
  try {
    const list = await callCore(() => api.listRunbookRuns(incidentId ? { incidentId } : {}));
    useRunbooks.setState((s) => ({ runs: { ...s.runs, [key]: ready(list) } }));
  } catch (error) {
    useRunbooks.setState((s) => ({ runs: { ...s.runs, [key]: failed(s.runs[key], error) } }));
  }
}

function showRun(view: RunViewData): void {
  useRunbooks.setState((s) => (s.openRunId === view.run.id ? { run: ready(view) } : { run: s.run }));
}

export async function openRun(runId: number): Promise<void> {
  useRunbooks.setState((s) => ({
    openRunId: runId,
    run: s.run.data?.run.id === runId ? loading(s.run) : loading(undefined),
  }));
  try {
    const view = await callCore(() => api.getRunbookRun({ runId }));
    showRun(view);
    void loadRunbook(view.run.runbookSource, view.run.incidentId);
  } catch (error) {
    useRunbooks.setState((s) => (s.openRunId === runId ? { run: failed(s.run, error) } : s));
  }
}

export function closeRun(): void {
  useRunbooks.setState({ openRunId: null });
}

/** Every action on a run answers with the run as it now stands; a refusal is said in a toast. */
async function act(label: string, request: () => Promise<RunViewData>): Promise<void> {
  useRunbooks.setState({ pending: label });
  try {
    const view = await callCore(request);
    showRun(view);
    if (view.run.incidentId) {
      void loadRuns(view.run.incidentId);
      void loadIncident(view.run.incidentId);
    }
  } catch (error) {
    const { title, detail } = describeError(error, label);
    notify({ tone: 'error', title, detail });
  } finally {
    useRunbooks.setState({ pending: null });
  }
}

export async function startRun(
  file: string,
  incidentId: string | null,
  params: Record<string, string | number | boolean>,
): Promise<void> {
  useRunbooks.setState({ pending: 'start the run' });
  try {
    const view = await callCore(() => api.startRunbookRun({ file, incidentId, params }));
    useRunbooks.setState({ openRunId: view.run.id, run: ready(view) });
    void loadRuns(incidentId);
    if (incidentId) void loadIncident(incidentId);
  } catch (error) {
    const { title, detail } = describeError(error, 'start the run');
    notify({ tone: 'error', title, detail });
  } finally {
    useRunbooks.setState({ pending: null });
  }
}

export const confirmStep = (runId: number, command: string) =>
  act('run the step', () => api.confirmRunbookStep({ runId, command }));
export const runSafeSteps = (runId: number, commands: string[]) =>
  act('run the safe steps', () => api.runSafeRunbookSteps({ runId, commands }));
export const completeManual = (runId: number, note: string) =>
  act('mark the step done', () =>
    api.completeManualStep(note.trim() ? { runId, note: note.trim() } : { runId }),
  );
export const chooseOption = (runId: number, option: string) =>
  act('choose the option', () => api.chooseRunbookOption({ runId, option }));
export const skipStep = (runId: number, note: string) =>
  act('skip the step', () => api.skipRunbookStep(note.trim() ? { runId, note: note.trim() } : { runId }));
export const trustRunbook = (runId: number) => act('trust the runbook', () => api.trustRunbook({ runId }));

/** Cancel is sent even while another action waits: it is how a running command is stopped. */
export async function cancelRun(runId: number): Promise<void> {
  try {
    showRun(await callCore(() => api.cancelRunbookRun({ runId })));
  } catch (error) {
    const { title, detail } = describeError(error, 'cancel the run');
    notify({ tone: 'error', title, detail });
  }
}

function appendOutput(event: Extract<RunbookRunEvent, { type: 'output' }>): void {
  useRunbooks.setState((s) => {
    const key = liveKey(event.runId, event.stepId);
    const chunks = [...(s.live[key] ?? []), { stream: event.stream, text: event.text }];
    let size = chunks.reduce((n, c) => n + c.text.length, 0);
    while (size > MAX_LIVE_CHARS && chunks.length > 1) size -= chunks.shift()?.text.length ?? 0;
    return { live: { ...s.live, [key]: chunks } };
  });
}

/** Streams output into the open run and refreshes it when a step starts or ends elsewhere. */
export function watchRunEvents(): () => void {
  return onEvent('runbookRun', (event) => {
    if (event.type === 'output') {
      appendOutput(event);
      return;
    }
    if (event.type === 'run') {
      const open = useRunbooks.getState().run.data?.run;
      if (open?.id === event.runId) void loadRuns(open.incidentId);
    }
    if (event.runId !== useRunbooks.getState().openRunId) return;
    void callCore(() => api.getRunbookRun({ runId: event.runId }))
      .then(showRun)
      .catch(() => undefined);
  });
}

export function clearLiveOutput(runId: number, stepId: string): void {
  useRunbooks.setState((s) => {
    const live = { ...s.live };
    delete live[liveKey(runId, stepId)];
    return { live };
  });
}
