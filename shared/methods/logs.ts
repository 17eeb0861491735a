import { z } from 'zod';
import { defineMethod, type MethodDef } from '../contract';

const micros = z.number().int().min(0);
const logLevel = z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);
const queryText = z.string().max(2000);
const queryError = z.object({ message: z.string(), position: z.number().int() });

const logLine = z.object({
  id: z.number().int(),
  ts: micros,
  service: z.string(),
  level: logLevel,
  message: z.string(),
  traceId: z.string().nullable(),
  spanId: z.string().nullable(),
});
export type LogLine = z.infer<typeof logLine>;

const searchResult = z.object({
  rows: z.array(logLine),
  nextCursor: z.string().nullable(),
  total: z.object({ count: z.number().int(), capped: z.boolean() }).nullable(),
  error: queryError.nullable(),
});
export type LogSearchResult = z.infer<typeof searchResult>;

const logDetail = logLine.extend({
  source: z.string(),
  stream: z.string(),
  attrs: z.record(z.string(), z.unknown()).nullable(),
  template: z.string().nullable(),
});
export type LogDetail = z.infer<typeof logDetail>;

const histogram = z.object({
  buckets: z.array(
    z.object({ start: micros, end: micros, counts: z.partialRecord(logLevel, z.number().int()) }),
  ),
  error: queryError.nullable(),
});
export type LogHistogram = z.infer<typeof histogram>;

const logTemplate = z.object({
  id: z.number().int(),
  template: z.string(),
  service: z.string(),
  count: z.number().int(),
  firstSeen: micros.nullable(),
  lastSeen: micros.nullable(),
  isNew: z.boolean(),
});
export type LogTemplate = z.infer<typeof logTemplate>;

const range = { from: micros, to: micros };

/** The Explore logs screen's methods; spread into the registry in shared/api.ts. */
export const logsMethods = {
  searchLogs: defineMethod({
    summary:
      'Search cached log lines in a time range (words, "phrases", prefix*, AND/OR/NOT, service: level: trace:), one page at a time.',
    args: z.object({
      query: queryText.default(''),
      ...range,
      order: z.enum(['newest', 'oldest']).default('newest'),
      cursor: z.string().max(64).optional(),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
    result: searchResult,
  }),
  getLogRow: defineMethod({
    summary: 'One log line with all its attributes, for the detail panel.',
    args: z.object({ id: z.number().int().min(1) }),
    result: logDetail,
  }),
  logHistogram: defineMethod({
    summary: 'Matching log lines per time bucket and level over a range.',
    args: z.object({
      query: queryText.default(''),
      ...range,
      buckets: z.number().int().min(1).max(500).default(120),
    }),
    result: histogram,
  }),
  listLogTemplates: defineMethod({
    summary: 'Log templates seen in a range with their line counts; new ones were first seen inside it.',
    args: z.object({ ...range, limit: z.number().int().min(1).max(1000).default(200) }),
    result: z.array(logTemplate),
  }),
} as const satisfies Record<string, MethodDef>;
