import type { Handlers } from '../api/dispatch';
import type { Db } from '../db/open';
import type { tracesMethods } from '../../../shared/methods/traces';
import { getServiceGraph, getTrace, listTraceServices, searchTraces } from './traces/queries';

export type TracesHandlers = Pick<Handlers, keyof typeof tracesMethods>;

export function createTracesHandlers(db: Db): TracesHandlers {
  return {
    searchTraces: (args) => searchTraces(db, args),
    getTrace: ({ traceId }) => getTrace(db, traceId),
    getServiceGraph: ({ from, to }) => getServiceGraph(db, from, to),
    listTraceServices: ({ from, to }) => ({ services: listTraceServices(db, from, to) }),
  };
}
