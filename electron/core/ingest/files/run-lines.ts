import { forEachLine, MAX_LINE_CHARS } from './lines';
import type { RunContext } from './run-context';

/** Hands every line of the file to `line`, keeping the tally's line count current and refusing overlong lines. */
export async function feedLines(
  ctx: RunContext,
  line: (text: string, lineNo: number) => void,
): Promise<void> {
  const { tally } = ctx;
  tally.lines = await forEachLine(ctx.text.chunks(), {
    line(text, lineNo) {
      tally.lines = lineNo;
      line(text, lineNo);
    },
    tooLong: (lineNo) =>
      tally.reject(lineNo, `longer than ${MAX_LINE_CHARS / 1024} KiB without a line break`),
  });
}
