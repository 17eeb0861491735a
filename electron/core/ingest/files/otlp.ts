import { errorMessage } from '../../errors';
import { ingestOtlpJson, type OtlpSignal } from '../otlp';
import type { JsonElement } from './json-elements';
import type { RunContext } from './run-context';

/** The top-level arrays of the three OTLP export requests, and the signal each carries. */
const SIGNAL_BY_KEY: ReadonlyMap<string, OtlpSignal> = new Map<string, OtlpSignal>([
  ['resourceSpans', 'traces'],
  ['resourceLogs', 'logs'],
  ['resourceMetrics', 'metrics'],
]);

export const OTLP_ARRAY_KEYS: ReadonlySet<string> = new Set(SIGNAL_BY_KEY.keys());

/**
 * One resource block of an OTLP/JSON file, rewrapped as an export request of its own for the OTLP ingest,
 * so a file of any size goes through one block (one transaction) at a time. Records without a time take
 * the file's modification time, so a re-import finds the same rows.
 */
export function ingestOtlpFileElement(ctx: RunContext, element: JsonElement, value: unknown): void {
  const signal = SIGNAL_BY_KEY.get(element.key);
  if (signal === undefined) return;
  try {
    const result = ingestOtlpJson(
      ctx.db,
      signal,
      { [element.key]: [value] },
      { now: () => ctx.file.mtimeUs },
    );
    if (result.rejected > 0) ctx.tally.reject(element.line, result.rejectionMessage, result.rejected);
    ctx.tally.committed(result.received - result.rejected, result.written);
  } catch (error) {
    ctx.tally.reject(element.line, errorMessage(error));
  }
}
