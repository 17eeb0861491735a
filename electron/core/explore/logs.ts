import type { Handlers } from '../api/dispatch';
import type { Db } from '../db/open';
import type { logsMethods } from '../../../shared/methods/logs';
import { getLogRow, listLogTemplates, logHistogram, searchLogs } from './logs/search';

export type LogsHandlers = Pick<Handlers, keyof typeof logsMethods>;

export function createLogsHandlers(db: Db): LogsHandlers {
  return {
    searchLogs: (args) => searchLogs(db, args),
    getLogRow: ({ id }) => getLogRow(db, id),
    logHistogram: (args) => logHistogram(db, args),
    listLogTemplates: (args) => listLogTemplates(db, args),
  };
}
