export const otlpSignals = ['traces', 'logs', 'metrics'] as const;
export type OtlpSignal = (typeof otlpSignals)[number];

/** The `source` of every row the receiver writes (and the stream of logs is their service). */
export const OTLP_SOURCE = 'otlp';

export interface OtlpIngestResult {
  signal: OtlpSignal;
  /** Items in the payload: spans, log records or metric data points. */
  received: number;
  /** Items refused as invalid (reported back to the sender as `partialSuccess`). */
  rejected: number;
  /** Why, for the first few rejected items; empty when none were. */
  rejectionMessage: string;
  /**
   * Rows added to the cache: spans and log lines not already there (a re-sent item is skipped by its natural
   * key), or metric points written (a histogram data point becomes several).
   */
  written: number;
}
