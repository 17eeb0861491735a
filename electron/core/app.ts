import type { SyncWindow } from '../../shared/model/source';
import { createDispatcher, type Dispatch, type Handlers } from './api/dispatch';
import { openWorkspaceDb, type Db } from './db/open';
import { resolveWorkspacePath } from './db/paths';
import { runDemo } from './jobs/run-demo';
import { AppError } from './errors';
import { EventBus } from './events';
import { createLogsHandlers } from './explore/logs';
import { createMetricsHandlers } from './explore/metrics';
import { createTracesHandlers } from './explore/traces';
import { createInvestigationHandlers } from './investigation/handlers';
import type { PrintPdf } from './postmortem/export/index';
import { createPostmortemHandlers } from './postmortem/handlers';
import { createKbHandlers } from './kb/handlers';
import { openIncidentsFromAlerts } from './incidents/from-alerts';
import { createIncidentHandlers } from './incidents/handlers';
import { createRunbookHandlers, runbookDirsFor } from './runbooks/handlers';
import { getIncident, listIncidents } from './incidents/queries';
import { connectors } from './ingest/connectors';
import { importFile } from './ingest/files/import-file';
import { FileSecretStore, secretsFileFor, type SecretStore } from './ingest/secrets';
import { SourceRegistry } from './ingest/sources';
import { parseDuration, SyncEngine, type SyncRequest } from './ingest/sync';
import { APP_VERSION } from './version';
import { workspaceInfo } from './workspace';

export interface CoreConfig {
  /** Workspace file; `IWB_DB` or the per-user default when absent. */
  dbPath?: string;
  /** Where source credentials live; a 0600 file beside the workspace when absent. */
  secrets?: SecretStore;
  /** How post-mortems become PDF; headless Chromium when absent, Electron's printToPDF in the app. */
  printPdf?: PrintPdf;
}

export interface Core {
  db: Db;
  dbPath: string;
  /** Where files dropped on the browser-mode window are copied before import. */
  uploadsDir: string;
  bus: EventBus;
  sources: SourceRegistry;
  sync: { sync(request: SyncRequest): ReturnType<SyncEngine['sync']> };
  handlers: Handlers;
  dispatch: Dispatch;
  isEmpty(): boolean;
  close(): void;
}

function windowOf(window: SyncWindow, now = Date.now() * 1000): { from: number; to: number } {
  return 'last' in window ? { from: now - parseDuration(window.last), to: now } : window;
}

/** The composition root: every service the hosts expose is built here from one config. */
export function createCore(config: CoreConfig = {}): Core {
  const { db, path, schemaVersion } = openWorkspaceDb(resolveWorkspacePath(config.dbPath));
  const bus = new EventBus();
  const secrets = config.secrets ?? new FileSecretStore(secretsFileFor(path));
  const sources = new SourceRegistry(db, secrets, connectors);
  const engine = new SyncEngine(db, sources, connectors);
  let running: AbortController | null = null;

  /** One sync at a time per workspace; alerts that arrive may open incidents. */
  const sync = {
    async sync(request: SyncRequest) {
      if (running)
        throw new AppError('conflict', 'A sync is already running; wait for it or cancel it first.');
      const controller = new AbortController();
      request.signal?.addEventListener('abort', () => controller.abort(), { once: true });
      running = controller;
      const names = request.names ?? sources.names();
      for (const source of names) {
        bus.emit('syncStatus', { source, state: 'syncing', lastSuccessAt: null, error: null });
      }
      try {
        const report = await engine.sync({
          ...request,
          signal: controller.signal,
          onProgress: (p) => {
            request.onProgress?.(p);
            bus.emit('syncProgress', p);
          },
        });
        openIncidentsFromAlerts(db);
        for (const entry of report.sources) {
          bus.emit('syncStatus', {
            source: entry.name,
            state: entry.status,
            lastSuccessAt: sources.view(entry.name).lastSuccessAt,
            error: entry.errors[0] ?? null,
          });
        }
        return report;
      } finally {
        running = null;
      }
    },
  };

  const handlers: Handlers = {
    ...createLogsHandlers(db),
    ...createMetricsHandlers(db),
    ...createTracesHandlers(db),
    ...createInvestigationHandlers(db, bus),
    ...createPostmortemHandlers(db, { dbPath: path, printPdf: config.printPdf }),
    ...createIncidentHandlers(db),
    ...createKbHandlers(db, { dbPath: path, bus, secrets }),
    ...createRunbookHandlers(db, {
      runbookDirs: runbookDirsFor(path),
      emit: (event) => bus.emit('runbookRun', event),
    }),
    health: () => ({ version: APP_VERSION, db: path }),
    getWorkspace: () =>
      workspaceInfo(db, { path, schemaVersion, appVersion: APP_VERSION, sources: sources.list() }),
    listIncidents: (args) => listIncidents(db, args),
    getIncident: (args) => getIncident(db, args.id),
    loadDemo: async () => {
      const report = (label: string, done: number, total: number, finished: boolean) =>
        bus.emit('progress', { task: 'demo', label, done, total, finished });
      // Progress is per phase, so only the end of the whole load says the task is finished.
      const result = await runDemo(db, path, (p) => report(p.label, p.done, p.total, false));
      report('Demo incident loaded', 1, 1, true);
      return result;
    },
    listSources: () => sources.list(),
    addSource: (args) => sources.add(args.source, args.replace),
    removeSource: (args) => {
      sources.remove(args.name);
      return { removed: args.name };
    },
    syncSources: (args) => sync.sync({ names: args.names, ...windowOf(args.window) }),
    importFiles: async (args) => {
      const summaries = [];
      for (const file of args.paths) {
        summaries.push(
          await importFile(db, file, {
            format: args.format,
            service: args.service,
            onProgress: (p) => bus.emit('importProgress', p),
          }),
        );
      }
      return summaries;
    },
    cancelSync: () => {
      const cancelled = running !== null;
      running?.abort();
      return { cancelled };
    },
  };

  return {
    db,
    dbPath: path,
    uploadsDir: `${path}.imports`,
    bus,
    sources,
    sync,
    handlers,
    dispatch: createDispatcher(handlers, (error) => console.error(error)),
    isEmpty: () => (db.prepare('SELECT COUNT(*) AS n FROM incidents').get() as { n: number }).n === 0,
    close: () => db.close(),
  };
}
