import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SourceInput, SourceType } from '../../shared/model/source';
import { openWorkspaceDb, type Db } from '../../electron/core/db/open';
import { elasticsearchConnector } from '../../electron/core/ingest/connectors/elasticsearch';
import { jaegerConnector } from '../../electron/core/ingest/connectors/jaeger';
import { lokiConnector } from '../../electron/core/ingest/connectors/loki';
import { tempoConnector } from '../../electron/core/ingest/connectors/tempo';
import { FileSecretStore } from '../../electron/core/ingest/secrets';
import { SourceRegistry } from '../../electron/core/ingest/sources';
import { SyncEngine } from '../../electron/core/ingest/sync';
import type { Connector } from '../../electron/core/ingest/types';
import {
  jaegerSearch,
  lokiQueryRange,
  ReplayServer,
  serveElasticsearch,
  serveTempo,
  type EsDoc,
  type JaegerTraceJson,
  type LokiEntry,
  type TempoTrace,
} from '../support/replay-server';
import { tempDir } from '../support/temp';

const connectors = new Map<SourceType, Connector>([
  ['loki', lokiConnector],
  ['elasticsearch', elasticsearchConnector],
  ['jaeger', jaegerConnector],
  ['tempo', tempoConnector],
]);

const T0 = 1_700_000_000_000_000;
const MINUTE = 60_000_000;
const HOUR = 60 * MINUTE;

let server: ReplayServer;
let db: Db;
let registry: SourceRegistry;
let engine: SyncEngine;

beforeEach(async () => {
  server = await ReplayServer.start();
  const file = path.join(tempDir(), 'workspace.db');
  db = openWorkspaceDb(file).db;
  registry = new SourceRegistry(db, new FileSecretStore(`${file}.secrets.json`, undefined, {}), connectors);
  engine = new SyncEngine(db, registry, connectors, {
    http: { timeoutMs: 5_000, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 } },
  });
});

afterEach(async () => {
  db.close();
  await server.close();
});

function addSource(input: Omit<SourceInput, 'url'>): void {
  registry.add({ ...input, url: server.url });
}

function sync(from = T0, to = T0 + HOUR) {
  return engine.sync({ from, to });
}

function count(sql: string, ...params: unknown[]): number {
  return (db.prepare(sql).get(...params) as { n: number }).n;
}

/** A distinct, repeatable lowercase hex id per seed. */
const hex = (seed: number, digits: number) =>
  createHash('sha256').update(String(seed)).digest('hex').slice(0, digits);

