import { z } from 'zod';
import { defineMethod, type MethodDef } from '../contract';
import { parameterSpec, runbook, runStatuses, stepRunStatuses } from '../model/runbook';

const incidentId = z.string().min(1).max(200);
const runId = z.number().int().positive();
const file = z
  .string()
  .min(1)
  .max(4000)
  .regex(/\.ya?ml$/i, 'a runbook file ends in .yaml or .yml');
const note = z.string().trim().max(10_000).optional();
const stepTypes = ['manual', 'command', 'api_call', 'query', 'check', 'decision'] as const;

/** One thing wrong with a runbook file, placed where the author can fix it (line 0: the whole file). */
export const runbookProblem = z.object({
  file: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  field: z.string(),
  message: z.string(),
});
export type RunbookProblemView = z.infer<typeof runbookProblem>;

/** A runbook in the library: what it is for, whether it fits the incident, and whether it can run. */
export const runbookSummary = z.object({
  /** The runbook's id, or the file name when the file is broken. */
  id: z.string(),
  title: z.string(),
  description: z.string(),
  owner: z.string(),
  tags: z.array(z.string()),
  triggers: z.object({
    tags: z.array(z.string()),
    alerts: z.array(z.string()),
    services: z.array(z.string()),
  }),
  parameters: z.array(parameterSpec),
  stepCount: z.number().int(),
  stepTypes: z.partialRecord(z.enum(stepTypes), z.number().int()),
  file: z.string(),
  trusted: z.boolean(),
  /** Empty when the file is a valid runbook. */
  problems: z.array(runbookProblem),
  /** Why its triggers match the incident (`alert CheckoutHighErrorRate`, `finding tag db-pool`); null when they do not. */
  suggested: z.object({ reasons: z.array(z.string()).min(1) }).nullable(),
});
export type RunbookSummary = z.infer<typeof runbookSummary>;

export const runbookDetail = runbookSummary.extend({ runbook: runbook.nullable() });
export type RunbookDetail = z.infer<typeof runbookDetail>;

export const runbookRun = z.object({
  id: z.number().int(),
  runbookId: z.string(),
  runbookTitle: z.string(),
  runbookHash: z.string(),
  /** A file path, or `kb:<path>` for a runbook from the knowledge base. */
  runbookSource: z.string(),
  incidentId: z.string().nullable(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  status: z.enum(runStatuses),
  currentStep: z.string().nullable(),
  actor: z.string().nullable(),
  startedAt: z.number().int(),
  finishedAt: z.number().int().nullable(),
});
export type RunbookRunRow = z.infer<typeof runbookRun>;

/** A logs query step's result as stored: the newest matching lines. */
export const logsQueryResult = z.object({
  kind: z.literal('logs'),
  error: z.string().nullable(),
  total: z.number().nullable(),
  rows: z.array(z.object({ ts: z.number(), service: z.string(), level: z.string(), message: z.string() })),
});

const metricStats = z.object({ last: z.number(), max: z.number(), min: z.number(), avg: z.number() });

/** A metric query step's result as stored: each series downsampled for an inline chart. */
export const metricQueryResult = z.object({
  kind: z.literal('metric'),
  series: z.array(
    z.object({
      labels: z.record(z.string(), z.string()),
      service: z.string().nullable(),
      stats: metricStats,
      points: z.array(z.tuple([z.number(), z.number()])),
    }),
  ),
  stats: metricStats.nullable(),
});

export const queryResult = z.discriminatedUnion('kind', [logsQueryResult, metricQueryResult]);
export type QueryResultView = z.infer<typeof queryResult>;

export const stepRun = z.object({
  id: z.number().int(),
  stepId: z.string(),
  seq: z.number().int(),
  status: z.enum(stepRunStatuses),
  /** The command or request as shown and confirmed, secrets hidden. */
  command: z.string().nullable(),
  startedAt: z.number().int().nullable(),
  finishedAt: z.number().int().nullable(),
  exitCode: z.number().int().nullable(),
  stdout: z.string().nullable(),
  stderr: z.string().nullable(),
  outputs: z.object({
    values: z.record(z.string(), z.string()),
    durationMs: z.number().optional(),
    /** What an expectation or check wanted and what it got instead. */
    failures: z.array(z.string()),
    http: z.object({ status: z.number().nullable(), headers: z.record(z.string(), z.string()) }).optional(),
    /** A query step's result; read it with `queryResult`. */
    query: z.unknown().optional(),
    choice: z.object({ label: z.string(), next: z.string() }).optional(),
    error: z.string().optional(),
  }),
  note: z.string().nullable(),
  actor: z.string().nullable(),
});
export type StepRunView = z.infer<typeof stepRun>;

const previewBase = { id: z.string(), title: z.string(), description: z.string() };

/** The current step as the engineer sees it before acting: the command with variables filled, secrets hidden. */
export const stepPreview = z.discriminatedUnion('type', [
  z.object({ ...previewBase, type: z.enum(['manual', 'check', 'query']) }),
  z.object({
    ...previewBase,
    type: z.literal('decision'),
    options: z.array(z.object({ label: z.string(), next: z.string() })),
  }),
  z.object({ ...previewBase, type: z.literal('command'), safe: z.boolean(), display: z.string() }),
  z.object({ ...previewBase, type: z.literal('api_call'), safe: z.boolean(), display: z.string() }),
]);
export type StepPreviewView = z.infer<typeof stepPreview>;

export const runView = z.object({
  run: runbookRun,
  steps: z.array(stepRun),
  next: stepPreview.nullable(),
  /** Why the next step cannot be shown yet (a variable without a value, a runbook changed since the start). */
  nextError: z.string().nullable(),
  trusted: z.boolean(),
  /** The commands "run safe steps" runs after one confirmation, in order. */
  safeBatch: z.array(z.string()),
});
export type RunViewData = z.infer<typeof runView>;

/** What a run pushes while it goes: output chunks as they arrive and every status change. */
export const runbookRunEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('output'),
    runId: z.number(),
    stepId: z.string(),
    stream: z.enum(['stdout', 'stderr']),
    text: z.string(),
  }),
  z.object({
    type: z.literal('step'),
    runId: z.number(),
    stepId: z.string(),
    status: z.enum(stepRunStatuses),
  }),
  z.object({ type: z.literal('run'), runId: z.number(), status: z.enum(runStatuses) }),
]);
export type RunbookRunEvent = z.infer<typeof runbookRunEvent>;

