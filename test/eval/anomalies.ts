import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { detectAnomalies } from '../../electron/core/analysis/anomaly';

/**
 * `npm run eval`: the metric anomaly detector on the Numenta Anomaly Benchmark series, one fresh detector per
 * series and one configuration for all. A labelled window is detected when at least one alarm falls inside
 * it; a run of consecutive alarms outside every window is one false positive.
 */

const NAB = path.resolve(process.cwd(), '..', 'shared', 'fixtures', 'nab');
const windowsSchema = z.record(z.string(), z.array(z.tuple([z.string(), z.string()])));

/** NAB writes "2014-04-10 07:15:00" and "2014-04-10 07:15:00.000000"; both are UTC wall-clock times. */
function parseTime(text: string, where: string): number {
  const ms = Date.parse(`${text.trim().replace(' ', 'T')}Z`);
  if (Number.isNaN(ms)) throw new Error(`${where}: "${text}" is not a timestamp`);
  return ms;
}

function readSeries(file: string): { times: number[]; values: number[] } {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  const times: number[] = [];
  const values: number[] = [];
  lines.slice(1).forEach((line, index) => {
    if (line.trim() === '') return;
    const [time, value] = line.split(',');
    const number = Number(value);
    if (time === undefined || !Number.isFinite(number))
      throw new Error(`${file}:${index + 2}: bad row "${line}"`);
    times.push(parseTime(time, `${file}:${index + 2}`));
    values.push(number);
  });
  return { times, values };
}

interface Counts {
  detected: number;
  windows: number;
  falsePositives: number;
}

/** A run of consecutive alarms is one false positive unless some point of it falls inside a window. */
export function scoreSeries(times: number[], alarms: boolean[], windows: [number, number][]): Counts {
  const hit = windows.map(() => false);
  let falsePositives = 0;
  let runTouchesWindow = false;
  for (let i = 0; i <= times.length; i++) {
    if (i === times.length || !alarms[i]) {
      if (i > 0 && alarms[i - 1] && !runTouchesWindow) falsePositives++;
      runTouchesWindow = false;
      continue;
    }
    const inside = windows.findIndex(([from, to]) => times[i]! >= from && times[i]! <= to);
    if (inside >= 0) {
      hit[inside] = true;
      runTouchesWindow = true;
    }
  }
  return { detected: hit.filter(Boolean).length, windows: windows.length, falsePositives };
}

function figures(counts: Counts): { precision: number; recall: number; f1: number } {
  const alarms = counts.detected + counts.falsePositives;
  const precision = alarms === 0 ? (counts.windows === 0 ? 1 : 0) : counts.detected / alarms;
  const recall = counts.windows === 0 ? 1 : counts.detected / counts.windows;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const round = (x: number) => Number(x.toFixed(4));
  return { precision: round(precision), recall: round(recall), f1: round(f1) };
}

function main(): void {
  const labelsFile = path.join(NAB, 'labels', 'combined_windows.json');
  if (!fs.existsSync(labelsFile)) {
    process.stdout.write(`No NAB labels at ${labelsFile}: nothing to evaluate.\n`);
    return;
  }
  const labels = windowsSchema.parse(JSON.parse(fs.readFileSync(labelsFile, 'utf8')));
  const total: Counts = { detected: 0, windows: 0, falsePositives: 0 };
  const perSeries: Record<string, Counts & { precision: number; recall: number; f1: number }> = {};
  let points = 0;
  let detectorMs = 0;
  for (const [name, spans] of Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))) {
    const file = path.join(NAB, 'data', name);
    if (!fs.existsSync(file)) continue;
    const { times, values } = readSeries(file);
    const started = performance.now();
    const alarms = detectAnomalies(values).map((j) => j.anomaly);
    detectorMs += performance.now() - started;
    points += values.length;
    const windows = spans.map(([from, to]): [number, number] => [parseTime(from, name), parseTime(to, name)]);
    const counts = scoreSeries(times, alarms, windows);
    total.detected += counts.detected;
    total.windows += counts.windows;
    total.falsePositives += counts.falsePositives;
    perSeries[name] = { ...counts, ...figures(counts) };
    process.stdout.write(
      `${name.padEnd(60)} windows ${counts.detected}/${counts.windows}  false positives ${counts.falsePositives}\n`,
    );
  }
  if (points === 0) {
    process.stdout.write(`No NAB series under ${path.join(NAB, 'data')}: nothing to evaluate.\n`);
    return;
  }
  const overall = figures(total);
  process.stdout.write(
    `${JSON.stringify({
      'anomalies.precision': overall.precision,
      'anomalies.recall': overall.recall,
      'anomalies.f1': overall.f1,
      'anomalies.windows': total.windows,
      'anomalies.detected': total.detected,
      'anomalies.false_positives': total.falsePositives,
      'anomalies.points_per_s': Math.round(points / (detectorMs / 1000)),
      series: perSeries,
    })}\n`,
  );
}

main();
