import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SourceType } from '../../shared/model/source';
import { openWorkspaceDb } from '../../electron/core/db/open';
import { prometheusConnector, queryRangeUrl } from '../../electron/core/ingest/connectors/prometheus';
import { planRange, rangeStep } from '../../electron/core/ingest/connectors/prometheus-range';
import { FileSecretStore } from '../../electron/core/ingest/secrets';
import { SourceRegistry } from '../../electron/core/ingest/sources';
import { SyncEngine } from '../../electron/core/ingest/sync';
import type { Connector } from '../../electron/core/ingest/types';
import { generateSeries, recentMidnight, startPrometheus } from '../support/prometheus-server';

const HOUR = 3_600_000_000;
const SERIES = 50;
const QUERY = 'iwb_bench_requests_in_flight';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** One full pull through the sync engine into a fresh workspace; returns seconds and points stored. */
async function timedPull(
  url: string,
  from: number,
  to: number,
  dir: string,
): Promise<{ seconds: number; points: number }> {
  const { db } = openWorkspaceDb(path.join(dir, 'workspace.db'));
  try {
    const connectors = new Map<SourceType, Connector>([['prometheus', prometheusConnector]]);
    const registry = new SourceRegistry(db, new FileSecretStore(path.join(dir, 'secrets.json')), connectors);
    registry.add({ name: 'prom', type: 'prometheus', url, queries: [QUERY] });
    const engine = new SyncEngine(db, registry, connectors);
    const start = performance.now();
    const report = await engine.sync({ from, to });
    const seconds = (performance.now() - start) / 1000;
    const failure = report.sources.flatMap((s) => s.errors)[0];
    if (failure) throw new Error(`the benchmark pull failed: ${failure}`);
    const { n } = db.prepare('SELECT COUNT(*) AS n FROM metric_points').get() as { n: number };
    return { seconds, points: n };
  } finally {
    db.close();
  }
}

/** The same query_range requests the pull makes, read to the last byte but neither parsed nor stored. */
async function timedFetch(urls: readonly string[]): Promise<number> {
  const start = performance.now();
  for (const url of urls) {
    const response = await fetch(url, { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
    await response.arrayBuffer();
  }
  return (performance.now() - start) / 1000;
}

/**
 * `prometheus.pull_s`: 50 series × 6 h at 15 s backfilled into a real Prometheus, pulled through the sync
 * engine; `prometheus.baseline_fetch_s`: the bare HTTP fetches of the same requests in the same run.
 */
export async function benchPrometheusPull(quick: boolean): Promise<Record<string, number>> {
  const from = recentMidnight(2);
  const to = from + 6 * HOUR;
  const plans = Array.from({ length: SERIES }, (_, i) => ({
    name: QUERY,
    labels: { job: 'api', service: `svc-${i % 10}`, instance: `10.0.${i}.1:9100` },
  }));
  const server = await startPrometheus(generateSeries(plans, from, 6 * 240 + 1));
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'iwb-bench-prometheus-'));
  try {
    const step = rangeStep(from, to, undefined);
    const urls = planRange(from, to, step).map((chunk) =>
      queryRangeUrl(server.url, QUERY, chunk.start, chunk.end, step),
    );
    // The first query after start-up reads blocks from disk; both measurements should see a warm server.
    await timedFetch(urls);

    const pulls: number[] = [];
    const fetches: number[] = [];
    let points = 0;
    for (let i = 0; i < (quick ? 1 : 3); i++) {
      const dir = fs.mkdtempSync(path.join(root, 'run-'));
      const pull = await timedPull(server.url, from, to, dir);
      pulls.push(pull.seconds);
      points = pull.points;
      fetches.push(await timedFetch(urls));
    }
    return {
      'prometheus.pull_s': Number(median(pulls).toFixed(3)),
      'prometheus.baseline_fetch_s': Number(median(fetches).toFixed(3)),
      'prometheus.points': points,
    };
  } finally {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}
