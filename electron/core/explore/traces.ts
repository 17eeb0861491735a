import type { Handlers } from '../api/dispatch';
import type { Db } from '../db/open';
import type { tracesMethods } from '../../../shared/methods/traces';

export type TracesHandlers = Pick<Handlers, keyof typeof tracesMethods>;

export function createTracesHandlers(_db: Db): TracesHandlers {
  return {};
}
