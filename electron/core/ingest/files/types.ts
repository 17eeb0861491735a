import type { LogLevel, LogRow } from '../../db/writers/logs';

export const importFormats = ['jsonl', 'logfmt', 'text', 'prom', 'otlp-json', 'jaeger-json'] as const;
export type ImportFormat = (typeof importFormats)[number];

/** One log entry as a parser read it; the pipeline adds the source, stream and defaults. */
export interface EntryDraft {
  /** Microseconds since the Unix epoch. */
  ts: number;
  level: LogLevel;
  message: string;
  service: string | null;
  /** Ready-made JSON object text, or null when the line had nothing beyond the common fields. */
  attrs: string | null;
  traceId: string | null;
  spanId: string | null;
}

/**
 * A per-row stage run on every log row before it is batched (template assignment plugs in here). It may
 * change the row in place; rows are written in the order the file holds them.
 */
export type LogStage = (row: LogRow) => void;

/** Where line parsers report: entries in file order, and lines they could not read. */
export interface ParseSink {
  entry(entry: EntryDraft): void;
  reject(line: number, reason: string): void;
}

/** A parser fed one line at a time; `end` flushes an entry still collecting continuation lines. */
export interface LineParser {
  line(text: string, lineNo: number): void;
  end(): void;
}

/** What the file itself tells about times that its lines leave out. */
export interface FileContext {
  /** The file's modification time in µs: the time of untimestamped samples, and the year of syslog dates. */
  mtimeUs: number;
}

export interface ImportProgress {
  file: string;
  bytesRead: number;
  bytesTotal: number;
  lines: number;
  stored: number;
  rejected: number;
}

export type ImportSignal = 'logs' | 'metrics' | 'traces';

export interface FileImportSummary {
  file: string;
  format: ImportFormat | null;
  /** For plain text: which timestamp layout was recognised (iso, syslog-rfc3164, log4j, ...). */
  dialect: string | null;
  signal: ImportSignal | null;
  /** Physical lines read. */
  lines: number;
  /** Log entries, metric samples or spans found (a stack trace joins its entry). */
  entries: number;
  /** Rows written; for metrics this includes points that replaced an earlier import's. */
  stored: number;
  /** Entries already in the workspace from an earlier import. */
  duplicates: number;
  rejected: number;
  firstRejected: { line: number; reason: string } | null;
  /** Why the file yielded nothing usable (or could not be read), or null. */
  error: string | null;
  seconds: number;
}

export interface ImportOptions {
  format?: ImportFormat | 'auto';
  /** Overrides the service named in the lines and the one taken from the file name. */
  service?: string;
  /** Rows per transaction: a crash loses at most the batch in flight, and a re-run fills it in. */
  batchSize?: number;
  stages?: readonly LogStage[];
  onProgress?: (progress: ImportProgress) => void;
}
