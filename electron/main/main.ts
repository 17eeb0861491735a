import path from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
import { createCore, type Core } from '../core/app';
import { errorMessage } from '../core/errors';
import { startOtlpReceiver, type RunningOtlpReceiver } from '../core/ingest/otlp';
import { loadDemo } from '../core/demo';
import { isFirstLaunch, markFirstLaunchDone } from '../core/settings';
import { bridgeCoreToWindows } from './ipc';
import { installAppMenu } from './menu';
import { printPdfWithElectron } from './print-pdf';
import { keychainSecretStore } from './secrets';
import { createMainWindow } from './window';

let core: Core | undefined;
let otlp: RunningOtlpReceiver | undefined;

const OTLP_PORT = Number(process.env.IWB_OTLP_PORT ?? 4318);

function focusExisting(): void {
  const [window] = BrowserWindow.getAllWindows();
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.focus();
}

function openCore(): Core {
  const dbPath = process.env.IWB_DB ?? path.join(app.getPath('userData'), 'workspace.db');
  const opened = createCore({ dbPath, secrets: keychainSecretStore(dbPath), printPdf: printPdfWithElectron });
  if (isFirstLaunch(opened.db)) {
    if (opened.isEmpty()) loadDemo(opened.db);
    markFirstLaunchDone(opened.db);
  }
  return opened;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', focusExisting);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  void app.whenReady().then(() => {
    try {
      core = openCore();
    } catch (error) {
      dialog.showErrorBox('Incident Workbench cannot open its workspace', errorMessage(error));
      app.exit(1);
      return;
    }
    // A collector already on the port is common; the app works without its own receiver.
    startOtlpReceiver(core.db, { port: OTLP_PORT }).then(
      (running) => (otlp = running),
      (error: unknown) => console.warn(`OTLP receiver not started: ${errorMessage(error)}`),
    );
    installAppMenu();
    bridgeCoreToWindows(core, () => BrowserWindow.getAllWindows());
    createMainWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    void otlp?.close();
    core?.close();
  });
}
