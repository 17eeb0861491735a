import type { LogRow, LogWriter } from '../../db/writers/logs';
import { OccurrenceCounter } from './occurrences';
import type { EntryDraft, LogStage } from './types';

export interface LogBatcherOptions {
  source: string;
  stream: string;
  /** Set by the person importing: wins over the line's own service. */
  serviceOverride: string | null;
  /** Used when neither the override nor the line names a service. */
  serviceFallback: string;
  stages: readonly LogStage[];
  batchSize: number;
  /** After each committed batch: entries in it and rows it inserted. */
  onCommit(entries: number, inserted: number): void;
}

/** A repeat carries its number in the attributes, so its natural key differs from the first sighting's. */
function withOccurrence(attrs: string | null, occurrence: number): string {
  return attrs === null
    ? `{"occurrence":${occurrence}}`
    : `${attrs.slice(0, -1)},"occurrence":${occurrence}}`;
}

/** Turns parsed entries into rows and writes them in batches, one transaction each. */
export class LogBatcher {
  private rows: LogRow[] = [];
  private readonly occurrences = new OccurrenceCounter();

  constructor(
    private readonly writer: LogWriter,
    private readonly options: LogBatcherOptions,
  ) {}

  add(entry: EntryDraft): void {
    const o = this.options;
    let attrs = entry.attrs;
    const occurrence = this.occurrences.see(entry.ts, entry.message, attrs);
    if (occurrence > 1) attrs = withOccurrence(attrs, occurrence);
    const row: LogRow = {
      source: o.source,
      stream: o.stream,
      ts: entry.ts,
      service: o.serviceOverride ?? entry.service ?? o.serviceFallback,
      level: entry.level,
      message: entry.message,
      attrs,
      traceId: entry.traceId,
      spanId: entry.spanId,
    };
    for (const stage of o.stages) stage(row);
    this.rows.push(row);
    if (this.rows.length >= o.batchSize) this.flush();
  }

  flush(): void {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    this.options.onCommit(rows.length, this.writer.write(rows));
  }
}