describe('Loki', () => {
  const baseNs = BigInt(T0) * 1000n;
  const atMinute = (minute: number, extraNs = 789n) =>
    String(baseNs + BigInt(minute) * 60_000_000_000n + extraNs);
  const api = { service_name: 'api', env: 'prod' };
  const worker = { job: 'worker' };
  const shared = atMinute(5, 500_789n);
  const entries: LokiEntry[] = [
    ...Array.from({ length: 20 }, (_, i): LokiEntry => {
      if (i % 2 === 0) {
        return {
          labels: api,
          ns: atMinute(i),
          line: `level=warn msg="slow request ${i}" trace_id=${hex(i, 32)}`,
        };
      }
      return {
        labels: worker,
        ns: atMinute(i),
        line: `{"level":"error","msg":"job ${i} failed","traceID":"${hex(i, 16)}"}`,
      };
    }),
    // Four entries in one nanosecond: the limit of 4 cuts them across pages.
    { labels: api, ns: shared, line: 'burst a' },
    { labels: worker, ns: shared, line: 'burst b' },
    {
      labels: api,
      ns: shared,
      line: 'burst c',
      metadata: { trace_id: hex(99, 32), detected_level: 'debug' },
    },
    { labels: worker, ns: shared, line: 'burst d' },
  ];
  const later = { labels: api, ns: atMinute(65), line: 'after the first window' };

  it('pages through entries sharing a nanosecond without losing or repeating any, sending the headers', async () => {
    server.route('GET', '/loki/api/v1/query_range', lokiQueryRange([...entries, later]));
    addSource({
      name: 'loki',
      type: 'loki',
      queries: ['{env="prod"} or {job="worker"}'],
      headers: { 'X-Scope-OrgID': 'team-a', Authorization: 'Bearer s3cret' },
      options: { limit: '4' },
    });

    const report = await sync();

    expect(report.sources).toEqual([
      { name: 'loki', status: 'ok', rows: 24, bytes: expect.any(Number), errors: [] },
    ]);
    expect(count('SELECT COUNT(*) AS n FROM logs')).toBe(24);
    expect(count('SELECT COUNT(DISTINCT message) AS n FROM logs')).toBe(24);
    const pages = server.requestsTo('GET', '/loki/api/v1/query_range');
    expect(pages.length).toBeGreaterThan(6);
    expect(pages[1]?.query.get('start')).toBe(entries[3]?.ns);
    expect(pages.map((p) => p.query.get('direction'))).toEqual(pages.map(() => 'forward'));
    for (const page of pages) {
      expect(page.headers['x-scope-orgid']).toBe('team-a');
      expect(page.headers.authorization).toBe('Bearer s3cret');
    }
    expect(db.prepare("SELECT config FROM sources WHERE name = 'loki'").pluck().get()).not.toContain(
      's3cret',
    );

    const byMessage = (message: string) =>
      db
        .prepare('SELECT stream, ts, service, level, trace_id, attrs FROM logs WHERE message = ?')
        .get(message);
    expect(byMessage(entries[2]?.line ?? '')).toEqual({
      stream: '{env="prod", service_name="api"}',
      ts: T0 + 2 * MINUTE,
      service: 'api',
      level: 'warn',
      trace_id: hex(2, 32),
      attrs: null,
    });
    expect(byMessage(entries[3]?.line ?? '')).toMatchObject({
      stream: '{job="worker"}',
      service: 'worker',
      level: 'error',
      trace_id: hex(3, 16).padStart(32, '0'),
    });
    expect(byMessage('burst c')).toMatchObject({
      ts: T0 + 5 * MINUTE + 500,
      level: 'debug',
      trace_id: hex(99, 32),
      attrs: JSON.stringify({ trace_id: hex(99, 32), detected_level: 'debug' }),
    });
  });

  it('pulls only what is new on a re-sync', async () => {
    server.route('GET', '/loki/api/v1/query_range', lokiQueryRange([...entries, later]));
    addSource({ name: 'loki', type: 'loki', queries: ['{env="prod"}'], options: { limit: '4' } });
    await sync();

    const again = await sync(T0, T0 + 2 * HOUR);

    expect(again.sources[0]).toMatchObject({ status: 'ok', rows: 1 });
    expect(count('SELECT COUNT(*) AS n FROM logs')).toBe(25);
    expect(registry.view('loki').queriesState[0]?.watermark).toBe(T0 + 2 * HOUR);
  });

  it('syncs an empty answer as a success', async () => {
    server.route('GET', '/loki/api/v1/query_range', lokiQueryRange([]));
    addSource({ name: 'loki', type: 'loki', queries: ['{job="nothing"}'] });

    const report = await sync();

    expect(report.sources[0]).toMatchObject({ status: 'ok', rows: 0, errors: [] });
    expect(registry.view('loki')).toMatchObject({ status: 'ok', lastError: null });
  });

  it("reports a refused query in Loki's own words, without retrying it", async () => {
    const refusal = 'parse error at line 1, col 8: syntax error: unexpected IDENTIFIER, expecting STRING';
    server.route('GET', '/loki/api/v1/query_range', () => ({ status: 400, text: `${refusal}\n` }));
    addSource({ name: 'loki', type: 'loki', queries: ['{job=worker}'] });

    const report = await sync();

    expect(report.sources[0]?.status).toBe('offline');
    expect(report.sources[0]?.errors[0]).toContain(refusal);
    expect(registry.view('loki').lastError).toContain(refusal);
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a metric query when the source is added', () => {
    expect(() => addSource({ name: 'loki', type: 'loki', queries: ['rate({job="api"}[5m])'] })).toThrow(
      /not a log query/,
    );
  });
});

