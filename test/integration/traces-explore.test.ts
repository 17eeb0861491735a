import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspaceDb, type Db } from '../../electron/core/db/open';
import { loadDemo } from '../../electron/core/demo';
import { createTracesHandlers, type TracesHandlers } from '../../electron/core/explore/traces';
import { tempDir } from '../support/temp';

const utc = (time: string) => Date.parse(`2026-11-18T${time}Z`) * 1000;
const DAY = { from: utc('08:00:00'), to: utc('14:00:00') };
const INCIDENT = { from: utc('11:45:00'), to: utc('12:30:00') };
const BEFORE = { from: utc('10:00:00'), to: utc('11:30:00') };

let db: Db;
let traces: TracesHandlers;

/** Loading takes seconds and every test only reads, so the whole file shares one load. */
beforeAll(() => {
  db = openWorkspaceDb(path.join(tempDir('iwb-traces-'), 'workspace.db')).db;
  loadDemo(db);
  traces = createTracesHandlers(db);
}, 180_000);

afterAll(() => {
  db?.close();
});

const search = (args: Partial<Parameters<TracesHandlers['searchTraces']>[0]>) =>
  traces.searchTraces({ ...DAY, sort: 'newest', limit: 100, ...args });

describe('trace search on the demo', () => {
  it('returns only traces that touch the chosen service, newest first, and pages without repeats', async () => {
    const first = await search({ service: 'payments', limit: 50 });
    expect(first.traces).toHaveLength(50);
    for (const trace of first.traces) expect(trace.services).toContain('payments');
    const starts = first.traces.map((t) => t.startTs);
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    expect(first.nextCursor).not.toBeNull();
    const second = await search({ service: 'payments', limit: 50, cursor: first.nextCursor ?? undefined });
    const firstIds = new Set(first.traces.map((t) => t.traceId));
    expect(second.traces.some((t) => firstIds.has(t.traceId))).toBe(false);
    expect(second.traces[0]?.startTs).toBeLessThanOrEqual(starts.at(-1) ?? 0);
  });

  it('keeps only failing traces with errors only, and only traces in the duration band', async () => {
    const failing = await search({ errorsOnly: true, ...INCIDENT });
    expect(failing.traces.length).toBeGreaterThan(0);
    for (const trace of failing.traces) expect(trace.errorCount).toBeGreaterThan(0);

    const slow = await search({ minDurationUs: 2_000_000, maxDurationUs: 6_000_000 });
    expect(slow.traces.length).toBeGreaterThan(0);
    for (const trace of slow.traces) {
      expect(trace.durationUs).toBeGreaterThanOrEqual(2_000_000);
      expect(trace.durationUs).toBeLessThanOrEqual(6_000_000);
    }
    const calm = await search({ minDurationUs: 2_000_000, ...BEFORE });
    expect(calm.traces.length).toBeLessThan(slow.traces.length);
  });

  it('sorts by duration when asked, slowest first', async () => {
    const { traces: slowest } = await search({ sort: 'slowest', limit: 20 });
    const durations = slowest.map((t) => t.durationUs);
    expect(durations).toEqual([...durations].sort((a, b) => b - a));
  });

  it('finds traces by a span attribute with a dotted key', async () => {
    const { traces: found } = await search({
      attribute: { key: 'http.status_code', value: '504' },
      limit: 20,
    });
    expect(found.length).toBeGreaterThan(0);
    for (const trace of found) expect(trace.errorCount).toBeGreaterThan(0);
  });

  it('lists services and their operations for the search form', async () => {
    const { services } = await traces.listTraceServices(DAY);
    expect(services.map((s) => s.service)).toEqual(
      expect.arrayContaining(['api-gateway', 'checkout', 'frontend', 'inventory', 'payments']),
    );
    expect(services.find((s) => s.service === 'payments')?.operations).toContain('POST /payments/authorize');
  });
});

describe('a checkout trace during the incident', () => {
  it('has error spans and a critical path through the slow checkout database or pool wait', async () => {
    const { traces: found } = await search({
      service: 'checkout',
      errorsOnly: true,
      sort: 'slowest',
      ...INCIDENT,
    });
    const summary = found[0];
    expect(summary).toBeDefined();
    const trace = await traces.getTrace({ traceId: summary?.traceId ?? '' });
    const errors = trace.spans.filter((s) => s.status === 'error');
    expect(errors.length).toBeGreaterThan(0);

    const byId = new Map(trace.spans.map((s) => [s.spanId, s]));
    expect(byId.get(trace.criticalPath[0] ?? '')?.parentSpanId).toBeNull();
    const longest = [...trace.criticalSegments].sort((a, b) => b.toTs - b.fromTs - (a.toTs - a.fromTs))[0];
    const culprit = byId.get(longest?.spanId ?? '');
    expect(culprit?.service).toBe('checkout');
    expect(culprit?.status).toBe('error');
    expect(`${culprit?.name ?? ''} ${culprit?.statusMessage ?? ''}`).toMatch(
      /shop\.|HikariPool|statement timeout/,
    );
  });

  it('answers not found for a trace that is not cached', async () => {
    await expect(async () => traces.getTrace({ traceId: 'f'.repeat(32) })).rejects.toThrow(/No trace/);
  });
});

describe('the service map', () => {
  it('links frontend to the gateway to checkout to its dependencies, checkout failing more than payments', async () => {
    const graph = await traces.getServiceGraph(INCIDENT);
    const edge = (caller: string, callee: string) =>
      graph.edges.find((e) => e.caller === caller && e.callee === callee);
    for (const [caller, callee] of [
      ['frontend', 'api-gateway'],
      ['api-gateway', 'checkout'],
      ['checkout', 'payments'],
      ['checkout', 'inventory'],
    ] as const) {
      expect(edge(caller, callee)?.calls, `${caller} → ${callee}`).toBeGreaterThan(0);
    }
    expect(edge('api-gateway', 'checkout')?.errorRate).toBeGreaterThan(
      edge('checkout', 'payments')?.errorRate ?? 1,
    );
    expect(edge('api-gateway', 'checkout')?.p95Us).toBeGreaterThan(edge('checkout', 'payments')?.p95Us ?? 0);
    expect(graph.nodes.find((n) => n.service === 'checkout')?.spanCount).toBeGreaterThan(0);
  });
});
