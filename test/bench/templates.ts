import { createTemplateMiner } from '../../electron/core/analysis/templates';
import { generateLogLines } from '../support/generate-logs';

/**
 * Template mining throughput on generated journald-style lines, beside the same-run floor of merely
 * splitting those lines on whitespace. Medians over repeats; the lines are generated once, up front.
 */

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function rate(lines: string[], run: (lines: string[]) => number): number {
  const start = performance.now();
  const checksum = run(lines);
  const seconds = (performance.now() - start) / 1000;
  if (checksum < 0) throw new Error('unreachable: keeps the work observable');
  return lines.length / seconds;
}

function mine(lines: string[]): number {
  const miner = createTemplateMiner();
  for (const line of lines) miner.add(line);
  return miner.templates().length;
}

function split(lines: string[]): number {
  let tokens = 0;
  for (const line of lines) tokens += line.split(' ').length;
  return tokens;
}

export function benchTemplates(quick: boolean): Record<string, number> {
  const lines = [...generateLogLines({ lines: quick ? 100_000 : 1_000_000, stackTraces: true })];
  const repeats = quick ? 1 : 3;
  const mined: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < repeats; i++) {
    baseline.push(rate(lines, split));
    mined.push(rate(lines, mine));
  }
  return {
    'templates.lines_per_s': Math.round(median(mined)),
    'templates.baseline_split_per_s': Math.round(median(baseline)),
  };
}