describe('Elasticsearch and OpenSearch', () => {
  const t0ms = T0 / 1000;
  const doc = (i: number, index: string, ms: number): EsDoc => {
    const common = { message: `request ${i} handled`, host: { name: `node-${i % 4}` } };
    if (i % 3 === 0) {
      const iso = new Date(ms).toISOString().replace('Z', `${String(i).padStart(3, '0')}Z`);
      return { index, id: `doc-${i}`, ms, source: { ...common, '@timestamp': iso } };
    }
    if (i % 3 === 1) {
      return {
        index,
        id: `doc-${i}`,
        ms,
        source: {
          ...common,
          '@timestamp': ms,
          log: { level: 'WARN' },
          service: { name: 'payments' },
          trace: { id: hex(i, 32) },
        },
      };
    }
    return {
      index,
      id: `doc-${i}`,
      ms,
      source: {
        ...common,
        '@timestamp': String(ms),
        'log.level': 'error',
        'service.name': 'checkout',
        'trace.id': hex(i, 32),
      },
    };
  };
  // Three documents share each millisecond, so pages of 5 split them and only the tiebreaker keeps order.
  const docs: EsDoc[] = [
    ...Array.from({ length: 23 }, (_, i) =>
      doc(i, i % 2 ? 'logs-b' : 'logs-a', t0ms + Math.floor(i / 3) * 60_000),
    ),
    doc(100, 'logs-a', t0ms + HOUR / 1000 + 60_000),
    doc(101, 'metrics-a', t0ms + 60_000),
  ];

  it('pages with search_after inside a point in time, then closes it', async () => {
    const fake = serveElasticsearch(server, docs);
    addSource({
      name: 'es',
      type: 'elasticsearch',
      queries: ['logs-*'],
      headers: { Authorization: 'ApiKey abc123' },
      options: { size: '5' },
    });

    const report = await sync();

    expect(report.sources[0]).toMatchObject({ status: 'ok', rows: 23, errors: [] });
    expect(count('SELECT COUNT(*) AS n FROM logs')).toBe(23);
    expect(count('SELECT COUNT(DISTINCT message) AS n FROM logs')).toBe(23);
    const searches = server.requestsTo('POST', '/_search');
    expect(searches).toHaveLength(5);
    expect(searches.slice(1).every((s) => 'search_after' in (JSON.parse(s.body) as object))).toBe(true);
    expect(server.requestsTo('POST', '/logs-*/_pit')).toHaveLength(1);
    expect(fake.openedPits()).toBe(1);
    expect(fake.openPits()).toBe(0);
    expect(server.requests.every((r) => r.headers.authorization === 'ApiKey abc123')).toBe(true);

    const row = (message: string) =>
      db.prepare('SELECT stream, ts, service, level, trace_id FROM logs WHERE message = ?').get(message);
    expect(row('request 3 handled')).toEqual({
      stream: 'logs-b',
      ts: (t0ms + 60_000) * 1000 + 3,
      service: '',
      level: 'info',
      trace_id: null,
    });
    expect(row('request 4 handled')).toMatchObject({
      level: 'warn',
      service: 'payments',
      trace_id: hex(4, 32),
    });
    expect(row('request 5 handled')).toMatchObject({
      level: 'error',
      service: 'checkout',
      trace_id: hex(5, 32),
    });

    const again = await sync(T0, T0 + 2 * HOUR);
    expect(again.sources[0]).toMatchObject({ status: 'ok', rows: 1 });
    expect(fake.openPits()).toBe(0);
  });

  it('uses the OpenSearch point-in-time API and an _id tiebreaker with flavor=opensearch', async () => {
    const fake = serveElasticsearch(server, docs, 'opensearch');
    addSource({
      name: 'os',
      type: 'elasticsearch',
      queries: ['logs-a,logs-b'],
      options: { size: '4', flavor: 'opensearch' },
    });

    const report = await sync();

    expect(report.sources[0]).toMatchObject({ status: 'ok', rows: 23 });
    expect(server.requestsTo('POST', '/logs-a%2Clogs-b/_search/point_in_time')).toHaveLength(1);
    const firstSearch = JSON.parse(server.requestsTo('POST', '/_search')[0]?.body ?? '{}') as {
      sort: object[];
    };
    expect(Object.keys(firstSearch.sort[1] ?? {})).toEqual(['_id']);
    expect(fake.openPits()).toBe(0);
  });

  it('reports an error payload verbatim and still closes the point in time', async () => {
    const fake = serveElasticsearch(server, docs);
    server.route('POST', '/_search', () => ({
      status: 400,
      json: {
        error: {
          root_cause: [{ type: 'query_shard_exception', reason: 'Failed to parse query [level:(]' }],
          type: 'search_phase_execution_exception',
          reason: 'all shards failed',
        },
        status: 400,
      },
    }));
    addSource({ name: 'es', type: 'elasticsearch', queries: ['logs-* level:('] });

    const report = await sync();

    expect(report.sources[0]?.status).toBe('offline');
    expect(report.sources[0]?.errors[0]).toContain('search_phase_execution_exception: all shards failed');
    expect(report.sources[0]?.errors[0]).toContain('Failed to parse query [level:(]');
    expect(fake.openPits()).toBe(0);
  });

  it('syncs an empty index as a success', async () => {
    const fake = serveElasticsearch(server, []);
    addSource({ name: 'es', type: 'elasticsearch', queries: ['logs-*'] });

    const report = await sync();

    expect(report.sources[0]).toMatchObject({ status: 'ok', rows: 0, errors: [] });
    expect(fake.openPits()).toBe(0);
  });
});

