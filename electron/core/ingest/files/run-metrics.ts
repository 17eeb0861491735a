import { createMetricWriter, type MetricPoint } from '../../db/writers/metrics';
import { createPromParser } from './prom';
import type { RunContext } from './run-context';
import { feedLines } from './run-lines';

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
  await feedLines(ctx, (text, lineNo) => parser.line(text, lineNo));
  flush();
}
