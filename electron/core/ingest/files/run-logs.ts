import { createLogWriter } from '../../db/writers/logs';
import { LogBatcher } from './log-batcher';
import type { RunContext } from './run-context';
import { feedLines } from './run-lines';
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
  await feedLines(ctx, (text, lineNo) => parser.line(text, lineNo));
  parser.end();
  batcher.flush();
}
