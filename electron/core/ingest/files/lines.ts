/** A line longer than this is rejected rather than held: it is a corrupt file or a binary blob, not a log line. */
export const MAX_LINE_CHARS = 1 << 20;

export interface LineHandler {
  line(text: string, lineNo: number): void;
  /** A line past MAX_LINE_CHARS, skipped. */
  tooLong(lineNo: number): void;
}

/**
 * Splits streamed text into lines ('\n' or '\r\n'), numbered from 1, calling the handler synchronously per
 * line so a chunk is parsed and written before the next one is read. Only the unfinished tail of a chunk is
 * carried over, so memory stays bounded whatever the file's size.
 */
export async function forEachLine(chunks: AsyncIterable<string>, handler: LineHandler): Promise<number> {
  let carry = '';
  let lineNo = 0;
  let skipping = false;
  let first = true;
  for await (const chunk of chunks) {
    let text = carry.length > 0 ? carry + chunk : chunk;
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    let start = 0;
    let nl: number;
    while ((nl = text.indexOf('\n', start)) !== -1) {
      lineNo++;
      if (skipping) {
        skipping = false;
        handler.tooLong(lineNo);
      } else {
        const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        handler.line(text.slice(start, end), lineNo);
      }
      start = nl + 1;
    }
    carry = text.slice(start);
    if (carry.length > MAX_LINE_CHARS) {
      skipping = true;
      carry = '';
    }
  }
  if (skipping) handler.tooLong(++lineNo);
  else if (carry.length > 0) {
    const end = carry.charCodeAt(carry.length - 1) === 13 ? carry.length - 1 : carry.length;
    handler.line(carry.slice(0, end), ++lineNo);
  }
  return lineNo;
}

/** The first non-blank lines of a sample, leaving out a last line the sample may have cut short. */
export function sampleLines(sample: string, complete: boolean, max = 50): string[] {
  const lines = sample.replace(/^\ufeff/, '').split('\n');
  if (!complete && lines.length > 1) lines.pop();
  const out: string[] = [];
  for (const line of lines) {
    const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (trimmed.trim() === '') continue;
    out.push(trimmed);
    if (out.length >= max) break;
  }
  return out;
}
