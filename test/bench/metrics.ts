import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lttb, minMaxDecimate } from '../../electron/core/analysis/lttb';
import { openWorkspaceDb } from '../../electron/core/db/open';
import { loadDemo } from '../../electron/core/demo';
import { getRedBoard } from '../../electron/core/explore/metrics/red';

/**
 * LTTB of a million-point series beside a plain min/max decimation of the same array, and the checkout RED
 * board on the demo beside a bare COUNT(*) over the same series' points. Medians over repeats.
 */

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function timed(run: () => number): number {
  const start = performance.now();
  const checksum = run();
  const ms = performance.now() - start;
  if (Number.isNaN(checksum)) throw new Error('unreachable: keeps the work observable');
  return ms;
}

const utc = (time: string) => Date.parse(`2026-11-18T${time}Z`) * 1000;

export function benchMetrics(quick: boolean): Record<string, number> {
  const n = 1_000_000;
  const ts = new Float64Array(n);
  const values = new Float64Array(n);
  let x = 0;
  for (let i = 0; i < n; i++) {
    ts[i] = 1_700_000_000_000_000 + i * 1_000_000;
    x = 0.95 * x + Math.sin(i * 12.9898) * 0.3;
    values[i] = 100 + x + (i % 50_000 === 0 ? 40 : 0);
  }
  const repeats = quick ? 3 : 7;
  const lttbRuns: number[] = [];
  const minMaxRuns: number[] = [];
  for (let i = 0; i < repeats; i++) {
    lttbRuns.push(timed(() => lttb(ts, values, 2000).values.length));
    minMaxRuns.push(timed(() => minMaxDecimate(values, 1000).length));
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iwb-bench-metrics-'));
  const { db } = openWorkspaceDb(path.join(dir, 'metrics.db'));
  try {
    loadDemo(db);
    const from = utc('08:00:00');
    const to = utc('14:00:00');
    const board = () => getRedBoard(db, { service: 'checkout', from, to, maxPoints: 1200 });
    const ids = board().rate?.seriesIds.concat(...board().latency.map((q) => q.signal.seriesIds)) ?? [];
    const count = db.prepare(
      `SELECT COUNT(*) AS n FROM metric_points WHERE series_id IN (${ids.map(() => '?').join(',')}) AND ts BETWEEN ? AND ?`,
    );
    const boardRuns: number[] = [];
    const scanRuns: number[] = [];
    for (let i = 0; i < repeats * 2; i++) {
      boardRuns.push(timed(() => board().latency.length));
      scanRuns.push(timed(() => (count.get(...ids, from, to) as { n: number }).n));
    }
    return {
      'lttb.ms': median(lttbRuns),
      'lttb.baseline_minmax_ms': median(minMaxRuns),
      'red_board.ms': median(boardRuns),
      'red_board.baseline_scan_ms': median(scanRuns),
    };
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
