import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SourceType } from '../../shared/model/source';
import { openWorkspaceDb, type Db } from '../../electron/core/db/open';
import { lokiConnector } from '../../electron/core/ingest/connectors/loki';
import { FileSecretStore } from '../../electron/core/ingest/secrets';
import { SourceRegistry } from '../../electron/core/ingest/sources';
import { SyncEngine, type SyncEngineOptions } from '../../electron/core/ingest/sync';
import type { Connector } from '../../electron/core/ingest/types';
import { lokiQueryRange, ReplayServer, type Handler, type LokiEntry } from '../support/replay-server';
import { tempDir } from '../support/temp';

const connectors = new Map<SourceType, Connector>([['loki', lokiConnector]]);

const T0 = 1_700_000_000_000_000;
const MINUTE = 60_000_000;
const HOUR = 60 * MINUTE;
const fastRetries = { attempts: 3, baseDelayMs: 1, maxDelayMs: 4 };

/** Twelve entries in the first hour and three in the second, over two streams. */
const entries: LokiEntry[] = Array.from({ length: 15 }, (_, i) => ({
  labels: i % 2 ? { job: 'api', pod: 'api-1' } : { job: 'api', pod: 'api-2' },
  ns: String(BigInt(T0 + i * 5 * MINUTE) * 1000n + 123n),
  line: `level=info msg="request ${i} served"`,
}));
const firstHour = entries.filter((e) => BigInt(e.ns) < BigInt(T0 + HOUR) * 1000n).length;

let server: ReplayServer;
let file: string;
let db: Db;
let registry: SourceRegistry;

beforeEach(async () => {
  server = await ReplayServer.start();
  file = path.join(tempDir(), 'workspace.db');
  db = openWorkspaceDb(file).db;
  registry = new SourceRegistry(db, new FileSecretStore(`${file}.secrets.json`, undefined, {}), connectors);
});

afterEach(async () => {
  db.close();
  await server.close();
});

function engine(options: Partial<SyncEngineOptions> = {}): SyncEngine {
  return new SyncEngine(db, registry, connectors, {
    http: { timeoutMs: 5_000, retry: fastRetries },
    ...options,
  });
}

/** A Loki source served under its own path prefix on the shared server, paged 5 entries at a time. */
function lokiSource(name: string, handler: Handler): void {
  server.route('GET', `/${name}/loki/api/v1/query_range`, handler);
  registry.add({
    name,
    type: 'loki',
    url: `${server.url}/${name}`,
    queries: ['{job="api"}'],
    options: { limit: '5' },
  });
}

function requestsOf(name: string) {
  return server.requestsTo('GET', `/${name}/loki/api/v1/query_range`);
}

function rowsOf(source: string): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM logs WHERE source = ?').get(source) as { n: number }).n;
}

/** Nothing stored twice, and the file itself sound. */
function expectConsistent(): void {
  const rows = db.prepare('SELECT COUNT(*) AS n FROM logs').pluck().get();
  const distinct = db
    .prepare('SELECT COUNT(*) AS n FROM (SELECT DISTINCT source, stream, ts, message FROM logs)')
    .pluck()
    .get();
  expect(rows).toBe(distinct);
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(() => db.prepare("INSERT INTO logs_fts (logs_fts) VALUES ('integrity-check')").run()).not.toThrow();
}

/** Answers the real page, except that call number `which` gets the fault applied to that page. */
function faultOnCall(which: number, fault: 'drop' | 'truncate', handler: Handler): Handler {
  let calls = 0;
  return async (request) => {
    const reply = await handler(request);
    calls++;
    return calls === which && 'json' in reply ? { fault, json: reply.json } : reply;
  };
}

const serve = lokiQueryRange(entries);

