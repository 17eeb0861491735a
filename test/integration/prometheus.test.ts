import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SourceInput, SourceType } from '../../shared/model/source';
import { openWorkspaceDb, type Db } from '../../electron/core/db/open';
import { canonicalLabels } from '../../electron/core/db/writers/metrics';
import {
  prometheusConnector,
  prometheusLabelValues,
  prometheusLabels,
  prometheusSeries,
  queryRangeUrl,
} from '../../electron/core/ingest/connectors/prometheus';
import { HttpClient } from '../../electron/core/ingest/http';
import { FileSecretStore } from '../../electron/core/ingest/secrets';
import { SourceRegistry } from '../../electron/core/ingest/sources';
import { SyncEngine } from '../../electron/core/ingest/sync';
import type { Connector } from '../../electron/core/ingest/types';
import {
  PROMETHEUS_BIN,
  PROMTOOL_BIN,
  generateSeries,
  recentMidnight,
  startPrometheus,
  type GeneratedSeries,
  type PrometheusServer,
} from '../support/prometheus-server';
import { tempDir } from '../support/temp';

const SECOND = 1_000_000;
const HOUR = 3600 * SECOND;
const DAY = 24 * HOUR;

const missing = [PROMETHEUS_BIN, PROMTOOL_BIN].filter((bin) => !fs.existsSync(bin));
if (missing.length > 0)
  console.warn(`Skipping the Prometheus tests: ${missing.join(' and ')} not installed.`);

// Three days at 15 s: 17,281 points per series, more than one query_range request may return.
const FROM = recentMidnight(4);
const TO = FROM + 3 * DAY;
const SERIES = generateSeries(
  [
    {
      name: 'iwb_requests_in_flight',
      labels: { job: 'api', service: 'checkout', instance: '10.0.0.1:9100' },
    },
    {
      name: 'iwb_requests_in_flight',
      labels: { job: 'api', service: 'payments', instance: '10.0.0.2:9100' },
      specialEvery: 500,
    },
    { name: 'iwb_queue_depth', labels: { job: 'batch', instance: '10.0.0.3:9100' } },
  ],
  FROM,
  (TO - FROM) / (15 * SECOND) + 1,
);

function key(name: string, labels: Record<string, string>): string {
  return `${name}${canonicalLabels(labels)}`;
}

/** What a pull of [from, to] must store: every finite sample in the window, per series. */
function expectedPoints(series: readonly GeneratedSeries[], from: number, to: number, every = 15 * SECOND) {
  const out = new Map<string, Array<[number, number]>>();
  for (const s of series) {
    out.set(
      key(s.name, s.labels),
      s.samples.filter(([ts, v]) => ts >= from && ts <= to && ts % every === 0 && Number.isFinite(v)),
    );
  }
  return out;
}

function storedPoints(db: Db): Map<string, Array<[number, number]>> {
  const rows = db
    .prepare(
      `SELECT s.name, s.labels, p.ts, p.value FROM metric_points p JOIN metric_series s ON s.id = p.series_id
       ORDER BY s.id, p.ts`,
    )
    .all() as Array<{ name: string; labels: string; ts: number; value: number }>;
  const out = new Map<string, Array<[number, number]>>();
  for (const row of rows) {
    const k = `${row.name}${row.labels}`;
    const list = out.get(k) ?? [];
    list.push([row.ts, row.value]);
    out.set(k, list);
  }
  return out;
}

const opened: Db[] = [];

function workspace(sources: SourceInput[]) {
  const dir = tempDir();
  const { db } = openWorkspaceDb(path.join(dir, 'workspace.db'));
  opened.push(db);
  const connectors = new Map<SourceType, Connector>([['prometheus', prometheusConnector]]);
  const registry = new SourceRegistry(db, new FileSecretStore(path.join(dir, 'secrets.json')), connectors);
  for (const source of sources) registry.add(source);
  return { db, registry, engine: new SyncEngine(db, registry, connectors) };
}