describe('Jaeger', () => {
  const tag = (key: string, value: unknown) => ({
    key,
    type: typeof value === 'boolean' ? 'bool' : typeof value === 'number' ? 'int64' : 'string',
    value,
  });
  const trace = (i: number): JaegerTraceJson => {
    const traceID = i === 0 ? hex(i, 16) : hex(i, 32);
    const start = T0 + i * 4 * MINUTE + 17;
    const ids = [hex(1000 + i * 3, 16), hex(1001 + i * 3, 16), hex(1002 + i * 3, 16)] as const;
    return {
      traceID,
      spans: [
        {
          traceID,
          spanID: ids[0],
          operationName: 'POST /checkout',
          references: [],
          startTime: start,
          duration: 90_000,
          tags: [tag('span.kind', 'server'), tag('http.status_code', 200)],
          logs: [],
          processID: 'p1',
        },
        {
          traceID,
          spanID: ids[1],
          operationName: 'charge',
          references: [{ refType: 'CHILD_OF', traceID, spanID: ids[0] }],
          startTime: start + 1_000,
          duration: 80_000,
          tags: [tag('span.kind', 'client')],
          logs: [],
          processID: 'p1',
        },
        {
          traceID,
          spanID: ids[2],
          operationName: 'POST /charge',
          references: [{ refType: 'CHILD_OF', traceID, spanID: ids[1] }],
          startTime: start + 2_000,
          duration: 70_000,
          tags: i % 4 === 0 ? [tag('span.kind', 'server'), tag('error', true)] : [tag('span.kind', 'server')],
          logs:
            i % 4 === 0
              ? [
                  {
                    timestamp: start + 60_000,
                    fields: [tag('event', 'exception'), tag('message', 'card declined')],
                  },
                ]
              : [],
          processID: 'p2',
        },
      ],
      processes: {
        p1: { serviceName: 'checkout', tags: [tag('hostname', 'checkout-1')] },
        p2: { serviceName: 'payments', tags: [] },
      },
    };
  };
  const traces = Array.from({ length: 12 }, (_, i) => trace(i));

  it('splits a window that comes back full, storing every trace once', async () => {
    server.route('GET', '/api/traces', jaegerSearch([...traces, trace(20)]));
    addSource({
      name: 'jaeger',
      type: 'jaeger',
      queries: ['checkout'],
      headers: { Authorization: 'Basic dXNlcjpwdw==' },
      options: { limit: '4' },
    });

    const report = await sync();

    expect(report.sources[0]).toMatchObject({ status: 'ok', rows: 36, errors: [] });
    expect(count('SELECT COUNT(*) AS n FROM spans')).toBe(36);
    expect(count('SELECT COUNT(DISTINCT trace_id) AS n FROM spans')).toBe(12);
    const searches = server.requestsTo('GET', '/api/traces');
    expect(searches.length).toBeGreaterThan(3);
    expect(searches.every((s) => s.headers.authorization === 'Basic dXNlcjpwdw==')).toBe(true);

    const failing = db
      .prepare('SELECT trace_id, parent_span_id, service, kind, status, events FROM spans WHERE span_id = ?')
      .get(hex(1002, 16)) as { events: string };
    expect(failing).toMatchObject({
      trace_id: hex(0, 16).padStart(32, '0'),
      parent_span_id: hex(1001, 16),
      service: 'payments',
      kind: 'server',
      status: 'error',
    });
    expect(JSON.parse(failing.events)).toEqual([
      { name: 'exception', ts: T0 + 17 + 60_000, attrs: { event: 'exception', message: 'card declined' } },
    ]);
    expect(db.prepare('SELECT kind, attrs FROM spans WHERE span_id = ?').get(hex(1001, 16))).toEqual({
      kind: 'client',
      attrs: JSON.stringify({ hostname: 'checkout-1', 'span.kind': 'client' }),
    });

    const again = await sync(T0, T0 + 2 * HOUR);
    expect(again.sources[0]).toMatchObject({ status: 'ok', rows: 3 });
  });

  it('sends service and operation separately', async () => {
    server.route('GET', '/api/traces', jaegerSearch(traces));
    addSource({ name: 'jaeger', type: 'jaeger', queries: ['payments:POST /charge'] });

    const report = await sync();

    expect(report.sources[0]).toMatchObject({ status: 'ok', rows: 36 });
    const query = server.requestsTo('GET', '/api/traces')[0]?.query;
    expect([query?.get('service'), query?.get('operation')]).toEqual(['payments', 'POST /charge']);
    expect(query?.get('start')).toBe(String(T0));
  });

  it("reports Jaeger's error message verbatim, and an empty answer as a success", async () => {
    const message = 'unable to parse param \'limit\': strconv.ParseInt: parsing "x": invalid syntax';
    server.route('GET', '/api/traces', (request) =>
      request.query.get('service') === 'broken'
        ? {
            status: 400,
            json: { data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 400, msg: message }] },
          }
        : { json: { data: [], total: 0, limit: 0, offset: 0, errors: null } },
    );
    addSource({ name: 'broken', type: 'jaeger', queries: ['broken'] });
    addSource({ name: 'quiet', type: 'jaeger', queries: ['quiet'] });

    const report = await sync();

    const byName = Object.fromEntries(report.sources.map((s) => [s.name, s]));
    expect(byName.broken?.errors[0]).toContain(message);
    expect(byName.quiet).toMatchObject({ status: 'ok', rows: 0, errors: [] });
  });
});