/** The runbooks screen's methods; spread into the registry in shared/api.ts. */
export const runbookMethods = {
  listRunbooks: defineMethod({
    summary:
      "The runbooks shipped with the app and in the workspace's runbooks folder, each with its problems; with an incident, the ones whose triggers match its services, alerts or finding tags are suggested first.",
    args: z.object({ incidentId: incidentId.optional() }),
    result: z.array(runbookSummary),
  }),
  getRunbook: defineMethod({
    summary: 'One runbook file parsed for display, with its problems and whether it is trusted.',
    args: z.object({ file, incidentId: incidentId.optional() }),
    result: runbookDetail,
  }),
  startRunbookRun: defineMethod({
    summary:
      'Starts a run of a runbook file for an incident; steps that need nobody (queries, checks) run at once.',
    args: z.object({
      file,
      incidentId: incidentId.nullable().default(null),
      params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    }),
    result: runView,
  }),
  getRunbookRun: defineMethod({
    summary: 'A run with every step taken and the step it waits on.',
    args: z.object({ runId }),
    result: runView,
  }),
  listRunbookRuns: defineMethod({
    summary: "Runs, newest first; with an incident, only that incident's.",
    args: z.object({
      incidentId: incidentId.optional(),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    result: z.array(runbookRun),
  }),
  confirmRunbookStep: defineMethod({
    summary:
      'Runs the current command or api_call step; `command` must be exactly the `next.display` the engineer was shown. Output arrives as runbookRun events.',
    args: z.object({ runId, command: z.string() }),
    result: runView,
  }),
  runSafeRunbookSteps: defineMethod({
    summary:
      'Runs the consecutive safe steps after one confirmation; `commands` must be exactly the `safeBatch` shown.',
    args: z.object({ runId, commands: z.array(z.string()).min(1) }),
    result: runView,
  }),
  completeManualStep: defineMethod({
    summary: 'Marks the current manual step done, with an optional note for the timeline.',
    args: z.object({ runId, note }),
    result: runView,
  }),
  chooseRunbookOption: defineMethod({
    summary: "Answers the current decision step with one of its options' labels.",
    args: z.object({ runId, option: z.string().min(1) }),
    result: runView,
  }),
  skipRunbookStep: defineMethod({
    summary: 'Skips the current step, with an optional note saying why.',
    args: z.object({ runId, note }),
    result: runView,
  }),
  cancelRunbookRun: defineMethod({
    summary: 'Cancels a run; a command in progress is stopped with its whole process tree.',
    args: z.object({ runId }),
    result: runView,
  }),
  trustRunbook: defineMethod({
    summary:
      "Records that the engineer trusts this exact content of the run's runbook, so its commands may run.",
    args: z.object({ runId }),
    result: runView,
  }),
} as const satisfies Record<string, MethodDef>;
