import { create } from 'zustand';
import type { EventPayload } from '../../shared/api';
import type { DemoResult, WorkspaceInfo } from '../../shared/model/workspace';
import { api, onEvent } from '../api';
import { callCore } from './connection';
import { idle, resourceLoader, type Resource } from './resource';

export type Progress = EventPayload<'progress'>;
export type SyncStatus = EventPayload<'syncStatus'>;

interface WorkspaceState {
  info: Resource<WorkspaceInfo>;
  /** Live source states pushed by the core; they override what the last `getWorkspace` said. */
  sync: Record<string, SyncStatus>;
  /** Long-running tasks in the core that have not finished yet, by task id. */
  tasks: Record<string, Progress>;
  demo: { status: 'idle' | 'running' | 'error'; progress: Progress | null; error: unknown };
}

export const useWorkspace = create<WorkspaceState>(() => ({
  info: idle,
  sync: {},
  tasks: {},
  demo: { status: 'idle', progress: null, error: null },
}));

export const loadWorkspace = resourceLoader(
  () => callCore(() => api.getWorkspace({})),
  (next) => useWorkspace.setState((state) => ({ info: next(state.info) })),
);

/** Loads the demo; resolves with its result, or null when it failed (the error is kept in `demo`). */
export async function runDemoLoad(): Promise<DemoResult | null> {
  useWorkspace.setState({ demo: { status: 'running', progress: null, error: null } });
  try {
    const result = await callCore(() => api.loadDemo({}));
    useWorkspace.setState({ demo: { status: 'idle', progress: null, error: null } });
    return result;
  } catch (error) {
    useWorkspace.setState({ demo: { status: 'error', progress: null, error } });
    return null;
  }
}

export function watchWorkspaceEvents(): () => void {
  const offProgress = onEvent('progress', (progress) => {
    useWorkspace.setState((state) => {
      const tasks = { ...state.tasks };
      if (progress.finished) delete tasks[progress.task];
      else tasks[progress.task] = progress;
      const demo = state.demo.status === 'running' ? { ...state.demo, progress } : state.demo;
      return { tasks, demo };
    });
  });
  const offSync = onEvent('syncStatus', (status) => {
    useWorkspace.setState((state) => ({ sync: { ...state.sync, [status.source]: status } }));
  });
  return () => {
    offProgress();
    offSync();
  };
}
