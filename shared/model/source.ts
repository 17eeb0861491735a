import { z } from 'zod';
import { micros } from './time';

export const sourceTypes = [
  'prometheus',
  'alertmanager',
  'loki',
  'elasticsearch',
  'jaeger',
  'tempo',
] as const;
export const sourceType = z.enum(sourceTypes);
export type SourceType = z.infer<typeof sourceType>;

export const sourceName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/i, 'use letters, digits, dot, dash or underscore (at most 63)');

/** What a person configures; header values are secrets and never come back from the core. */
export const sourceInput = z.object({
  name: sourceName,
  type: sourceType,
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  queries: z.array(z.string().min(1)).default([]),
  headers: z.record(z.string().min(1), z.string()).default({}),
  options: z.record(z.string(), z.string()).default({}),
});
export type SourceInput = z.input<typeof sourceInput>;

export const querySyncState = z.object({
  query: z.string(),
  watermark: micros.nullable(),
  status: z.enum(['ok', 'degraded', 'offline', 'never']),
  lastSuccessAt: micros.nullable(),
  lastError: z.string().nullable(),
  rowsTotal: z.number().int(),
});

export const sourceView = z.object({
  name: z.string(),
  type: sourceType,
  url: z.string(),
  queries: z.array(z.string()),
  headerNames: z.array(z.string()),
  options: z.record(z.string(), z.string()),
  enabled: z.boolean(),
  status: z.enum(['ok', 'degraded', 'offline', 'never']),
  lastSuccessAt: micros.nullable(),
  lastError: z.string().nullable(),
  queriesState: z.array(querySyncState),
});
export type SourceView = z.infer<typeof sourceView>;

export const syncWindow = z.union([
  z.object({ last: z.string().regex(/^\d+[smhd]$/, 'a duration like 15m, 6h or 2d') }),
  z.object({ from: micros, to: micros }),
]);
export type SyncWindow = z.infer<typeof syncWindow>;

export const syncReport = z.object({
  sources: z.array(
    z.object({
      name: z.string(),
      status: z.enum(['ok', 'degraded', 'offline']),
      rows: z.number().int(),
      bytes: z.number().int(),
      errors: z.array(z.string()),
    }),
  ),
  seconds: z.number(),
  cancelled: z.boolean(),
});
export type SyncReport = z.infer<typeof syncReport>;

export const importFormats = ['auto', 'jsonl', 'logfmt', 'text', 'prom', 'otlp-json', 'jaeger-json'] as const;

export const importSummary = z.object({
  file: z.string(),
  format: z.string().nullable(),
  dialect: z.string().nullable(),
  signal: z.enum(['logs', 'metrics', 'traces']).nullable(),
  lines: z.number().int(),
  entries: z.number().int(),
  stored: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  firstRejected: z.object({ line: z.number().int(), reason: z.string() }).nullable(),
  error: z.string().nullable(),
  seconds: z.number(),
});
export type ImportSummary = z.infer<typeof importSummary>;