describe('sync under faults', () => {
  it('retries 500s with growing delays, then marks the source offline while a healthy one still syncs', async () => {
    let failing = false;
    lokiSource('flaky', (request) =>
      failing ? { status: 500, text: 'upstream connect error' } : serve(request),
    );
    lokiSource('healthy', serve);
    const delays: number[] = [];
    const sync = engine({
      http: {
        timeoutMs: 5_000,
        retry: { attempts: 3, baseDelayMs: 40, maxDelayMs: 1_000 },
        random: () => 0.5,
        sleep: async (ms) => void delays.push(ms),
      },
    });
    await sync.sync({ from: T0, to: T0 + HOUR });
    const lastSuccess = registry.view('flaky').lastSuccessAt;
    expect(lastSuccess).not.toBeNull();

    failing = true;
    const before = requestsOf('flaky').length;
    const report = await sync.sync({ from: T0, to: T0 + 2 * HOUR });

    const byName = Object.fromEntries(report.sources.map((s) => [s.name, s]));
    expect(byName.flaky?.status).toBe('offline');
    expect(byName.flaky?.errors[0]).toMatch(/HTTP 500: upstream connect error/);
    expect(requestsOf('flaky').length - before).toBe(3);
    expect(delays).toEqual([20, 40]);
    expect(registry.view('flaky')).toMatchObject({
      status: 'offline',
      lastError: expect.stringMatching(/HTTP 500/),
      lastSuccessAt: lastSuccess,
    });
    expect(byName.healthy).toMatchObject({ status: 'ok', rows: entries.length - firstHour });
    expect(rowsOf('healthy')).toBe(entries.length);
    expect(rowsOf('flaky')).toBe(firstHour);
    expectConsistent();
  });

  it('gives up on a source that hangs past the timeout and reports it', async () => {
    lokiSource('stuck', () => ({ fault: 'hang' }));
    lokiSource('healthy', serve);

    const report = await engine({
      http: { timeoutMs: 150, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 } },
    }).sync({
      from: T0,
      to: T0 + HOUR,
    });

    const byName = Object.fromEntries(report.sources.map((s) => [s.name, s]));
    expect(byName.stuck).toMatchObject({ status: 'offline', rows: 0 });
    expect(byName.stuck?.errors[0]).toMatch(/did not answer within 150 ms/);
    expect(requestsOf('stuck')).toHaveLength(2);
    expect(byName.healthy).toMatchObject({ status: 'ok', rows: firstHour });
    expectConsistent();
  });

  it('re-fetches a page whose connection closed mid-body or whose JSON was cut short, storing each entry once', async () => {
    lokiSource('dropped', faultOnCall(2, 'drop', serve));
    lokiSource('truncated', faultOnCall(2, 'truncate', serve));

    const report = await engine().sync({ from: T0, to: T0 + HOUR });

    expect(report.sources.map((s) => [s.name, s.status, s.rows])).toEqual([
      ['dropped', 'ok', firstHour],
      ['truncated', 'ok', firstHour],
    ]);
    expect(rowsOf('dropped')).toBe(firstHour);
    expect(rowsOf('truncated')).toBe(firstHour);
    expect(requestsOf('dropped')).toHaveLength(4);
    expect(requestsOf('truncated')).toHaveLength(4);
    expectConsistent();
  });

  it('keeps the pages already written when a source keeps dropping or truncating, and says why', async () => {
    let calls = { dropping: 0, truncating: 0 };
    const afterFirstPage =
      (name: keyof typeof calls, fault: 'drop' | 'truncate'): Handler =>
      async (request) => {
        const reply = await serve(request);
        calls = { ...calls, [name]: calls[name] + 1 };
        return calls[name] > 1 && 'json' in reply ? { fault, json: reply.json } : reply;
      };
    lokiSource('dropping', afterFirstPage('dropping', 'drop'));
    lokiSource('truncating', afterFirstPage('truncating', 'truncate'));

    const report = await engine().sync({ from: T0, to: T0 + HOUR });

    const byName = Object.fromEntries(report.sources.map((s) => [s.name, s]));
    expect(byName.dropping?.status).toBe('offline');
    expect(byName.dropping?.errors[0]).toMatch(/could not be reached/);
    expect(byName.truncating?.status).toBe('offline');
    expect(byName.truncating?.errors[0]).toMatch(/not complete JSON/);
    expect(rowsOf('dropping')).toBe(5);
    expect(rowsOf('truncating')).toBe(5);
    const watermark = registry.view('dropping').queriesState[0]?.watermark;
    expect(watermark).toBe(Number(BigInt(entries[4]?.ns ?? '0') / 1000n));
    expectConsistent();
  });

  it('skips a source after repeated failed syncs until the cool-down has passed', async () => {
    let clock = Date.UTC(2024, 0, 1);
    let down = true;
    lokiSource('broken', (request) => (down ? { status: 503, text: 'no healthy upstream' } : serve(request)));
    const sync = engine({ breakerThreshold: 2, breakerCooldownMs: 60_000, now: () => clock });
    const window = { from: T0, to: T0 + HOUR };

    expect((await sync.sync(window)).sources[0]?.status).toBe('offline');
    expect((await sync.sync(window)).sources[0]?.status).toBe('offline');
    const tried = requestsOf('broken').length;
    expect(tried).toBe(2 * fastRetries.attempts);

    down = false;
    clock += 30_000;
    const skipped = await sync.sync(window);
    expect(skipped.sources[0]?.status).toBe('offline');
    expect(skipped.sources[0]?.errors[0]).toMatch(
      /^skipped: 2 failed syncs in a row, next try in 30 s \(last error: .*no healthy upstream\)$/,
    );
    expect(requestsOf('broken')).toHaveLength(tried);

    clock += 30_001;
    const resumed = await sync.sync(window);
    expect(resumed.sources[0]).toMatchObject({ status: 'ok', rows: firstHour, errors: [] });
    expect(registry.view('broken').status).toBe('ok');
    expectConsistent();
  });

  it('stops when cancelled, reports it, and the next sync resumes from the last written page', async () => {
    const controller = new AbortController();
    let calls = 0;
    lokiSource('slow', (request) => {
      calls++;
      if (calls < 2) return serve(request);
      controller.abort();
      return { fault: 'hang' };
    });
    const sync = engine();

    const report = await sync.sync({ from: T0, to: T0 + HOUR, signal: controller.signal });

    expect(report.cancelled).toBe(true);
    expect(rowsOf('slow')).toBe(5);
    const watermark = registry.view('slow').queriesState[0]?.watermark ?? 0;
    expect(watermark).toBe(Number(BigInt(entries[4]?.ns ?? '0') / 1000n));

    server.route('GET', '/slow/loki/api/v1/query_range', serve);
    const resumed = await sync.sync({ from: T0, to: T0 + HOUR });

    expect(resumed.cancelled).toBe(false);
    expect(requestsOf('slow')[2]?.query.get('start')).toBe(String(BigInt(watermark) * 1000n));
    expect(rowsOf('slow')).toBe(firstHour);
    expectConsistent();
  });
});
