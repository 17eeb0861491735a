import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsMethods } from '../../shared/methods/metrics';
import { openWorkspaceDb, type Db } from '../../electron/core/db/open';
import { loadDemo } from '../../electron/core/demo';
import { createMetricsHandlers, type MetricsHandlers } from '../../electron/core/explore/metrics';
import { tempDir } from '../support/temp';

const utc = (time: string) => Date.parse(`2026-11-18T${time}Z`) * 1000;
const FROM = utc('08:00:00');
const TO = utc('14:00:00');
const DEPLOY = utc('11:42:10');

let db: Db;
let handlers: MetricsHandlers;

/** Calls a handler the way the dispatcher does: arguments parsed by the contract, result checked against it. */
async function call<M extends keyof typeof metricsMethods>(method: M, args: unknown) {
  const def = metricsMethods[method];
  const parsed = def.args.parse(args);
  const handler = handlers[method] as (a: unknown) => unknown;
  return def.result.parse(await handler(parsed)) as ReturnType<MetricsHandlers[M]>;
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Mean of a signal's values between two instants. */
function meanBetween(signal: { ts: number[]; values: number[] }, from: number, to: number): number {
  return mean(
    signal.values.filter((_, i) => (signal.ts[i] as number) >= from && (signal.ts[i] as number) < to),
  );
}

beforeAll(() => {
  db = openWorkspaceDb(path.join(tempDir(), 'metrics.db')).db;
  loadDemo(db);
  handlers = createMetricsHandlers(db);
}, 120_000);

afterAll(() => db.close());

describe('metrics explore on the demo', () => {
  it('lists series with their labels and the services to filter by', async () => {
    const all = await call('listMetricSeries', { from: FROM, to: TO });
    expect(all.total).toBeGreaterThan(50);
    expect(all.services).toEqual(expect.arrayContaining(['checkout', 'payments', 'frontend']));
    const first = all.series[0];
    expect(first?.points).toBeGreaterThan(1000);
  });

  it('narrows by every search word, over names and label values', async () => {
    const found = await call('listMetricSeries', { search: 'requests_total checkout 5xx' });
    expect(found.series).toHaveLength(1);
    expect(found.series[0]).toMatchObject({
      name: 'http_requests_total',
      labels: { service: 'checkout', status_class: '5xx' },
    });
    const byFilter = await call('listMetricSeries', {
      service: 'payments',
      labels: { quantile: '0.99' },
    });
    expect(byFilter.series.map((s) => s.name)).toContain('http_request_duration_seconds');
    expect(byFilter.series.every((s) => s.service === 'payments' && s.labels['quantile'] === '0.99')).toBe(
      true,
    );
    const none = await call('listMetricSeries', { search: '100%_' });
    expect(none.series).toEqual([]);
  });

  it('downsamples points to at most maxPoints, keeping both ends of the range', async () => {
    const { series } = await call('listMetricSeries', {
      search: 'http_request_duration_seconds checkout 0.99',
    });
    const id = series[0]?.id as number;
    const [points] = await call('getSeriesPoints', { ids: [id], from: FROM, to: TO, maxPoints: 200 });
    expect(points?.rawPoints).toBeGreaterThan(1000);
    expect(points?.ts.length).toBe(200);
    expect(points?.ts[0]).toBe(FROM);
    expect(points?.ts[199]).toBe(TO);
    const full = db.prepare('SELECT MAX(value) AS v FROM metric_points WHERE series_id = ?').get(id) as {
      v: number;
    };
    expect(Math.max(...(points?.values ?? []))).toBeGreaterThan(full.v * 0.9);
  });

  it('shows checkout errors and p95 latency rising after the 11:42 deploy', async () => {
    const board = await call('getRedBoard', { service: 'checkout', from: FROM, to: TO, maxPoints: 300 });
    expect(board.services).toContain('checkout');
    expect(board.rate?.values.length).toBeLessThanOrEqual(300);
    expect(board.latency.map((q) => q.label)).toEqual(['p50', 'p95', 'p99']);
    const errors = board.errorRatio as { ts: number[]; values: number[] };
    const errorsBefore = meanBetween(errors, DEPLOY - 60 * 60e6, DEPLOY);
    const errorsAfter = meanBetween(errors, DEPLOY + 5 * 60e6, DEPLOY + 35 * 60e6);
    expect(errorsAfter).toBeGreaterThan(errorsBefore * 3);
    const p95 = board.latency.find((q) => q.label === 'p95')?.signal as { ts: number[]; values: number[] };
    expect(meanBetween(p95, DEPLOY + 5 * 60e6, DEPLOY + 35 * 60e6)).toBeGreaterThan(
      meanBetween(p95, DEPLOY - 60 * 60e6, DEPLOY) * 1.5,
    );
  });

  it('marks the checkout deploy and the alerts that fired in the window', async () => {
    const notes = await call('getAnnotations', { from: FROM, to: TO });
    expect(notes.changes.some((c) => c.service === 'checkout' && c.ts === DEPLOY)).toBe(true);
    expect(notes.alerts.length).toBeGreaterThan(0);
    const before = await call('getAnnotations', { from: FROM, to: DEPLOY - 1 });
    expect(before.changes.some((c) => c.ts === DEPLOY)).toBe(false);
  });

  it('pages on the checkout availability objective during the incident, and only then', async () => {
    const slo = await call('getSlo', {
      service: 'checkout',
      objective: { kind: 'availability', target: 0.999 },
      from: FROM,
      to: TO,
      maxPoints: 200,
    });
    expect(slo.method).toBe('status');
    expect(slo.note).toContain('not the whole 30-day period');
    expect(slo.budget.remaining).toBeLessThan(0);
    expect(slo.burn.map((b) => b.window)).toEqual(['5m', '30m', '1h', '6h']);
    expect(slo.burn.every((b) => b.ts.length <= 200)).toBe(true);
    const fast = slo.alerts.find((a) => a.long === '1h') as (typeof slo.alerts)[number];
    expect(fast.intervals).toHaveLength(1);
    const [page] = fast.intervals as [{ from: number; to: number }];
    expect(page.from).toBeGreaterThan(utc('11:42:00'));
    expect(page.from).toBeLessThan(utc('11:55:00'));
    expect(page.to).toBeGreaterThan(utc('12:20:00'));
    expect(page.to).toBeLessThan(utc('12:50:00'));
    expect(fast.firingAtEnd).toBe(false);

    const calm = await call('getSlo', {
      service: 'inventory',
      objective: { kind: 'availability', target: 0.999 },
      from: FROM,
      to: TO,
      maxPoints: 200,
    });
    expect(calm.alerts.flatMap((a) => a.intervals)).toEqual([]);
    expect(calm.budget.remaining).toBeGreaterThan(0);
  });

  it('judges a latency objective from the quantiles and says it is an approximation', async () => {
    const slo = await call('getSlo', {
      service: 'checkout',
      objective: { kind: 'latency', target: 0.99, thresholdMs: 1000 },
      from: FROM,
      to: TO,
      maxPoints: 200,
    });
    expect(slo.method).toBe('quantiles');
    expect(slo.note).toContain('Approximated');
    expect(slo.sli).toBeGreaterThan(0.5);
    expect(slo.sli).toBeLessThan(0.99);
    const oneHour = slo.burn.find((b) => b.window === '1h') as { ts: number[]; values: number[] };
    expect(meanBetween(oneHour, DEPLOY + 20 * 60e6, DEPLOY + 40 * 60e6)).toBeGreaterThan(
      meanBetween(oneHour, DEPLOY - 120 * 60e6, DEPLOY) * 2,
    );
    const none = await call('getSlo', {
      service: 'no-such-service',
      objective: { kind: 'availability', target: 0.99 },
      from: FROM,
      to: TO,
    });
    expect(none.method).toBeNull();
    expect(none.burn).toEqual([]);
  });

  it('refuses to ship more than 20 series or 4000 points at once', () => {
    const ids = Array.from({ length: 21 }, (_, i) => i + 1);
    expect(metricsMethods.getSeriesPoints.args.safeParse({ ids, from: FROM, to: TO }).success).toBe(false);
    expect(
      metricsMethods.getSeriesPoints.args.safeParse({ ids: [1], from: FROM, to: TO, maxPoints: 5000 })
        .success,
    ).toBe(false);
  });
});
