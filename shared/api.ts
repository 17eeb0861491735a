import { z } from 'zod';
import { ApiError, callOutcomeSchema, defineMethod, type MethodDef } from './contract';
import { incidentDetail, incidentStatus, incidentSummary } from './model/incident';
import {
  importFormats,
  importSummary,
  sourceInput,
  sourceView,
  syncReport,
  syncWindow,
} from './model/source';
import { demoResult, workspaceInfo } from './model/workspace';
import { incidentMethods } from './methods/incidents';
import { investigationMethods } from './methods/investigation';
import { kbMethods } from './methods/kb';
import { logsMethods } from './methods/logs';
import { metricsMethods } from './methods/metrics';
import { postmortemMethods } from './methods/postmortem';
import { runbookMethods, runbookRunEvent } from './methods/runbooks';
import { tracesMethods } from './methods/traces';

/**
 * The contract: every method the app offers, declared once. The Electron IPC bridge, the HTTP host
 * and the renderer client are all generated from this object.
 */
export const methods = {
  health: defineMethod({
    summary: 'Liveness and the workspace in use.',
    args: z.object({}),
    result: z.object({ version: z.string(), db: z.string() }),
  }),
  getWorkspace: defineMethod({
    summary: 'The open workspace: path, schema version, row counts, sources and sync state.',
    args: z.object({}),
    result: workspaceInfo,
  }),
  listIncidents: defineMethod({
    summary: 'Incidents, newest first.',
    args: z.object({
      status: z.array(incidentStatus).optional(),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
    result: z.array(incidentSummary),
  }),
  getIncident: defineMethod({
    summary: 'One incident with its alerts, changes, timeline and the telemetry cached for its window.',
    args: z.object({ id: z.string().min(1) }),
    result: incidentDetail,
  }),
  loadDemo: defineMethod({
    summary: 'Load the built-in demo incident into the workspace (replaces an earlier demo load).',
    args: z.object({}),
    result: demoResult,
  }),
  listSources: defineMethod({
    summary: 'Configured sources with their per-query sync state (never their secrets).',
    args: z.object({}),
    result: z.array(sourceView),
  }),
  addSource: defineMethod({
    summary: 'Add or replace a source; header values go to the secret store, never to SQLite.',
    args: z.object({ source: sourceInput, replace: z.boolean().default(false) }),
    result: sourceView,
  }),
  removeSource: defineMethod({
    summary: 'Remove a source and its credentials; rows already pulled stay in the cache.',
    args: z.object({ name: z.string().min(1) }),
    result: z.object({ removed: z.string() }),
  }),
  syncSources: defineMethod({
    summary: 'Pull what is new from the sources over a window; progress arrives as syncProgress events.',
    args: z.object({ names: z.array(z.string()).optional(), window: syncWindow }),
    result: syncReport,
  }),
  cancelSync: defineMethod({
    summary: 'Cancel the sync in progress; rows already stored are kept.',
    args: z.object({}),
    result: z.object({ cancelled: z.boolean() }),
  }),
  importFiles: defineMethod({
    summary:
      'Import log, metric or trace files already on this machine (in browser mode, uploaded first through /api/upload).',
    args: z.object({
      paths: z.array(z.string().min(1)).min(1),
      format: z.enum(importFormats).default('auto'),
      service: z.string().min(1).optional(),
    }),
    result: z.array(importSummary),
  }),
  ...logsMethods,
  ...metricsMethods,
  ...tracesMethods,
  ...investigationMethods,
  ...incidentMethods,
  ...runbookMethods,
  ...kbMethods,
  ...postmortemMethods,
} as const satisfies Record<string, MethodDef>;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type ArgsOf<M extends MethodName> = z.input<Methods[M]['args']>;
export type ParsedArgsOf<M extends MethodName> = z.output<Methods[M]['args']>;
export type ResultOf<M extends MethodName> = z.output<Methods[M]['result']>;

export const methodNames = Object.keys(methods) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}

/** Events the core pushes to every open window. */
export const events = {
  runbookRun: runbookRunEvent,
  progress: z.object({
    task: z.string(),
    label: z.string(),
    done: z.number(),
    total: z.number().nullable(),
    finished: z.boolean(),
  }),
  syncProgress: z.object({
    source: z.string(),
    task: z.string(),
    rows: z.number(),
    bytes: z.number(),
    rowsPerSecond: z.number(),
    etaSeconds: z.number().nullable(),
    fraction: z.number(),
    finished: z.boolean(),
  }),
  importProgress: z.object({
    file: z.string(),
    bytesRead: z.number(),
    bytesTotal: z.number(),
    lines: z.number(),
    stored: z.number(),
    rejected: z.number(),
  }),
  syncStatus: z.object({
    source: z.string(),
    state: z.enum(['idle', 'syncing', 'ok', 'degraded', 'offline']),
    lastSuccessAt: z.number().nullable(),
    error: z.string().nullable(),
  }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;
export const eventNames = Object.keys(events) as EventName[];

export const eventEnvelope = z.object({ event: z.string(), payload: z.unknown() });

/** The typed client every window uses, whatever carries the calls. */
export type Api = { [M in MethodName]: (args: ArgsOf<M>) => Promise<ResultOf<M>> };

export interface Transport {
  call(method: MethodName, args: unknown): Promise<unknown>;
}

/** Builds the client from the registry: one function per method, results checked against the contract. */
export function createApi(transport: Transport): Api {
  const api: Partial<Record<MethodName, (args: unknown) => Promise<unknown>>> = {};
  for (const name of methodNames) {
    api[name] = async (args: unknown) => {
      const outcome = callOutcomeSchema.parse(await transport.call(name, args ?? {}));
      if (!outcome.ok) throw new ApiError(outcome.error);
      return methods[name].result.parse(outcome.result);
    };
  }
  return api as Api;
}
