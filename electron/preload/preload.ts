import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { isMethodName } from '../../shared/api';

const CALL_CHANNEL = 'iwb:call';
const EVENT_CHANNEL = 'iwb:event';

/** The contract and nothing else: one generic call that only passes method names the registry knows. */
contextBridge.exposeInMainWorld('workbench', {
  call(method: string, args: unknown): Promise<unknown> {
    if (!isMethodName(method)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'unknown_method', message: `There is no method called '${method}'.` },
      });
    }
    return ipcRenderer.invoke(CALL_CHANNEL, method, args);
  },
  on(event: string, listener: (payload: unknown) => void): () => void {
    const handler = (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
  pathForFile(file: File): string {
    return webUtils.getPathForFile(file);
  },
});
