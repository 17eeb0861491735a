import { z } from 'zod';

/**
 * OTLP/JSON as the specification encodes it: lowerCamelCase names, trace and span ids as hex, 64-bit integers
 * as decimal strings or numbers, enums as integers (names are accepted too, as protobuf's JSON mapping
 * allows). Every field is optional and may be null, as in protobuf's JSON mapping; unknown fields are
 * ignored, as the specification requires. These schemas only check shapes: what a value means is judged per
 * item by the mappers, so one bad span is rejected alone instead of failing the whole request.
 */

/** The union's error reads when no branch fits, the regex's when a string fits but its text does not. */
function numeric<N extends z.ZodNumber>(pattern: RegExp, number: N, error: string) {
  return z.union([z.string().regex(pattern, error), number], { error });
}

const int64 = numeric(/^-?\d+$/, z.number().int(), 'expected an integer (a decimal string or a number)');
const uint64 = numeric(
  /^\d+$/,
  z.number().int().nonnegative(),
  'expected an unsigned integer (a decimal string or a number)',
);
const double = numeric(
  /^(?:NaN|-?Infinity|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)$/,
  z.number(),
  'expected a number (or "NaN", "Infinity", "-Infinity")',
);
const uint32 = z.number().int().nonnegative();
const enumValue = z.union([z.number().int(), z.string()], { error: 'expected an enum value (an integer)' });
const hexBytes = z.string().regex(/^(?:[0-9a-fA-F]{2})*$/, 'expected a hex string');

export type Int64Json = z.infer<typeof int64>;
export type DoubleJson = z.infer<typeof double>;
export type EnumJson = z.infer<typeof enumValue>;

export interface AnyValueJson {
  stringValue?: string | null;
  boolValue?: boolean | null;
  intValue?: Int64Json | null;
  doubleValue?: DoubleJson | null;
  arrayValue?: { values?: AnyValueJson[] | null } | null;
  kvlistValue?: { values?: KeyValueJson[] | null } | null;
  bytesValue?: string | null;
}

export interface KeyValueJson {
  /** Optional like every proto3 field: an empty key is left out when encoded. */
  key?: string | null;
  value?: AnyValueJson | null;
}

export const anyValueSchema: z.ZodType<AnyValueJson> = z.lazy(() =>
  z.object({
    stringValue: z.string().nullish(),
    boolValue: z.boolean().nullish(),
    intValue: int64.nullish(),
    doubleValue: double.nullish(),
    arrayValue: z.object({ values: z.array(anyValueSchema).nullish() }).nullish(),
    kvlistValue: z.object({ values: z.array(keyValueSchema).nullish() }).nullish(),
    bytesValue: z.string().nullish(),
  }),
);

export const keyValueSchema: z.ZodType<KeyValueJson> = z.lazy(() =>
  z.object({ key: z.string().nullish(), value: anyValueSchema.nullish() }),
);

const attributes = z.array(keyValueSchema).nullish();

const resource = z.object({ attributes }).nullish();
const scope = z.object({ name: z.string().nullish(), version: z.string().nullish() }).nullish();

const span = z.object({
  traceId: hexBytes.nullish(),
  spanId: hexBytes.nullish(),
  parentSpanId: hexBytes.nullish(),
  name: z.string().nullish(),
  kind: enumValue.nullish(),
  startTimeUnixNano: uint64.nullish(),
  endTimeUnixNano: uint64.nullish(),
  attributes,
  events: z
    .array(z.object({ timeUnixNano: uint64.nullish(), name: z.string().nullish(), attributes }))
    .nullish(),
  status: z.object({ code: enumValue.nullish(), message: z.string().nullish() }).nullish(),
});

export const tracesRequestSchema = z.object({
  resourceSpans: z
    .array(
      z.object({
        resource,
        scopeSpans: z.array(z.object({ scope, spans: z.array(span).nullish() })).nullish(),
      }),
    )
    .nullish(),
});

const logRecord = z.object({
  timeUnixNano: uint64.nullish(),
  observedTimeUnixNano: uint64.nullish(),
  severityNumber: enumValue.nullish(),
  severityText: z.string().nullish(),
  body: anyValueSchema.nullish(),
  attributes,
  traceId: hexBytes.nullish(),
  spanId: hexBytes.nullish(),
  eventName: z.string().nullish(),
});

export const logsRequestSchema = z.object({
  resourceLogs: z
    .array(
      z.object({
        resource,
        scopeLogs: z.array(z.object({ scope, logRecords: z.array(logRecord).nullish() })).nullish(),
      }),
    )
    .nullish(),
});

const pointTimes = {
  attributes,
  startTimeUnixNano: uint64.nullish(),
  timeUnixNano: uint64.nullish(),
  flags: uint32.nullish(),
};

const numberDataPoint = z.object({ ...pointTimes, asDouble: double.nullish(), asInt: int64.nullish() });

const histogramDataPoint = z.object({
  ...pointTimes,
  count: uint64.nullish(),
  sum: double.nullish(),
  bucketCounts: z.array(uint64).nullish(),
  explicitBounds: z.array(double).nullish(),
});

const exponentialHistogramDataPoint = z.object({
  ...pointTimes,
  count: uint64.nullish(),
  sum: double.nullish(),
});

const summaryDataPoint = z.object({
  ...pointTimes,
  count: uint64.nullish(),
  sum: double.nullish(),
  quantileValues: z.array(z.object({ quantile: double.nullish(), value: double.nullish() })).nullish(),
});

const temporality = enumValue.nullish();

const metric = z.object({
  name: z.string().nullish(),
  unit: z.string().nullish(),
  gauge: z.object({ dataPoints: z.array(numberDataPoint).nullish() }).nullish(),
  sum: z
    .object({
      dataPoints: z.array(numberDataPoint).nullish(),
      aggregationTemporality: temporality,
      isMonotonic: z.boolean().nullish(),
    })
    .nullish(),
  histogram: z
    .object({ dataPoints: z.array(histogramDataPoint).nullish(), aggregationTemporality: temporality })
    .nullish(),
  exponentialHistogram: z
    .object({
      dataPoints: z.array(exponentialHistogramDataPoint).nullish(),
      aggregationTemporality: temporality,
    })
    .nullish(),
  summary: z.object({ dataPoints: z.array(summaryDataPoint).nullish() }).nullish(),
});

export const metricsRequestSchema = z.object({
  resourceMetrics: z
    .array(
      z.object({
        resource,
        scopeMetrics: z.array(z.object({ scope, metrics: z.array(metric).nullish() })).nullish(),
      }),
    )
    .nullish(),
});

export type TracesRequest = z.infer<typeof tracesRequestSchema>;
export type LogsRequest = z.infer<typeof logsRequestSchema>;
export type MetricsRequest = z.infer<typeof metricsRequestSchema>;
export type ResourceJson = z.infer<typeof resource>;
export type ScopeJson = z.infer<typeof scope>;
export type NumberDataPointJson = z.infer<typeof numberDataPoint>;
export type HistogramDataPointJson = z.infer<typeof histogramDataPoint>;
export type ExponentialHistogramDataPointJson = z.infer<typeof exponentialHistogramDataPoint>;
export type SummaryDataPointJson = z.infer<typeof summaryDataPoint>;
export type MetricJson = z.infer<typeof metric>;

/** One export request in its OTLP/JSON form, tagged with its signal. */
export type OtlpRequest =
  | { signal: 'traces'; body: TracesRequest }
  | { signal: 'logs'; body: LogsRequest }
  | { signal: 'metrics'; body: MetricsRequest };
