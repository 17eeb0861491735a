import type { Handlers } from '../api/dispatch';
import type { Db } from '../db/open';
import type { logsMethods } from '../../../shared/methods/logs';

export type LogsHandlers = Pick<Handlers, keyof typeof logsMethods>;

export function createLogsHandlers(_db: Db): LogsHandlers {
  return {};
}