function pointCount(db: Db): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM metric_points').get() as { n: number }).n;
}

describe.skipIf(missing.length > 0)('Prometheus connector against a real Prometheus', () => {
  let server: PrometheusServer;

  beforeAll(async () => {
    server = await startPrometheus(SERIES, { routePrefix: '/prometheus' });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  afterEach(() => {
    for (const db of opened.splice(0)) db.close();
  });

  it('pulls a window longer than one request allows, every point exactly once, then nothing on a re-sync', async () => {
    const { db, engine, registry } = workspace([
      {
        name: 'prom',
        type: 'prometheus',
        url: server.url,
        queries: ['iwb_requests_in_flight', 'iwb_queue_depth'],
      },
    ]);
    const expected = expectedPoints(SERIES, FROM, TO);
    const total = [...expected.values()].reduce((n, points) => n + points.length, 0);
    for (const points of expected.values()) expect(points.length).toBeGreaterThan(11_000);

    const first = await engine.sync({ from: FROM, to: TO });
    expect(first.sources).toEqual([
      expect.objectContaining({ name: 'prom', status: 'ok', rows: total, errors: [] }),
    ]);
    expect(storedPoints(db)).toEqual(expected);

    const series = db.prepare('SELECT name, labels, service FROM metric_series ORDER BY id').all();
    expect(series).toEqual(
      SERIES.map((s) => ({
        name: s.name,
        labels: canonicalLabels(s.labels),
        service: s.labels.service ?? s.labels.job,
      })),
    );
    expect(registry.view('prom').queriesState.map((q) => q.watermark)).toEqual([TO, TO]);

    const second = await engine.sync({ from: FROM, to: TO });
    expect(second.sources[0]).toMatchObject({ status: 'ok', rows: 0 });
    expect(pointCount(db)).toBe(total);
  });

  it('continues from the watermark when the window grows, adding only the new points', async () => {
    const { db, engine } = workspace([
      { name: 'prom', type: 'prometheus', url: server.url, queries: ['iwb_queue_depth'] },
    ]);
    const queueDepth = SERIES.filter((s) => s.name === 'iwb_queue_depth');
    const count = (from: number, to: number) =>
      [...expectedPoints(queueDepth, from, to).values()].reduce((n, points) => n + points.length, 0);

    await engine.sync({ from: FROM, to: FROM + 6 * HOUR });
    expect(pointCount(db)).toBe(count(FROM, FROM + 6 * HOUR));
    const second = await engine.sync({ from: FROM, to: FROM + 12 * HOUR });
    expect(second.sources[0]?.rows).toBe(count(FROM + 6 * HOUR, FROM + 12 * HOUR));
    expect(storedPoints(db)).toEqual(expectedPoints(queueDepth, FROM, FROM + 12 * HOUR));
  });

  it('stores an expression under its query text, on the step the source asks for', async () => {
    const sum = 'sum by (service) (iwb_requests_in_flight{service="checkout"})';
    const rate = 'rate(iwb_queue_depth[5m])';
    const { db, engine } = workspace([
      {
        name: 'prom',
        type: 'prometheus',
        url: `${server.url}/`,
        queries: [sum, rate],
        options: { step: '1m' },
      },
    ]);
    const report = await engine.sync({ from: FROM, to: FROM + HOUR });
    expect(report.sources[0]).toMatchObject({ status: 'ok', errors: [] });

    const checkout = SERIES.filter((s) => s.labels.service === 'checkout');
    const expected = expectedPoints(checkout, FROM, FROM + HOUR, 60 * SECOND).get(
      key(checkout[0]!.name, checkout[0]!.labels),
    );
    const stored = storedPoints(db);
    expect(stored.get(key(sum, { service: 'checkout' }))).toEqual(expected);
    expect(stored.get(key(sum, { service: 'checkout' }))).toHaveLength(61);

    const kinds = db.prepare('SELECT name, labels, service, kind FROM metric_series ORDER BY name').all();
    expect(kinds).toEqual([
      {
        name: rate,
        labels: canonicalLabels({ instance: '10.0.0.3:9100', job: 'batch' }),
        service: 'batch',
        kind: 'rate',
      },
      { name: sum, labels: canonicalLabels({ service: 'checkout' }), service: 'checkout', kind: 'gauge' },
    ]);
  });

  it("reports an invalid query with Prometheus' own error text", async () => {
    const query = 'rate(iwb_queue_depth[';
    const { engine, registry } = workspace([
      { name: 'prom', type: 'prometheus', url: server.url, queries: [query] },
    ]);
    const direct = (await (
      await fetch(queryRangeUrl(server.url, query, FROM, FROM + HOUR, 15 * SECOND))
    ).json()) as {
      errorType: string;
      error: string;
    };
    expect(direct.error.length).toBeGreaterThan(0);

    const report = await engine.sync({ from: FROM, to: FROM + HOUR });
    expect(report.sources[0]?.status).toBe('offline');
    expect(report.sources[0]?.errors).toEqual([`${query}: Prometheus ${direct.errorType}: ${direct.error}`]);
    expect(registry.view('prom').lastError).toBe(`Prometheus ${direct.errorType}: ${direct.error}`);
  });

  it('lists the series, label names and label values that were written', async () => {
    const http = new HttpClient();
    const series = await prometheusSeries(http, server.url, ['{__name__=~"iwb_.*"}'], FROM, TO);
    const sortKey = (labels: Record<string, string>) => canonicalLabels(labels);
    expect(series.map(sortKey).sort()).toEqual(
      SERIES.map((s) => sortKey({ __name__: s.name, ...s.labels })).sort(),
    );

    const names = new Set(['__name__', ...SERIES.flatMap((s) => Object.keys(s.labels))]);
    expect((await prometheusLabels(http, `${server.url}/`)).sort()).toEqual([...names].sort());

    const services = [...new Set(SERIES.flatMap((s) => (s.labels.service ? [s.labels.service] : [])))].sort();
    expect(await prometheusLabelValues(http, server.url, 'service')).toEqual(services);
    expect(
      await prometheusLabelValues(http, server.url, 'job', {
        match: ['iwb_queue_depth'],
        from: FROM,
        to: TO,
      }),
    ).toEqual(['batch']);
    await expect(prometheusLabelValues(http, server.url, 'bad-name')).rejects.toThrow(
      /not a Prometheus label name/,
    );
  });
});

describe.skipIf(missing.length > 0)('Prometheus connector when a query times out', () => {
  let server: PrometheusServer;
  const day = generateSeries([{ name: 'iwb_slow', labels: { job: 'api' } }], FROM, DAY / (15 * SECOND) + 1);

  beforeAll(async () => {
    server = await startPrometheus(day, { flags: ['--query.timeout=1ms'] });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  afterEach(() => {
    for (const db of opened.splice(0)) db.close();
  });

  it("reports Prometheus' own words for a refusal that comes with HTTP 503 as well", async () => {
    const query = 'sum_over_time(iwb_slow[1d])';
    const { engine } = workspace([{ name: 'prom', type: 'prometheus', url: server.url, queries: [query] }]);
    const report = await engine.sync({ from: FROM, to: FROM + DAY });
    expect(report.sources[0]?.status).toBe('offline');
    // Prometheus answers a query that runs out of time with 503 'timeout' or, when the deadline hits while
    // it reads series, 422 'execution'; either way its own words must reach the person.
    expect(report.sources[0]?.errors).toEqual([
      expect.stringMatching(
        /^sum_over_time\(iwb_slow\[1d\]\): Prometheus (timeout: query timed out|execution: .*context deadline exceeded)/,
      ),
    ]);
  });
});
