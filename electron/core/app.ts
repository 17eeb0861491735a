import { createDispatcher, type Dispatch, type Handlers } from './api/dispatch';
import { openWorkspaceDb, type Db } from './db/open';
import { resolveWorkspacePath } from './db/paths';
import { loadDemo } from './demo';
import { EventBus } from './events';
import { getIncident, listIncidents } from './incidents/queries';
import { APP_VERSION } from './version';
import { workspaceInfo } from './workspace';

export interface CoreConfig {
  /** Workspace file; `IWB_DB` or the per-user default when absent. */
  dbPath?: string;
}

export interface Core {
  db: Db;
  dbPath: string;
  bus: EventBus;
  handlers: Handlers;
  dispatch: Dispatch;
  isEmpty(): boolean;
  close(): void;
}

/** The composition root: every service the hosts expose is built here from one config. */
export function createCore(config: CoreConfig = {}): Core {
  const { db, path, schemaVersion } = openWorkspaceDb(resolveWorkspacePath(config.dbPath));
  const bus = new EventBus();

  const handlers: Handlers = {
    health: () => ({ version: APP_VERSION, db: path }),
    getWorkspace: () => workspaceInfo(db, path, schemaVersion, APP_VERSION),
    listIncidents: (args) => listIncidents(db, args),
    getIncident: (args) => getIncident(db, args.id),
    loadDemo: () =>
      loadDemo(db, (p) =>
        bus.emit('progress', {
          task: 'demo',
          label: p.label,
          done: p.done,
          total: p.total,
          finished: p.done >= p.total,
        }),
      ),
  };

  return {
    db,
    dbPath: path,
    bus,
    handlers,
    dispatch: createDispatcher(handlers, (error) => console.error(error)),
    isEmpty: () => (db.prepare('SELECT COUNT(*) AS n FROM incidents').get() as { n: number }).n === 0,
    close: () => db.close(),
  };
}
