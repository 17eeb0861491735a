import { createLogWriter } from '../../db/writers/logs';
import { forEachLine, MAX_LINE_CHARS } from './lines';
import { LogBatcher } from './log-batcher';
import type { RunContext } from './run-context';
import type { LineParser, ParseSink } from './types';

/** Streams a line-based log file through its parser into the logs table, batch by batch. */
export async function runLogLines(
  ctx: RunContext,
  makeParser: (sink: ParseSink) => LineParser,
): Promise<void> {
  const { tally } = ctx;
  const batcher = new LogBatcher(createLogWriter(ctx.db), {
    source: ctx.source,
    stream: ctx.stream,
    serviceOverride: ctx.serviceOverride,
    serviceFallback: ctx.serviceFallback,
    stages: ctx.stages,
    batchSize: ctx.batchSize,
    onCommit: (entries, inserted) => tally.committed(entries, inserted),
  });
  const parser = makeParser({
    entry: (entry) => batcher.add(entry),
    reject: (line, reason) => tally.reject(line, reason),
  });
  tally.lines = await forEachLine(ctx.text.chunks(), {
    line(text, lineNo) {
      tally.lines = lineNo;
      parser.line(text, lineNo);
    },
    tooLong: (lineNo) =>
      tally.reject(lineNo, `longer than ${MAX_LINE_CHARS / 1024} KiB without a line break`),
  });
  parser.end();
  batcher.flush();
}
