import { TEXT_LAYOUTS_HINT, type TextDialect, type TextStart } from './text-dialects';
import type { FileContext, LineParser, ParseSink } from './types';

/** A stack trace longer than this stops growing its entry; the rest of its lines are rejected. */
export const MAX_ENTRY_CHARS = 256 * 1024;

const isSpace = (code: number) => code === 32 || code === 9;

/**
 * Plain text in one timestamp layout. A line that does not start an entry (a stack frame, a wrapped
 * message) is appended to the entry before it, so an exception and its trace stay one row.
 */
export function createTextParser(
  dialect: TextDialect | null,
  file: FileContext,
  sink: ParseSink,
): LineParser {
  const noStart = dialect
    ? `no timestamp at the start of the line and no entry before it to continue (expected like "${dialect.example}")`
    : `no timestamp in a recognised layout at the start of the line (expected one of ${TEXT_LAYOUTS_HINT})`;
  let pending: TextStart | null = null;
  let parts: string[] | null = null;
  let pendingChars = 0;

  const flush = () => {
    if (pending === null) return;
    if (parts !== null) pending.message = parts.join('\n');
    sink.entry(pending);
    pending = null;
    parts = null;
  };

  const startOf = (text: string): TextStart | string | null => {
    if (dialect === null) return null;
    const m = dialect.start.exec(text);
    if (m) return dialect.read(m, file);
    const fallback = dialect.fallback;
    const f = fallback?.start.exec(text);
    return f && fallback ? fallback.read(f, file) : null;
  };

  return {
    line(text, lineNo) {
      if (text.length === 0 || (isSpace(text.charCodeAt(0)) && text.trim() === '')) return;
      const start = startOf(text);
      if (typeof start === 'string') {
        // Its continuation lines belong to the rejected entry, not to the one before it.
        flush();
        sink.reject(lineNo, start);
        return;
      }
      if (start !== null) {
        flush();
        pending = start;
        pendingChars = start.message.length;
        return;
      }
      if (pending === null) {
        sink.reject(lineNo, noStart);
        return;
      }
      if (pendingChars + text.length + 1 > MAX_ENTRY_CHARS) {
        sink.reject(lineNo, `its entry is longer than ${MAX_ENTRY_CHARS / 1024} KiB`);
        return;
      }
      (parts ??= [pending.message]).push(text);
      pendingChars += text.length + 1;
    },
    end: flush,
  };
}
