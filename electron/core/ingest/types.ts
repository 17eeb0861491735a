import type { SourceType } from '../../../shared/model/source';
import type { AlertRow } from '../db/writers/events';
import type { LogWriter } from '../db/writers/logs';
import type { MetricWriter } from '../db/writers/metrics';
import type { SpanWriter } from '../db/writers/spans';
import type { HttpClient } from './http';

/** A configured source with its secrets resolved, as a connector sees it. */
export interface ResolvedSource {
  name: string;
  type: SourceType;
  url: string;
  queries: string[];
  headers: Record<string, string>;
  options: Record<string, string>;
}

export interface SilenceRow {
  id: string;
  matchers: string;
  startsAt: number;
  endsAt: number;
  createdBy: string | null;
  comment: string | null;
  state: string;
}

/** Where pulled rows go: batched writers, each batch one transaction, duplicates ignored by natural key. */
export interface Sink {
  logs: LogWriter;
  metrics: MetricWriter;
  spans: SpanWriter;
  alerts(rows: readonly AlertRow[]): number;
  silences(source: string, rows: readonly SilenceRow[]): number;
}

/** One unit of incremental work: a query of a source, with its own watermark. */
export interface SyncTask {
  key: string;
  label: string;
}

export interface PullContext {
  source: ResolvedSource;
  task: SyncTask;
  http: HttpClient;
  sink: Sink;
  /** The window still to pull: from the task's watermark (or the window's start) to the window's end. */
  from: number;
  to: number;
  signal: AbortSignal;
  /**
   * Call after each committed batch: records rows and bytes for progress and moves the watermark, so a
   * crashed or cancelled pull resumes from here.
   */
  checkpoint(progress: { watermark: number | null; rows: number; bytes: number; fraction?: number }): void;
}

export interface Connector {
  type: SourceType;
  /** Checks a source's options before it is saved, naming the bad option. */
  validate?(source: ResolvedSource): void;
  tasks(source: ResolvedSource): SyncTask[];
  pull(ctx: PullContext): Promise<void>;
}
