import type { Db } from '../open';
import { toJsonText, type JsonInput } from './json';

export const spanKinds = ['internal', 'server', 'client', 'producer', 'consumer'] as const;
export type SpanKind = (typeof spanKinds)[number];

export const spanStatuses = ['unset', 'ok', 'error'] as const;
export type SpanStatus = (typeof spanStatuses)[number];

export interface SpanRow {
  /** 32 lowercase hex digits. */
  traceId: string;
  /** 16 lowercase hex digits. */
  spanId: string;
  parentSpanId?: string | null;
  source: string;
  service: string;
  name: string;
  kind?: SpanKind;
  /** Microseconds since the Unix epoch. */
  startTs: number;
  durationUs: number;
  status?: SpanStatus;
  statusMessage?: string | null;
  attrs?: JsonInput | null;
  /** Span events (exceptions, annotations) as a JSON array. */
  events?: JsonInput | null;
}

export interface SpanWriter {
  /** Writes one batch in one transaction; returns the spans actually inserted (known spans are skipped). */
  write(spans: readonly SpanRow[]): number;
}

export function createSpanWriter(db: Db): SpanWriter {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO spans (trace_id, span_id, parent_span_id, source, service, name, kind, start_ts,
       duration_us, status, status_message, attrs, events)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const writeBatch = db.transaction((spans: readonly SpanRow[]): number => {
    let inserted = 0;
    for (const span of spans) {
      inserted += insert.run(
        span.traceId,
        span.spanId,
        span.parentSpanId ?? null,
        span.source,
        span.service,
        span.name,
        span.kind ?? 'internal',
        Math.floor(span.startTs),
        Math.max(0, Math.round(span.durationUs)),
        span.status ?? 'unset',
        span.statusMessage ?? null,
        toJsonText(span.attrs),
        toJsonText(span.events),
      ).changes;
    }
    return inserted;
  });
  return { write: (spans) => (spans.length === 0 ? 0 : writeBatch(spans)) };
}
