import { createMetricWriter, type MetricPoint } from '../../db/writers/metrics';
import { forEachLine, MAX_LINE_CHARS } from './lines';
import { createPromParser } from './prom';
import type { RunContext } from './run-context';

/** Streams a Prometheus / OpenMetrics text file into metric series and points, batch by batch. */
export async function runPrometheusText(ctx: RunContext): Promise<void> {
  const { tally } = ctx;
  const writer = createMetricWriter(ctx.db);
  let points: MetricPoint[] = [];
  const flush = () => {
    if (points.length === 0) return;
    const batch = points;
    points = [];
    tally.committed(batch.length, writer.writePoints(batch));
  };
  const parser = createPromParser(ctx.file, {
    sample(sample) {
      const seriesId = writer.seriesId({
        source: ctx.source,
        name: sample.name,
        labels: sample.labels,
        service: ctx.serviceOverride ?? sample.labels.service ?? sample.labels.job ?? ctx.serviceFallback,
        unit: sample.unit,
        kind: sample.kind,
      });
      points.push({ seriesId, ts: sample.ts, value: sample.value });
      if (points.length >= ctx.batchSize) flush();
    },
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
  flush();
}