describe('Tempo', () => {
  const b64 = (hexText: string) => Buffer.from(hexText, 'hex').toString('base64');
  const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });
  const trace = (i: number, startUs = T0 + i * 5 * MINUTE): TempoTrace => {
    const traceId = i === 0 ? `00${hex(i, 30)}` : hex(i, 32);
    const startNs = BigInt(startUs) * 1000n + 789n;
    const [root, child] = [hex(2000 + i * 2, 16), hex(2001 + i * 2, 16)];
    return {
      traceId,
      rootServiceName: 'checkout',
      startNs: String(startNs),
      durationMs: 12,
      batches: [
        {
          resource: { attributes: [attr('service.name', 'checkout'), attr('k8s.pod.name', 'checkout-7f9')] },
          scopeSpans: [
            {
              scope: { name: 'http' },
              spans: [
                {
                  traceId: b64(traceId),
                  spanId: b64(root),
                  parentSpanId: '',
                  name: 'GET /cart',
                  kind: 'SPAN_KIND_SERVER',
                  startTimeUnixNano: String(startNs),
                  endTimeUnixNano: String(startNs + 12_000_000n),
                  attributes: [{ key: 'http.status_code', value: { intValue: '200' } }],
                  status: {},
                },
              ],
            },
          ],
        },
        {
          resource: { attributes: [attr('service.name', 'payments')] },
          instrumentationLibrarySpans: [
            {
              spans: [
                {
                  traceId: b64(traceId),
                  spanId: b64(child),
                  parentSpanId: b64(root),
                  name: 'charge',
                  kind: 'SPAN_KIND_CLIENT',
                  startTimeUnixNano: String(startNs + 1_000_000n),
                  endTimeUnixNano: String(startNs + 9_000_000n),
                  events: [
                    {
                      timeUnixNano: String(startNs + 8_000_000n),
                      name: 'exception',
                      attributes: [attr('exception.type', 'Declined')],
                    },
                  ],
                  status: { code: 'STATUS_CODE_ERROR', message: 'card declined' },
                },
              ],
            },
          ],
        },
      ],
    };
  };
  const traces = Array.from({ length: 6 }, (_, i) => trace(i));

  it('searches with TraceQL, fetches each trace once and converts base64 ids to hex', async () => {
    // A trace starting in the one second both windows cover: the re-sync finds it again but must not fetch it.
    const onTheEdge = { ...trace(12), startNs: String(BigInt(T0 + HOUR) * 1000n) };
    serveTempo(server, [...traces, onTheEdge, trace(13)]);
    addSource({
      name: 'tempo',
      type: 'tempo',
      queries: ['{ resource.service.name = "checkout" }'],
      headers: { 'X-Scope-OrgID': 'team-b' },
    });

    const report = await sync();

    expect(report.sources[0]).toMatchObject({ status: 'ok', rows: 14, errors: [] });
    expect(count('SELECT COUNT(DISTINCT trace_id) AS n FROM spans')).toBe(7);
    const search = server.requestsTo('GET', '/api/search')[0];
    expect(search?.query.get('q')).toBe('{ resource.service.name = "checkout" }');
    expect(search?.query.get('start')).toBe(String(T0 / 1_000_000));
    expect(server.requests.every((r) => r.headers['x-scope-orgid'] === 'team-b')).toBe(true);
    expect(server.requestsTo('GET', /^\/api\/traces\//)).toHaveLength(7);

    const child = db
      .prepare(
        'SELECT trace_id, parent_span_id, service, kind, start_ts, duration_us, status, status_message, events FROM spans WHERE span_id = ?',
      )
      .get(hex(2001, 16));
    expect(child).toEqual({
      trace_id: `00${hex(0, 30)}`,
      parent_span_id: hex(2000, 16),
      service: 'payments',
      kind: 'client',
      start_ts: T0 + 1000,
      duration_us: 8000,
      status: 'error',
      status_message: 'card declined',
      events: JSON.stringify([{ name: 'exception', ts: T0 + 8000, attrs: { 'exception.type': 'Declined' } }]),
    });
    expect(db.prepare('SELECT kind, attrs FROM spans WHERE span_id = ?').get(hex(2000, 16))).toEqual({
      kind: 'server',
      attrs: JSON.stringify({ 'k8s.pod.name': 'checkout-7f9', 'http.status_code': 200 }),
    });

    const fetchedBefore = server.requestsTo('GET', /^\/api\/traces\//).length;
    const again = await sync(T0, T0 + 2 * HOUR);
    expect(again.sources[0]).toMatchObject({ status: 'ok', rows: 2 });
    expect(server.requestsTo('GET', /^\/api\/traces\//).length - fetchedBefore).toBe(1);
  });

  it('splits a window that comes back full and uses tags= for a non-TraceQL query', async () => {
    serveTempo(server, traces);
    addSource({ name: 'tempo', type: 'tempo', queries: ['service.name=checkout'], options: { limit: '2' } });

    const report = await sync();

    expect(report.sources[0]).toMatchObject({ status: 'ok', rows: 12 });
    const searches = server.requestsTo('GET', '/api/search');
    expect(searches.length).toBeGreaterThan(3);
    expect(searches.every((s) => s.query.get('tags') === 'service.name=checkout' && !s.query.has('q'))).toBe(
      true,
    );
    expect(server.requestsTo('GET', /^\/api\/traces\//)).toHaveLength(6);
  });

  it("reports a refused TraceQL query in Tempo's own words, and an empty search as a success", async () => {
    const refusal =
      'invalid TraceQL query: parse error at line 1, col 3: syntax error: unexpected IDENTIFIER';
    server.route('GET', '/api/search', (request) =>
      request.query.get('q') === '{ nope }'
        ? { status: 400, text: refusal }
        : { json: { traces: [], metrics: {} } },
    );
    addSource({ name: 'bad', type: 'tempo', queries: ['{ nope }'] });
    addSource({ name: 'empty', type: 'tempo', queries: ['{ true }'] });

    const report = await sync();

    const byName = Object.fromEntries(report.sources.map((s) => [s.name, s]));
    expect(byName.bad?.errors[0]).toContain(refusal);
    expect(byName.empty).toMatchObject({ status: 'ok', rows: 0, errors: [] });
  });
});
