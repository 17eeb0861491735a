import { create } from 'zustand';
import { ApiError } from '../../shared/contract';
import { api } from '../api';

export type CoreState = 'unknown' | 'connected' | 'unreachable';

interface ConnectionState {
  /** The machine's network: without it remote sources cannot sync, but the local cache still answers. */
  online: boolean;
  /** Whether the workbench core (Electron main process or `iwb serve`) answers our calls. */
  core: CoreState;
  coreVersion: string | null;
}

export const useConnection = create<ConnectionState>(() => ({
  online: navigator.onLine,
  core: 'unknown',
  coreVersion: null,
}));

/** Runs a call to the core and records whether the core answered; an error answer still proves it is up. */
export async function callCore<T>(request: () => Promise<T>): Promise<T> {
  try {
    const result = await request();
    if (useConnection.getState().core !== 'connected') useConnection.setState({ core: 'connected' });
    return result;
  } catch (error) {
    const answered = error instanceof ApiError;
    const core: CoreState = answered ? 'connected' : 'unreachable';
    if (useConnection.getState().core !== core) useConnection.setState({ core });
    throw error;
  }
}

const HEALTH_EVERY_MS = 15_000;

async function checkHealth(): Promise<void> {
  try {
    const health = await callCore(() => api.health({}));
    useConnection.setState({ coreVersion: health.version });
  } catch {
    // callCore has already marked the core unreachable; the status bar shows it and the next check retries.
  }
}

export function watchConnection(): () => void {
  const updateOnline = () => useConnection.setState({ online: navigator.onLine });
  window.addEventListener('online', updateOnline);
  window.addEventListener('offline', updateOnline);
  void checkHealth();
  const timer = window.setInterval(() => void checkHealth(), HEALTH_EVERY_MS);
  return () => {
    window.removeEventListener('online', updateOnline);
    window.removeEventListener('offline', updateOnline);
    window.clearInterval(timer);
  };
}
