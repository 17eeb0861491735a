import { create } from 'zustand';
import type { EventPayload } from '../../shared/api';
import { ApiError } from '../../shared/contract';
import type {
  ImportSummary,
  SourceInput,
  SourceView,
  SyncReport,
  SyncWindow,
} from '../../shared/model/source';
import { api, fileForImport, onEvent } from '../api';
import { describeError } from '../components/errors';
import { formatCount, nowMicros } from '../components/format';
import { callCore } from './connection';
import { loadIncidents, reloadShownIncidents, useIncidents } from './incidents';
import { useNavigation } from './navigation';
import { idle, resourceLoader, type Resource } from './resource';
import { relativePresets, type RelativePreset } from './route';
import { presetLabels, useTimeRange } from './timeRange';
import { notify } from './ui';
import { loadWorkspace } from './workspace';

export type SyncProgress = EventPayload<'syncProgress'>;
export type ImportProgress = EventPayload<'importProgress'>;

export const syncChoices = ['15m', '1h', '6h', '24h', 'range'] as const;
export type SyncChoice = (typeof syncChoices)[number];

export interface SyncRun {
  status: 'idle' | 'running' | 'done' | 'failed';
  /** What was asked, in words: "all sources · last 1 h". */
  label: string;
  /** The latest `syncProgress` event, also for a sync another window started. */
  progress: SyncProgress | null;
  report: SyncReport | null;
  error: unknown;
  cancelling: boolean;
}

export type ImportStage = 'uploading' | 'queued' | 'importing' | 'done' | 'failed';

export interface ImportEntry {
  id: number;
  /** The name the engineer dropped; the core only knows the path of its uploaded copy. */
  name: string;
  size: number;
  path: string | null;
  stage: ImportStage;
  progress: ImportProgress | null;
  summary: ImportSummary | null;
  error: unknown;
}

interface SourcesState {
  list: Resource<SourceView[]>;
  choice: SyncChoice;
  sync: SyncRun;
  imports: ImportEntry[];
}

const idleSync: SyncRun = {
  status: 'idle',
  label: '',
  progress: null,
  report: null,
  error: null,
  cancelling: false,
};

export const useSources = create<SourcesState>(() => ({
  list: idle,
  choice: '1h',
  sync: idleSync,
  imports: [],
}));

export const loadSources = resourceLoader(
  () => callCore(() => api.listSources({})),
  (next) => useSources.setState((state) => ({ list: next(state.list) })),
);

/** New rows can open incidents (alerts) and change every count on screen, so everything is read again. */
async function refreshAfterIngest(): Promise<void> {
  await Promise.all([loadSources(), loadWorkspace(), loadIncidents(), reloadShownIncidents()]);
}

/** Throws the core's error as is: the form turns its `issues` into messages beside the fields. */
export async function addSource(source: SourceInput): Promise<SourceView> {
  const added = await callCore(() => api.addSource({ source }));
  await Promise.all([loadSources(), loadWorkspace()]);
  return added;
}

export async function removeSource(name: string): Promise<void> {
  await callCore(() => api.removeSource({ name }));
  await Promise.all([loadSources(), loadWorkspace()]);
}

export function chooseSyncWindow(choice: SyncChoice): void {
  useSources.setState({ choice });
}

function isRelativePreset(value: string): value is RelativePreset {
  return (relativePresets as readonly string[]).includes(value);
}

/** The global time range as a sync window; null while it is not known yet. */
function rangeWindow(): SyncWindow | null {
  const { preset, range } = useTimeRange.getState();
  // A relative range is re-read at sync time: "last 1 h" picked an hour ago still means the last hour now.
  if (isRelativePreset(preset)) return { last: preset };
  if (!range) return null;
  const now = nowMicros();
  const { incidentId } = useNavigation.getState();
  const incident = useIncidents.getState().list.data?.find((i) => i.id === incidentId);
  const ongoing = preset === 'incident' && incident?.resolvedAt === null;
  const to = ongoing ? now : Math.min(range.to, now);
  return { from: Math.min(range.from, to), to };
}

export function syncWindowOf(choice: SyncChoice): SyncWindow | null {
  return choice === 'range' ? rangeWindow() : { last: choice };
}

export function syncChoiceLabel(choice: SyncChoice): string {
  if (choice !== 'range') return presetLabels[choice];
  const preset = useTimeRange.getState().preset;
  return preset === 'incident' ? 'Incident window' : `Time range (${presetLabels[preset].toLowerCase()})`;
}

function describeReport(report: SyncReport): string {
  const rows = report.sources.reduce((sum, source) => sum + source.rows, 0);
  const failing = report.sources.filter((source) => source.status !== 'ok');
  const parts = [`${formatCount(rows)} new rows`];
  if (failing.length > 0) parts.push(failing.map((source) => `${source.name} ${source.status}`).join(', '));
  return parts.join(' · ');
}

