import { pathToFileURL } from 'node:url';
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { CallOutcome } from '../../shared/contract';
import type { Core } from '../core/app';
import { rendererIndex } from './window';

export const CALL_CHANNEL = 'iwb:call';
export const EVENT_CHANNEL = 'iwb:event';

function fromOurPage(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.url.split('#')[0] === pathToFileURL(rendererIndex()).href;
}

/** Every contract method over one channel: the dispatcher validates arguments, so nothing here is per method. */
export function bridgeCoreToWindows(core: Core, windows: () => BrowserWindow[]): () => void {
  ipcMain.handle(CALL_CHANNEL, async (event, method: unknown, args: unknown): Promise<CallOutcome> => {
    if (!fromOurPage(event)) {
      return {
        ok: false,
        error: { code: 'forbidden', message: 'Calls are accepted only from the app window.' },
      };
    }
    if (typeof method !== 'string') {
      return { ok: false, error: { code: 'invalid_args', message: 'The method name must be a string.' } };
    }
    return core.dispatch(method, args);
  });
  const unsubscribe = core.bus.subscribe((name, payload) => {
    for (const window of windows()) window.webContents.send(EVENT_CHANNEL, name, payload);
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(CALL_CHANNEL);
  };
}
