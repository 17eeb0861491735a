import { z } from 'zod';
import { defineMethod, type MethodDef } from '../contract';
import { micros } from '../model/time';

const window = { from: micros, to: micros };

const spanStatus = z.enum(['unset', 'ok', 'error']);

export const traceSummarySchema = z.object({
  traceId: z.string(),
  rootService: z.string(),
  rootOperation: z.string(),
  startTs: micros,
  durationUs: z.number().int().nonnegative(),
  spanCount: z.number().int().nonnegative(),
  errorCount: z.number().int().nonnegative(),
  services: z.array(z.string()),
});
export type TraceSummary = z.infer<typeof traceSummarySchema>;

export const traceSortSchema = z.enum(['newest', 'slowest']);
export type TraceSort = z.infer<typeof traceSortSchema>;

export const spanEventSchema = z.object({
  name: z.string(),
  ts: micros.nullable(),
  attrs: z.record(z.string(), z.unknown()),
});

export const traceSpanSchema = z.object({
  spanId: z.string(),
  parentSpanId: z.string().nullable(),
  service: z.string(),
  name: z.string(),
  kind: z.string(),
  startTs: micros,
  durationUs: z.number().int().nonnegative(),
  status: spanStatus,
  statusMessage: z.string().nullable(),
  attrs: z.record(z.string(), z.unknown()),
  events: z.array(spanEventSchema),
});
export type TraceSpan = z.infer<typeof traceSpanSchema>;

export const criticalSegmentSchema = z.object({
  spanId: z.string(),
  /** The part of the span's time that is on the critical path; the rest was spent waiting on a child. */
  fromTs: micros,
  toTs: micros,
  error: z.boolean(),
});
export type CriticalSegment = z.infer<typeof criticalSegmentSchema>;

export const serviceGraphSchema = z.object({
  nodes: z.array(
    z.object({
      service: z.string(),
      spanCount: z.number().int().nonnegative(),
      errorRate: z.number().min(0).max(1),
    }),
  ),
  edges: z.array(
    z.object({
      caller: z.string(),
      callee: z.string(),
      calls: z.number().int().nonnegative(),
      errorRate: z.number().min(0).max(1),
      p95Us: z.number().int().nonnegative(),
    }),
  ),
});
export type ServiceGraph = z.infer<typeof serviceGraphSchema>;

/** The Explore traces screen's methods; spread into the registry in shared/api.ts. */
export const tracesMethods = {
  searchTraces: defineMethod({
    summary: 'Traces whose root started in a time range, newest or slowest first, one page at a time.',
    args: z
      .object({
        ...window,
        service: z.string().min(1).max(200).optional(),
        operation: z.string().min(1).max(500).optional(),
        minDurationUs: z.number().int().nonnegative().optional(),
        maxDurationUs: z.number().int().nonnegative().optional(),
        errorsOnly: z.boolean().optional(),
        attribute: z.object({ key: z.string().min(1).max(200), value: z.string().max(500) }).optional(),
        sort: traceSortSchema.default('newest'),
        limit: z.number().int().min(1).max(500).default(100),
        cursor: z.string().max(200).optional(),
      })
      .refine((a) => a.from <= a.to, { message: 'from must not be after to', path: ['from'] }),
    result: z.object({ traces: z.array(traceSummarySchema), nextCursor: z.string().nullable() }),
  }),
  getTrace: defineMethod({
    summary: 'Every span of one trace (up to a cap) and its critical path.',
    args: z.object({ traceId: z.string().min(1).max(64) }),
    result: z.object({
      traceId: z.string(),
      spans: z.array(traceSpanSchema),
      /** More spans than the cap exist; the waterfall shows the earliest ones. */
      truncated: z.boolean(),
      criticalPath: z.array(z.string()),
      criticalSegments: z.array(criticalSegmentSchema),
    }),
  }),
  getServiceGraph: defineMethod({
    summary: 'Which service calls which, with call counts, error rates and p95 durations, in a time range.',
    args: z
      .object(window)
      .refine((a) => a.from <= a.to, { message: 'from must not be after to', path: ['from'] }),
    result: serviceGraphSchema,
  }),
  listTraceServices: defineMethod({
    summary: 'Services with spans in a time range and their operations, for the trace search form.',
    args: z
      .object(window)
      .refine((a) => a.from <= a.to, { message: 'from must not be after to', path: ['from'] }),
    result: z.object({
      services: z.array(z.object({ service: z.string(), operations: z.array(z.string()) })),
    }),
  }),
} as const satisfies Record<string, MethodDef>;
