import { z } from 'zod';
import { defineMethod, type MethodDef } from '../contract';
import { micros } from '../model/time';

const metricKind = z.enum(['gauge', 'counter', 'rate', 'histogram', 'summary']);

export const metricSeriesInfo = z.object({
  id: z.number().int(),
  name: z.string(),
  labels: z.record(z.string(), z.string()),
  service: z.string().nullable(),
  unit: z.string().nullable(),
  kind: metricKind,
  /** Points cached inside the asked range; null when no range was given. */
  points: z.number().int().nullable(),
});
export type MetricSeriesInfo = z.infer<typeof metricSeriesInfo>;

/** A downsampled line: parallel arrays keep the payload small next to one object per point. */
export const line = z.object({ ts: z.array(micros), values: z.array(z.number()) });
export type Line = z.infer<typeof line>;

export const seriesPoints = line.extend({
  id: z.number().int(),
  /** Points in the range before downsampling, so the screen can say how much was thinned. */
  rawPoints: z.number().int(),
});
export type SeriesPoints = z.infer<typeof seriesPoints>;

export const redSignal = line.extend({ unit: z.string(), seriesIds: z.array(z.number().int()) });
export type RedSignal = z.infer<typeof redSignal>;

export const redBoard = z.object({
  service: z.string(),
  /** Services that have request series, for picking another board. */
  services: z.array(z.string()),
  rate: redSignal.nullable(),
  /** Share of requests that failed with a server error, 0..1. */
  errorRatio: redSignal.nullable(),
  latency: z.array(z.object({ quantile: z.string(), label: z.string(), signal: redSignal })),
});
export type RedBoard = z.infer<typeof redBoard>;

export const metricAnnotations = z.object({
  changes: z.array(
    z.object({
      id: z.number().int(),
      ts: micros,
      service: z.string(),
      kind: z.string(),
      title: z.string(),
      version: z.string().nullable(),
    }),
  ),
  alerts: z.array(
    z.object({
      id: z.number().int(),
      alertname: z.string(),
      service: z.string().nullable(),
      severity: z.string().nullable(),
      startsAt: micros,
      endsAt: micros.nullable(),
      summary: z.string().nullable(),
    }),
  ),
});
export type MetricAnnotations = z.infer<typeof metricAnnotations>;

export const sloObjective = z
  .object({
    kind: z.enum(['availability', 'latency']),
    /** Share of requests that must be good, e.g. 0.999. */
    target: z.number().min(0.5).max(0.99999),
    /** Latency objectives: a request is good when faster than this. */
    thresholdMs: z.number().positive().max(3_600_000).optional(),
  })
  .refine((o) => o.kind === 'availability' || o.thresholdMs !== undefined, {
    message: 'a latency objective needs thresholdMs',
    path: ['thresholdMs'],
  });
export type SloObjective = z.infer<typeof sloObjective>;

export const burnWindow = z.enum(['5m', '30m', '1h', '6h']);
export type BurnWindow = z.infer<typeof burnWindow>;

export const sloReport = z.object({
  service: z.string(),
  objective: sloObjective,
  /**
   * How bad requests were counted: 5xx share of request counters, histogram buckets, or an approximation
   * from latency quantiles; null when the service has no series to judge the objective by.
   */
  method: z.enum(['status', 'histogram', 'quantiles']).nullable(),
  /** What the numbers rest on, in words for the screen. */
  note: z.string(),
  periodDays: z.number(),
  /** First and last instants with cached data; the budget covers only these, not the whole period. */
  coveredFrom: micros.nullable(),
  coveredTo: micros.nullable(),
  requests: z.number(),
  badRequests: z.number(),
  /** Share of good requests over the covered range; null without requests. */
  sli: z.number().nullable(),
  budget: z.object({
    /** Bad requests the objective allows over the covered range. */
    allowed: z.number(),
    /** Fraction of the budget spent; above 1 when the objective was missed. */
    consumed: z.number(),
    /** 1 − consumed; negative when overspent. */
    remaining: z.number(),
  }),
  burn: z.array(line.extend({ window: burnWindow })),
  alerts: z.array(
    z.object({
      long: burnWindow,
      short: burnWindow,
      threshold: z.number(),
      /** Where both windows burned above the threshold, so the chart can shade them. */
      intervals: z.array(z.object({ from: micros, to: micros })),
      firingAtEnd: z.boolean(),
    }),
  ),
});
export type SloReport = z.infer<typeof sloReport>;

const range = { from: micros, to: micros };
const fromBeforeTo = { message: 'from must not be after to', path: ['from'] };

/** The Explore metrics screen's methods; spread into the registry in shared/api.ts. */
export const metricsMethods = {
  listMetricSeries: defineMethod({
    summary:
      'Cached metric series matching a search over names and label values, a service and exact labels.',
    args: z
      .object({
        ids: z.array(z.number().int()).max(20).optional(),
        search: z.string().max(200).optional(),
        service: z.string().max(200).optional(),
        labels: z.record(z.string().max(200), z.string().max(500)).optional(),
        from: micros.optional(),
        to: micros.optional(),
        limit: z.number().int().min(1).max(500).default(200),
      })
      .refine((a) => a.from === undefined || a.to === undefined || a.from <= a.to, fromBeforeTo),
    result: z.object({
      series: z.array(metricSeriesInfo),
      /** How many series matched, beyond the limit too. */
      total: z.number().int(),
      services: z.array(z.string()),
    }),
  }),
  getSeriesPoints: defineMethod({
    summary: 'Points of up to 20 series in a range, downsampled with LTTB to at most maxPoints each.',
    args: z
      .object({
        ids: z.array(z.number().int()).min(1).max(20),
        ...range,
        maxPoints: z.number().int().min(3).max(4000).default(1000),
      })
      .refine((a) => a.from <= a.to, fromBeforeTo),
    result: z.array(seriesPoints),
  }),
  getRedBoard: defineMethod({
    summary: 'Request rate, server error share and latency quantiles of one service over a range.',
    args: z
      .object({
        service: z.string().min(1).max(200),
        ...range,
        maxPoints: z.number().int().min(3).max(4000).default(600),
      })
      .refine((a) => a.from <= a.to, fromBeforeTo),
    result: redBoard,
  }),
  getSlo: defineMethod({
    summary:
      'Error budget and multiwindow burn rates (SRE workbook paging policy) of an availability or latency objective.',
    args: z
      .object({
        service: z.string().min(1).max(200),
        objective: sloObjective,
        ...range,
        maxPoints: z.number().int().min(3).max(4000).default(600),
      })
      .refine((a) => a.from <= a.to, fromBeforeTo),
    result: sloReport,
  }),
  getAnnotations: defineMethod({
    summary: 'Deploys, config changes and alerts in a range, to mark on charts.',
    args: z.object(range).refine((a) => a.from <= a.to, fromBeforeTo),
    result: metricAnnotations,
  }),
} as const satisfies Record<string, MethodDef>;
