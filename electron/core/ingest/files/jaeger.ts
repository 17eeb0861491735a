import type { SpanRow } from '../../db/writers/spans';
import { jaegerSpanRow as spanRow, type JaegerSpan, type JaegerTraceShell } from '../jaeger-model';

export { jaegerSpan, jaegerTraceShell, type JaegerSpan, type JaegerTraceShell } from '../jaeger-model';

/**
 * One span of a Jaeger JSON export as a row. An imported file has no history of stored rows to stay alike
 * with, so the tags already held in the kind and status columns are not repeated in `attrs`.
 */
export function jaegerSpanRow(
  span: JaegerSpan,
  trace: JaegerTraceShell,
  source: string,
  serviceOverride: string | null,
): SpanRow {
  return spanRow(span, trace.processes, source, { serviceOverride, dropLiftedTags: true });
}
