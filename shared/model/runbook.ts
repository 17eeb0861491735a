import { z } from 'zod';

/**
 * The runbook file format (YAML, one runbook per file). runbooks/schema.json is generated from these
 * schemas and runbooks/README.md documents them; change all three together. Objects are strict so that a
 * misspelt key (`timout:`) is reported instead of silently falling back to a default.
 */

const id = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,63}$/,
    'use lowercase letters, digits, - and _, starting with a letter or digit',
  );

/** `30s`, `5m`, `1h`, or a number of seconds. */
export const durationText = z.union([
  z.number().positive().max(86_400),
  z.string().regex(/^\d+(\.\d+)?(ms|s|m|h)$/, 'a duration such as 500ms, 30s, 5m or 1h'),
]);

export const parameterSpec = z.strictObject({
  name: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/, 'a name usable as {{params.<name>}}'),
  type: z.enum(['string', 'number', 'boolean']).default('string'),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  required: z.boolean().default(false),
  description: z.string().default(''),
  /** Its value is redacted in everything recorded. */
  secret: z.boolean().default(false),
});
export type ParameterSpec = z.infer<typeof parameterSpec>;

const comparison = z.enum(['==', '!=', '>', '>=', '<', '<=', 'contains']);

/** One expectation about an output: what a `check` step tests and what `expect` asks of any step. */
export const expectation = z
  .object({
    /** The step whose output is tested; a check without it tests the step just before. */
    step: id.optional(),
    exit_code: z.number().int().optional(),
    contains: z.string().optional(),
    not_contains: z.string().optional(),
    matches: z.string().optional(),
    jsonpath: z
      .object({
        path: z.string().min(1),
        op: comparison.default('=='),
        value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
      })
      .optional(),
    /** For a query step on metrics: the latest (or max) value compared with a number. */
    metric: z
      .object({
        of: z.enum(['last', 'max', 'min', 'avg']).default('last'),
        above: z.number().optional(),
        below: z.number().optional(),
      })
      .refine((m) => m.above !== undefined || m.below !== undefined, 'give above, below or both')
      .optional(),
    status: z.number().int().optional(),
  })
  .refine(
    (e) =>
      e.exit_code !== undefined ||
      e.contains !== undefined ||
      e.not_contains !== undefined ||
      e.matches !== undefined ||
      e.jsonpath !== undefined ||
      e.metric !== undefined ||
      e.status !== undefined,
    'say what to expect: exit_code, contains, not_contains, matches, jsonpath, metric or status',
  );
export type Expectation = z.infer<typeof expectation>;

export const outputCapture = z.union([
  z.strictObject({ name: id, regex: z.string().min(1), group: z.number().int().min(0).default(1) }),
  z.strictObject({ name: id, jsonpath: z.string().min(1) }),
]);
export type OutputCapture = z.infer<typeof outputCapture>;

export const onFailure = z.union([
  z.enum(['stop', 'continue'], { error: 'use stop, continue or goto: <step id>' }),
  z.strictObject({ goto: id }),
]);
export type OnFailure = z.infer<typeof onFailure>;

const common = {
  id,
  title: z.string().min(1).max(200),
  description: z.string().default(''),
  expect: expectation.optional(),
  on_failure: onFailure.default('stop'),
  outputs: z.array(outputCapture).default([]),
};

export const manualStep = z.strictObject({ ...common, type: z.literal('manual') });

export const commandStep = z.strictObject({
  ...common,
  type: z.literal('command'),
  run: z.string().min(1),
  shell: z.string().default('bash'),
  cwd: z.string().optional(),
  env: z.record(z.string(), z.string()).default({}),
  /** Names of env entries whose values are secrets. */
  secret_env: z.array(z.string()).default([]),
  timeout: durationText.default('60s'),
  /** Read-only: may run with other safe steps in one go after a single confirmation. */
  safe: z.boolean().default(false),
});

export const apiCallStep = z.strictObject({
  ...common,
  type: z.literal('api_call'),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']).default('GET'),
  url: z.string().min(1),
  headers: z.record(z.string(), z.string()).default({}),
  /** Names of headers whose values are secrets (Authorization always is). */
  secret_headers: z.array(z.string()).default([]),
  body: z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional(),
  timeout: durationText.default('30s'),
  safe: z.boolean().default(false),
});

export const queryStep = z.strictObject({
  ...common,
  type: z.literal('query'),
  query: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('logs'),
      /** The Explore log search language. */
      search: z.string(),
      limit: z.number().int().min(1).max(500).default(50),
    }),
    z.strictObject({
      kind: z.literal('metric'),
      metric: z.string().min(1),
      service: z.string().optional(),
      labels: z.record(z.string(), z.string()).default({}),
    }),
  ]),
});

export const checkStep = z.strictObject({ ...common, type: z.literal('check'), check: expectation });

export const decisionStep = z.strictObject({
  ...common,
  type: z.literal('decision'),
  options: z
    .array(z.strictObject({ label: z.string().min(1), next: id }))
    .min(2)
    .max(8),
});

export const runbookStep = z.discriminatedUnion('type', [
  manualStep,
  commandStep,
  apiCallStep,
  queryStep,
  checkStep,
  decisionStep,
]);
export type RunbookStep = z.infer<typeof runbookStep>;
export type StepType = RunbookStep['type'];

export const runbook = z.strictObject({
  id,
  title: z.string().min(1).max(200),
  description: z.string().default(''),
  owner: z.string().default(''),
  tags: z.array(z.string()).default([]),
  triggers: z
    .object({
      tags: z.array(z.string()).default([]),
      alerts: z.array(z.string()).default([]),
      services: z.array(z.string()).default([]),
    })
    .default({ tags: [], alerts: [], services: [] }),
  parameters: z.array(parameterSpec).default([]),
  steps: z.array(runbookStep).min(1).max(100),
});
export type Runbook = z.infer<typeof runbook>;

export const stepRunStatuses = [
  'pending',
  'running',
  'succeeded',
  'failed',
  'skipped',
  'interrupted',
  'cancelled',
] as const;
export const runStatuses = ['running', 'waiting', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const;