/** One sync at a time; the report stays on screen until the next one starts. */
export async function startSync(names?: string[]): Promise<void> {
  const { choice, sync } = useSources.getState();
  if (sync.status === 'running') return;
  const window = syncWindowOf(choice);
  if (!window) return;
  const label = `${names ? names.join(', ') : 'all sources'} · ${syncChoiceLabel(choice).toLowerCase()}`;
  useSources.setState({ sync: { ...idleSync, status: 'running', label } });
  try {
    const report = await callCore(() => api.syncSources({ window, names }));
    useSources.setState((state) => ({ sync: { ...state.sync, status: 'done', report, cancelling: false } }));
    // The Sources screen shows the whole report; elsewhere a short word says how it went.
    if (useNavigation.getState().area !== 'sources') {
      const bad = report.sources.some((source) => source.status !== 'ok');
      notify({
        tone: bad ? 'error' : 'success',
        title: report.cancelled ? 'Sync cancelled' : bad ? 'Sync finished with errors' : 'Sync finished',
        detail: `${describeReport(report)}. Details on the Sources screen.`,
      });
    }
  } catch (error) {
    useSources.setState((state) => ({ sync: { ...state.sync, status: 'failed', error, cancelling: false } }));
  }
  await refreshAfterIngest();
}

export async function cancelSync(): Promise<void> {
  useSources.setState((state) => ({ sync: { ...state.sync, cancelling: true } }));
  try {
    await callCore(() => api.cancelSync({}));
  } catch (error) {
    const { title, detail } = describeError(error, 'cancel the sync');
    notify({ tone: 'error', title, detail });
    useSources.setState((state) => ({ sync: { ...state.sync, cancelling: false } }));
  }
}

export function dismissSyncReport(): void {
  useSources.setState((state) => (state.sync.status === 'running' ? state : { sync: idleSync }));
}

/** True while any sync runs in the core, including one started from another window. */
export function syncRunning(sync: SyncRun): boolean {
  return sync.status === 'running' || (sync.progress !== null && !sync.progress.finished);
}

let nextImportId = 1;

function updateImport(id: number, change: Partial<ImportEntry>): void {
  useSources.setState((state) => ({
    imports: state.imports.map((entry) => (entry.id === id ? { ...entry, ...change } : entry)),
  }));
}

async function importOne(entry: ImportEntry, file: File): Promise<void> {
  updateImport(entry.id, { stage: 'uploading' });
  let path: string;
  try {
    path = await callCore(() => fileForImport(file));
  } catch (error) {
    updateImport(entry.id, { stage: 'failed', error });
    return;
  }
  updateImport(entry.id, { path, stage: 'importing' });
  try {
    const [summary = null] = await callCore(() => api.importFiles({ paths: [path] }));
    updateImport(entry.id, { summary, stage: summary?.error ? 'failed' : 'done' });
  } catch (error) {
    updateImport(entry.id, { stage: 'failed', error });
  }
}

let importQueue: Promise<void> = Promise.resolve();

/**
 * Copies each file where the core can read it (its own path in Electron, an upload in a browser), then
 * imports it. One file at a time, in the order dropped, so each result shows as soon as it is known.
 */
export function importFiles(files: File[]): Promise<void> {
  if (files.length === 0) return importQueue;
  const entries: ImportEntry[] = files.map((file) => ({
    id: nextImportId++,
    name: file.name,
    size: file.size,
    path: null,
    stage: 'queued',
    progress: null,
    summary: null,
    error: null,
  }));
  useSources.setState((state) => ({ imports: [...state.imports, ...entries] }));
  importQueue = importQueue.then(async () => {
    for (const [index, entry] of entries.entries()) {
      const file = files[index];
      if (file) await importOne(entry, file);
    }
    await refreshAfterIngest();
  });
  return importQueue;
}

export function clearFinishedImports(): void {
  useSources.setState((state) => ({
    imports: state.imports.filter((entry) => entry.stage !== 'done' && entry.stage !== 'failed'),
  }));
}

const POLL_MS = 30_000;

/** Keeps source health fresh at a calm pace, and follows syncs and imports as the core reports them. */
export function watchSources(): () => void {
  void loadSources();
  const timer = window.setInterval(() => {
    if (document.visibilityState !== 'visible') return;
    void loadSources();
    void loadWorkspace();
  }, POLL_MS);

  const offSync = onEvent('syncProgress', (progress) => {
    const ours = useSources.getState().sync.status === 'running';
    useSources.setState((state) => ({ sync: { ...state.sync, progress } }));
    if (progress.finished && !ours) {
      // Another window's sync: this one learns only from its events that it is over, and a refusal
      // it showed because of that sync no longer applies.
      const { error } = useSources.getState().sync;
      if (error instanceof ApiError && error.code === 'conflict') dismissSyncReport();
      void refreshAfterIngest();
    }
  });

  const offImport = onEvent('importProgress', (progress) => {
    useSources.setState((state) => ({
      imports: state.imports.map((entry) =>
        entry.path === progress.file && entry.stage !== 'done' && entry.stage !== 'failed'
          ? { ...entry, progress, stage: 'importing' }
          : entry,
      ),
    }));
  });

  return () => {
    window.clearInterval(timer);
    offSync();
    offImport();
  };
}
