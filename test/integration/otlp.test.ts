import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, trace, type HrTime } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import {
  AggregationType,
  MeterProvider,
  MetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import protobuf from 'protobufjs';
import { afterEach, describe, expect, it } from 'vitest';
import { openWorkspaceDb, type Db } from '../../electron/core/db/open';
import { AppError } from '../../electron/core/errors';
import {
  createOtlpReceiver,
  detectOtlpSignal,
  ingestOtlpJson,
  startOtlpReceiver,
  type OtlpIngestResult,
  type OtlpReceiverOptions,
} from '../../electron/core/ingest/otlp';
import { tempDir } from '../support/temp';

const fixturesDir = path.resolve(import.meta.dirname, '..', 'fixtures', 'otlp');
const fixture = (name: string): Buffer => fs.readFileSync(path.join(fixturesDir, name));

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function openDb(): Db {
  const { db } = openWorkspaceDb(path.join(tempDir(), 'workspace.db'));
  cleanups.push(() => {
    db.close();
  });
  return db;
}

interface SeenRequest {
  path: string | undefined;
  contentType: string | undefined;
  contentEncoding: string | undefined;
}

interface Harness {
  db: Db;
  url: string;
  requests: SeenRequest[];
  ingested: OtlpIngestResult[];
}

/**
 * The exported request handler behind a loopback server that notes what each request looked like on the wire.
 */
async function startHarness(options: OtlpReceiverOptions = {}): Promise<Harness> {
  const db = openDb();
  const requests: SeenRequest[] = [];
  const ingested: OtlpIngestResult[] = [];
  const handler = createOtlpReceiver(db, { ...options, onIngest: (result) => ingested.push(result) });
  const server = http.createServer((req, res) => {
    requests.push({
      path: req.url,
      contentType: req.headers['content-type'],
      contentEncoding: req.headers['content-encoding'],
    });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { db, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, ingested };
}

interface Reply {
  status: number;
  headers: Headers;
  body: Buffer;
}

async function post(url: string, body: string | Buffer, headers: Record<string, string>): Promise<Reply> {
  const response = await fetch(url, { method: 'POST', body, headers });
  return {
    status: response.status,
    headers: response.headers,
    body: Buffer.from(await response.arrayBuffer()),
  };
}

const postJson = (url: string, body: unknown) =>
  post(url, typeof body === 'string' ? body : JSON.stringify(body), { 'content-type': 'application/json' });

/** Any OTLP exporter of the SDK: export() reports through a callback. */
interface Exporter<T> {
  export(items: T, done: (result: { code: number; error?: Error }) => void): void;
  shutdown(): Promise<void>;
}

async function exportOnce<T>(exporter: Exporter<T>, items: T): Promise<void> {
  try {
    await new Promise<void>((resolve, reject) =>
      exporter.export(items, (result) =>
        result.code === 0 ? resolve() : reject(result.error ?? new Error(`export failed (${result.code})`)),
      ),
    );
  } finally {
    await exporter.shutdown();
  }
}

const micros = (time: HrTime): number => time[0] * 1_000_000 + Math.floor(time[1] / 1000);

type Compression = NonNullable<
  NonNullable<ConstructorParameters<typeof JsonTraceExporter>[0]>['compression']
>;

const transports = [
  { encoding: 'json', compression: 'none', contentType: 'application/json' },
  { encoding: 'protobuf', compression: 'none', contentType: 'application/x-protobuf' },
  { encoding: 'json', compression: 'gzip', contentType: 'application/json' },
  { encoding: 'protobuf', compression: 'gzip', contentType: 'application/x-protobuf' },
] as const;

type Transport = (typeof transports)[number];

function exporterConfig(base: string, signal: string, transport: Transport) {
  return { url: `${base}/v1/${signal}`, compression: transport.compression as Compression };
}

const resource = resourceFromAttributes({ 'service.name': 'checkout', 'service.version': '1.2.3' });
const resourceAttrs = { 'service.name': 'checkout', 'service.version': '1.2.3' };

function expectWire(harness: Harness, signal: string, transport: Transport): void {
  expect(harness.requests).toEqual([
    {
      path: `/v1/${signal}`,
      contentType: transport.contentType,
      contentEncoding: transport.compression === 'gzip' ? 'gzip' : undefined,
    },
  ]);
}

class ManualReader extends MetricReader {
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}
}

describe.each(transports)('the real OpenTelemetry SDK exporting $encoding ($compression)', (transport) => {
  it('stores spans with their ids, times in µs, parent links, kinds, statuses, attributes and events', async () => {
    const harness = await startHarness();
    const memory = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(memory)] });
    const tracer = provider.getTracer('shop', '2.0.0');
    const root = tracer.startSpan('GET /cart', {
      kind: SpanKind.SERVER,
      startTime: [1_700_000_000, 123_456_789],
      attributes: {
        'http.request.method': 'GET',
        'http.response.status_code': 500,
        'cart.ratio': 0.25,
        'cache.hit': false,
        'cart.items': ['sku-1', 'sku-2'],
      },
    });
    const child = tracer.startSpan(
      'SELECT carts',
      { kind: SpanKind.CLIENT, startTime: [1_700_000_000, 200_000_999] },
      trace.setSpan(ROOT_CONTEXT, root),
    );
    child.addEvent(
      'exception',
      { 'exception.message': 'deadlock', 'retry.count': 2 },
      [1_700_000_000, 250_000_500],
    );
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'deadlock detected' });
    child.end([1_700_000_000, 300_001_000]);
    root.setStatus({ code: SpanStatusCode.OK });
    root.end([1_700_000_001, 0]);
    const spans = memory.getFinishedSpans();
    const Exporter = transport.encoding === 'json' ? JsonTraceExporter : ProtoTraceExporter;
    await exportOnce(new Exporter(exporterConfig(harness.url, 'traces', transport)), spans);
    await provider.shutdown();

    expectWire(harness, 'traces', transport);
    expect(harness.ingested).toEqual([
      { signal: 'traces', received: 2, rejected: 0, rejectionMessage: '', written: 2 },
    ]);
    const rows = harness.db
      .prepare(
        `SELECT trace_id, span_id, parent_span_id, source, service, name, kind, start_ts, duration_us, status,
           status_message, attrs, events FROM spans ORDER BY start_ts`,
      )
      .all() as Record<string, unknown>[];
    const traceId = root.spanContext().traceId;
    expect(rows).toEqual([
      {
        trace_id: traceId,
        span_id: root.spanContext().spanId,
        parent_span_id: null,
        source: 'otlp',
        service: 'checkout',
        name: 'GET /cart',
        kind: 'server',
        start_ts: 1_700_000_000_123_456,
        duration_us: 1_700_000_001_000_000 - 1_700_000_000_123_456,
        status: 'ok',
        status_message: null,
        attrs: expect.any(String),
        events: null,
      },
      {
        trace_id: traceId,
        span_id: child.spanContext().spanId,
        parent_span_id: root.spanContext().spanId,
        source: 'otlp',
        service: 'checkout',
        name: 'SELECT carts',
        kind: 'client',
        start_ts: 1_700_000_000_200_000,
        duration_us: 100_001,
        status: 'error',
        status_message: 'deadlock detected',
        attrs: expect.any(String),
        events: expect.any(String),
      },
    ]);
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.parse(rows[0]?.attrs as string)).toEqual({
      ...resourceAttrs,
      'otel.scope.name': 'shop',
      'otel.scope.version': '2.0.0',
      'http.request.method': 'GET',
      'http.response.status_code': 500,
      'cart.ratio': 0.25,
      'cache.hit': false,
      'cart.items': ['sku-1', 'sku-2'],
    });
    expect(JSON.parse(rows[1]?.attrs as string)).toEqual({
      ...resourceAttrs,
      'otel.scope.name': 'shop',
      'otel.scope.version': '2.0.0',
    });
    expect(JSON.parse(rows[1]?.events as string)).toEqual([
      {
        name: 'exception',
        ts: 1_700_000_000_250_000,
        attrs: { 'exception.message': 'deadlock', 'retry.count': 2 },
      },
    ]);
  });

  it('stores log records with their times in µs, levels, messages, trace context and attributes', async () => {
    const harness = await startHarness();
    const memory = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({
      resource,
      processors: [new SimpleLogRecordProcessor({ exporter: memory })],
    });
    const logger = provider.getLogger('shop.logs');
    const spanContext = {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
    };
    logger.emit({
      timestamp: [1_700_000_000, 500_000_001],
      severityNumber: SeverityNumber.WARN,
      severityText: 'WARN',
      body: 'disk almost full',
      attributes: { 'disk.free_mb': 120 },
      context: trace.setSpanContext(ROOT_CONTEXT, spanContext),
    });
    logger.emit({
      timestamp: [1_700_000_001, 0],
      severityNumber: SeverityNumber.ERROR2,
      body: { order: 42, reason: 'card declined' },
    });
    logger.emit({ timestamp: [1_700_000_002, 999], severityText: 'DEBUG', body: 'cache miss' });
    logger.emit({
      timestamp: [1_700_000_003, 0],
      severityNumber: SeverityNumber.FATAL3,
      body: 'out of memory',
    });
    logger.emit({
      timestamp: [1_700_000_004, 0],
      severityNumber: SeverityNumber.TRACE2,
      severityText: 'ERROR',
      body: 'entering checkout',
    });
    logger.emit({
      timestamp: [1_700_000_005, 0],
      severityNumber: SeverityNumber.INFO4,
      body: 'order placed',
      eventName: 'order.placed',
    });
    const Exporter = transport.encoding === 'json' ? JsonLogExporter : ProtoLogExporter;
    await exportOnce(
      new Exporter(exporterConfig(harness.url, 'logs', transport)),
      memory.getFinishedLogRecords(),
    );
    await provider.shutdown();

    expectWire(harness, 'logs', transport);
    expect(harness.ingested).toEqual([
      { signal: 'logs', received: 6, rejected: 0, rejectionMessage: '', written: 6 },
    ]);
    const rows = harness.db
      .prepare(
        'SELECT source, stream, ts, service, level, message, trace_id, span_id, attrs FROM logs ORDER BY ts',
      )
      .all() as Record<string, unknown>[];
    const row = (ts: number, level: string, message: string, traceId: string | null = null) => ({
      source: 'otlp',
      stream: 'checkout',
      ts,
      service: 'checkout',
      level,
      message,
      trace_id: traceId,
      span_id: traceId ? spanContext.spanId : null,
      attrs: expect.any(String),
    });
    expect(rows).toEqual([
      row(1_700_000_000_500_000, 'warn', 'disk almost full', spanContext.traceId),
      row(1_700_000_001_000_000, 'error', '{"order":42,"reason":"card declined"}'),
      row(1_700_000_002_000_000, 'debug', 'cache miss'),
      row(1_700_000_003_000_000, 'fatal', 'out of memory'),
      row(1_700_000_004_000_000, 'trace', 'entering checkout'),
      row(1_700_000_005_000_000, 'info', 'order placed'),
    ]);
    const scope = { 'otel.scope.name': 'shop.logs' };
    expect(JSON.parse(rows[0]?.attrs as string)).toEqual({ ...resourceAttrs, ...scope, 'disk.free_mb': 120 });
    expect(JSON.parse(rows[5]?.attrs as string)).toEqual({
      ...resourceAttrs,
      ...scope,
      'event.name': 'order.placed',
    });
    const found = harness.db
      .prepare(
        `SELECT message FROM logs WHERE id IN (SELECT rowid FROM logs_fts WHERE logs_fts MATCH '"declined"')`,
      )
      .all();
    expect(found).toEqual([{ message: '{"order":42,"reason":"card declined"}' }]);
  });

  it('stores counters, gauges, histograms and exponential histograms as series of points', async () => {
    const harness = await startHarness();
    const reader = new ManualReader();
    const provider = new MeterProvider({
      resource,
      readers: [reader],
      views: [
        { instrumentName: 'payload.size', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } },
      ],
    });
    const meter = provider.getMeter('shop.metrics');
    const requests = meter.createCounter('http.requests');
    requests.add(3, { route: '/cart' });
    requests.add(2, { route: '/cart' });
    requests.add(1, { route: '/pay' });
    meter.createGauge('queue.depth').record(7, { queue: 'emails' });
    meter.createUpDownCounter('db.connections').add(4);
    const duration = meter.createHistogram('http.duration', {
      unit: 'ms',
      advice: { explicitBucketBoundaries: [10, 100] },
    });
    for (const value of [5, 50, 500]) duration.record(value, { route: '/cart' });
    const size = meter.createHistogram('payload.size', { unit: 'By' });
    size.record(100);
    size.record(300);
    const { resourceMetrics, errors } = await reader.collect();
    expect(errors).toEqual([]);
    const Exporter = transport.encoding === 'json' ? JsonMetricExporter : ProtoMetricExporter;
    await exportOnce(new Exporter(exporterConfig(harness.url, 'metrics', transport)), resourceMetrics);
    await provider.shutdown();

    expectWire(harness, 'metrics', transport);
    expect(harness.ingested).toEqual([
      { signal: 'metrics', received: 6, rejected: 0, rejectionMessage: '', written: 11 },
    ]);
    const ts = (name: string) => pointTime(resourceMetrics, name);
    const svc = { 'service.name': 'checkout' };
    const cart = { route: '/cart', ...svc };
    const point = (
      name: string,
      at: number,
      labels: object,
      kind: string,
      unit: string | null,
      value: number,
    ) => ({
      name,
      labels,
      kind,
      unit,
      service: 'checkout',
      ts: at,
      value,
    });
    const expected = [
      point('http.requests', ts('http.requests'), cart, 'counter', null, 5),
      point('http.requests', ts('http.requests'), { route: '/pay', ...svc }, 'counter', null, 1),
      point('queue.depth', ts('queue.depth'), { queue: 'emails', ...svc }, 'gauge', null, 7),
      point('db.connections', ts('db.connections'), svc, 'gauge', null, 4),
      point('http.duration_count', ts('http.duration'), cart, 'counter', null, 3),
      point('http.duration_sum', ts('http.duration'), cart, 'counter', 'ms', 555),
      point('http.duration_bucket', ts('http.duration'), { ...cart, le: '10' }, 'histogram', null, 1),
      point('http.duration_bucket', ts('http.duration'), { ...cart, le: '100' }, 'histogram', null, 2),
      point('http.duration_bucket', ts('http.duration'), { ...cart, le: '+Inf' }, 'histogram', null, 3),
      point('payload.size_count', ts('payload.size'), svc, 'counter', null, 2),
      point('payload.size_sum', ts('payload.size'), svc, 'counter', 'By', 400),
    ];
    const rows = (
      harness.db
        .prepare(
          `SELECT s.name, s.labels, s.kind, s.unit, s.service, p.ts, p.value
           FROM metric_points p JOIN metric_series s ON s.id = p.series_id`,
        )
        .all() as { labels: string }[]
    ).map((r) => ({ ...r, labels: JSON.parse(r.labels) as unknown }));
    expect(rows).toHaveLength(expected.length);
    expect(rows).toEqual(expect.arrayContaining(expected));
    expect(harness.db.prepare('SELECT DISTINCT source FROM metric_series').all()).toEqual([
      { source: 'otlp' },
    ]);
  });
});

function pointTime(resourceMetrics: ResourceMetrics, name: string): number {
  for (const scope of resourceMetrics.scopeMetrics) {
    const metric = scope.metrics.find((m) => m.descriptor.name === name);
    const first = metric?.dataPoints[0];
    if (first) return micros(first.endTime);
  }
  throw new Error(`no data point for ${name}`);
}

describe('the official OTLP/JSON examples (opentelemetry-proto examples/)', () => {
  it('trace.json: one server span with upper-case hex ids stored in lower case', async () => {
    const harness = await startHarness();
    const reply = await postJson(`${harness.url}/v1/traces`, fixture('trace.json').toString());
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(reply.body.toString())).toEqual({});
    const rows = harness.db.prepare('SELECT * FROM spans').all() as Record<string, unknown>[];
    expect(rows).toEqual([
      expect.objectContaining({
        trace_id: '5b8efff798038103d269b633813fc60c',
        span_id: 'eee19b7ec3c1b174',
        parent_span_id: 'eee19b7ec3c1b173',
        source: 'otlp',
        service: 'my.service',
        name: "I'm a server span",
        kind: 'server',
        start_ts: 1_544_712_660_000_000,
        duration_us: 1_000_000,
        status: 'unset',
        events: null,
      }),
    ]);
    expect(JSON.parse(rows[0]?.attrs as string)).toEqual({
      'service.name': 'my.service',
      'otel.scope.name': 'my.library',
      'otel.scope.version': '1.0.0',
      'my.span.attr': 'some value',
    });
  });

  it('logs.json: a record with every attribute type, flattened to plain JSON', async () => {
    const harness = await startHarness();
    const reply = await postJson(`${harness.url}/v1/logs`, fixture('logs.json').toString());
    expect(reply.status).toBe(200);
    const rows = harness.db.prepare('SELECT * FROM logs').all() as Record<string, unknown>[];
    expect(rows).toEqual([
      expect.objectContaining({
        source: 'otlp',
        stream: 'my.service',
        ts: 1_544_712_660_300_000,
        service: 'my.service',
        level: 'info',
        message: 'Example log record',
        trace_id: '5b8efff798038103d269b633813fc60c',
        span_id: 'eee19b7ec3c1b174',
      }),
    ]);
    expect(JSON.parse(rows[0]?.attrs as string)).toEqual({
      'service.name': 'my.service',
      'otel.scope.name': 'my.library',
      'otel.scope.version': '1.0.0',
      'string.attribute': 'some string',
      'boolean.attribute': true,
      'int.attribute': 10,
      'double.attribute': 637.704,
      'array.attribute': ['many', 'values'],
      'map.attribute': { 'some.map.key': 'some value' },
    });
  });

  it('events.json: an event record whose structured body becomes its JSON message', async () => {
    const harness = await startHarness();
    const reply = await postJson(`${harness.url}/v1/logs`, fixture('events.json').toString());
    expect(reply.status).toBe(200);
    const rows = harness.db.prepare('SELECT ts, level, message, attrs, trace_id FROM logs').all() as Record<
      string,
      unknown
    >[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ ts: 1_544_712_660_300_000, level: 'info', trace_id: null });
    expect(JSON.parse(rows[0]?.message as string)).toEqual({
      type: 0,
      url: 'https://www.guidgenerator.com/online-guid-generator.aspx',
      referrer: 'https://wwww.google.com',
      title: 'Free Online GUID Generator',
    });
    expect(JSON.parse(rows[0]?.attrs as string)).toMatchObject({
      'event.name': 'browser.page_view',
      'event.attribute': 'some event attribute',
    });
  });

  it('metrics.json: a delta counter, a gauge, a histogram and an exponential histogram', async () => {
    const harness = await startHarness();
    const reply = await postJson(`${harness.url}/v1/metrics`, fixture('metrics.json').toString());
    expect(reply.status).toBe(200);
    expect(harness.ingested).toEqual([
      { signal: 'metrics', received: 4, rejected: 0, rejectionMessage: '', written: 8 },
    ]);
    const rows = harness.db
      .prepare(
        `SELECT s.name, s.labels, s.kind, s.unit, p.ts, p.value
         FROM metric_points p JOIN metric_series s ON s.id = p.series_id ORDER BY s.name, s.labels`,
      )
      .all();
    const at = 1_544_712_660_300_000;
    const labels = (attr: string, extra: Record<string, string> = {}) =>
      JSON.stringify(
        Object.fromEntries(
          Object.entries({ [attr]: 'some value', ...extra, 'service.name': 'my.service' }).sort(),
        ),
      );
    expect(rows).toEqual([
      { name: 'my.counter', labels: labels('my.counter.attr'), kind: 'gauge', unit: '1', ts: at, value: 5 },
      {
        name: 'my.exponential.histogram_count',
        labels: labels('my.exponential.histogram.attr'),
        kind: 'gauge',
        unit: null,
        ts: at,
        value: 3,
      },
      {
        name: 'my.exponential.histogram_sum',
        labels: labels('my.exponential.histogram.attr'),
        kind: 'gauge',
        unit: '1',
        ts: at,
        value: 10,
      },
      { name: 'my.gauge', labels: labels('my.gauge.attr'), kind: 'gauge', unit: '1', ts: at, value: 10 },
      {
        name: 'my.histogram_bucket',
        labels: labels('my.histogram.attr', { le: '+Inf' }),
        kind: 'histogram',
        unit: null,
        ts: at,
        value: 2,
      },
      {
        name: 'my.histogram_bucket',
        labels: labels('my.histogram.attr', { le: '1' }),
        kind: 'histogram',
        unit: null,
        ts: at,
        value: 1,
      },
      {
        name: 'my.histogram_count',
        labels: labels('my.histogram.attr'),
        kind: 'gauge',
        unit: null,
        ts: at,
        value: 2,
      },
      {
        name: 'my.histogram_sum',
        labels: labels('my.histogram.attr'),
        kind: 'gauge',
        unit: '1',
        ts: at,
        value: 2,
      },
    ]);
  });

  it('ingestOtlpJson reads the same files for import, and a re-import adds nothing', () => {
    const db = openDb();
    const results = ['trace.json', 'logs.json', 'events.json', 'metrics.json'].map((name) => {
      const payload: unknown = JSON.parse(fixture(name).toString());
      const signal = detectOtlpSignal(payload);
      if (!signal) throw new Error(`${name} carries no OTLP signal`);
      return [ingestOtlpJson(db, signal, payload), ingestOtlpJson(db, signal, payload)];
    });
    expect(results.map(([first, again]) => [first?.signal, first?.written, again?.written])).toEqual([
      ['traces', 1, 0],
      ['logs', 1, 0],
      ['logs', 1, 0],
      ['metrics', 8, 8],
    ]);
    const counts = db
      .prepare(
        `SELECT (SELECT count(*) FROM spans) AS spans, (SELECT count(*) FROM logs) AS logs,
           (SELECT count(*) FROM metric_points) AS points`,
      )
      .get();
    expect(counts).toEqual({ spans: 1, logs: 2, points: 8 });
    expect(detectOtlpSignal({ spans: [] })).toBeNull();
  });
});

describe('ingestOtlpJson', () => {
  it('times a log record that carries no time by its receipt, and names an unnamed service unknown_service', () => {
    const db = openDb();
    const result = ingestOtlpJson(
      db,
      'logs',
      {
        resourceLogs: [
          {
            scopeLogs: [
              {
                logRecords: [
                  { severityText: 'Information', body: { stringValue: 'no clock here' } },
                  { observedTimeUnixNano: '1700000000000001999', severityNumber: 'SEVERITY_NUMBER_WARN2' },
                ],
              },
            ],
          },
        ],
      },
      { now: () => 1_700_000_123_000_000 },
    );
    expect(result).toEqual({ signal: 'logs', received: 2, rejected: 0, rejectionMessage: '', written: 2 });
    expect(db.prepare('SELECT ts, service, stream, level, message FROM logs ORDER BY ts').all()).toEqual([
      {
        ts: 1_700_000_000_000_001,
        service: 'unknown_service',
        stream: 'unknown_service',
        level: 'warn',
        message: '',
      },
      {
        ts: 1_700_000_123_000_000,
        service: 'unknown_service',
        stream: 'unknown_service',
        level: 'info',
        message: 'no clock here',
      },
    ]);
  });
});

const statusProto = protobuf
  .parse('syntax = "proto3"; package google.rpc; message Status { int32 code = 1; string message = 2; }')
  .root.lookupType('google.rpc.Status');

function jsonSpan(overrides: Record<string, unknown> = {}) {
  return {
    traceId: '5b8efff798038103d269b633813fc60c',
    spanId: 'eee19b7ec3c1b174',
    name: 'work',
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000001000000',
    ...overrides,
  };
}

const tracesWith = (spans: unknown[]) => ({
  resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans }] }],
});

const countRows = (db: Db, table: string) =>
  (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('requests the receiver refuses', () => {
  it('answers malformed JSON with 400 and a google.rpc.Status', async () => {
    const harness = await startHarness();
    const reply = await postJson(`${harness.url}/v1/traces`, '{"resourceSpans": [');
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(reply.body.toString())).toEqual({
      code: 3,
      message: expect.stringMatching(/not valid JSON/),
    });
  });

  it('answers a payload of the wrong shape with 400 naming the field, and writes none of it', async () => {
    const harness = await startHarness();
    const reply = await postJson(
      `${harness.url}/v1/traces`,
      tracesWith([jsonSpan(), jsonSpan({ spanId: 'eee19b7ec3c1b175', startTimeUnixNano: 'yesterday' })]),
    );
    expect(reply.status).toBe(400);
    const status = JSON.parse(reply.body.toString()) as { code: number; message: string };
    expect(status.code).toBe(3);
    expect(status.message).toContain('resourceSpans[0].scopeSpans[0].spans[1].startTimeUnixNano');
    expect(countRows(harness.db, 'spans')).toBe(0);
    expect(harness.ingested).toEqual([]);
  });

  it('answers a protobuf body that does not decode with 400 and a protobuf Status', async () => {
    const harness = await startHarness();
    const reply = await post(`${harness.url}/v1/logs`, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), {
      'content-type': 'application/x-protobuf',
    });
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toBe('application/x-protobuf');
    const status = statusProto.toObject(statusProto.decode(reply.body)) as { code: number; message: string };
    expect(status.code).toBe(3);
    expect(status.message).toMatch(/not a protobuf ExportLogsServiceRequest/);
    expect(countRows(harness.db, 'logs')).toBe(0);
  });

  it('answers text/plain with 415, GET with 405, an unknown path with 404 and a web page with 403', async () => {
    const harness = await startHarness();
    const plain = await post(`${harness.url}/v1/traces`, 'hello', { 'content-type': 'text/plain' });
    expect(plain.status).toBe(415);
    expect(JSON.parse(plain.body.toString())).toMatchObject({ code: 3 });
    const get = await fetch(`${harness.url}/v1/metrics`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const unknown = await postJson(`${harness.url}/v1/profiles`, {});
    expect(unknown.status).toBe(404);
    const fromPage = await post(`${harness.url}/v1/logs`, '{}', {
      'content-type': 'application/json',
      origin: 'https://evil.example',
    });
    expect(fromPage.status).toBe(403);
    const deflate = await post(`${harness.url}/v1/logs`, zlib.deflateSync('{}'), {
      'content-type': 'application/json',
      'content-encoding': 'deflate',
    });
    expect(deflate.status).toBe(415);
  });

  it('answers bodies over the limit with 413, compressed or not, and a corrupt gzip body with 400', async () => {
    const harness = await startHarness({ maxBodyBytes: 64 * 1024 });
    const padded = JSON.stringify({ resourceSpans: [], padding: 'x'.repeat(70 * 1024) });
    expect((await postJson(`${harness.url}/v1/traces`, padded)).status).toBe(413);
    const chunked = await fetch(`${harness.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Blob([padded]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    const bomb = zlib.gzipSync(Buffer.from(padded));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const reply = await post(`${harness.url}/v1/traces`, bomb, {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body.toString())).toMatchObject({ code: 8 });
    const corrupt = await post(`${harness.url}/v1/traces`, Buffer.from('not gzip at all'), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(corrupt.status).toBe(400);
    const small = zlib.gzipSync(Buffer.from(JSON.stringify(tracesWith([jsonSpan()]))));
    const ok = await post(`${harness.url}/v1/traces`, small, {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(ok.status).toBe(200);
    expect(countRows(harness.db, 'spans')).toBe(1);
  });

  it('stores the valid items of a request and reports the rest as a partial success', async () => {
    const harness = await startHarness();
    const traces = await postJson(
      `${harness.url}/v1/traces`,
      tracesWith([
        jsonSpan(),
        jsonSpan({ traceId: '00000000000000000000000000000000' }),
        jsonSpan({ spanId: 'eee19b7ec3c1b176', endTimeUnixNano: '0' }),
      ]),
    );
    expect(traces.status).toBe(200);
    expect(JSON.parse(traces.body.toString())).toEqual({
      partialSuccess: {
        rejectedSpans: '2',
        errorMessage:
          'resourceSpans[0].scopeSpans[0].spans[1]: traceId must be 16 bytes and not all zero; ' +
          'resourceSpans[0].scopeSpans[0].spans[2]: endTimeUnixNano is missing',
      },
    });
    expect(countRows(harness.db, 'spans')).toBe(1);

    const metrics = await postJson(`${harness.url}/v1/metrics`, {
      resourceMetrics: [
        {
          scopeMetrics: [
            {
              metrics: [
                {
                  name: 'temperature',
                  gauge: {
                    dataPoints: [
                      { timeUnixNano: '1700000000000000000', asDouble: 21.5 },
                      { asDouble: 22 },
                      { timeUnixNano: '1700000001000000000' },
                      { timeUnixNano: '1700000002000000000', asInt: '23', flags: 1 },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
    });
    expect(metrics.status).toBe(200);
    expect(JSON.parse(metrics.body.toString())).toEqual({
      partialSuccess: {
        rejectedDataPoints: '2',
        errorMessage:
          'resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[1]: timeUnixNano is missing; ' +
          'resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[2]: neither asDouble nor asInt is set',
      },
    });
    const points = harness.db.prepare('SELECT ts, value FROM metric_points').all();
    expect(points).toEqual([{ ts: 1_700_000_000_000_000, value: 21.5 }]);
    const series = harness.db.prepare('SELECT service, labels FROM metric_series').get();
    expect(series).toEqual({ service: 'unknown_service', labels: '{"service.name":"unknown_service"}' });
  });

  it('answers 503 with Retry-After while another writer holds the workspace, and stores the retry', async () => {
    const harness = await startHarness();
    harness.db.pragma('busy_timeout = 0');
    const other = openWorkspaceDb(harness.db.name).db;
    cleanups.push(() => {
      other.close();
    });
    other.exec('BEGIN IMMEDIATE');
    const busy = await postJson(`${harness.url}/v1/traces`, tracesWith([jsonSpan()]));
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('1');
    expect(JSON.parse(busy.body.toString())).toMatchObject({ code: 14 });
    other.exec('COMMIT');
    const retried = await postJson(`${harness.url}/v1/traces`, tracesWith([jsonSpan()]));
    expect(retried.status).toBe(200);
    expect(countRows(harness.db, 'spans')).toBe(1);
  });

  it('ingestOtlpJson throws an invalid_args AppError naming the field and writes nothing', () => {
    const db = openDb();
    const bad = tracesWith([jsonSpan(), jsonSpan({ traceId: 'not-hex' })]);
    expect(() => ingestOtlpJson(db, 'traces', bad)).toThrow(AppError);
    expect(() => ingestOtlpJson(db, 'traces', bad)).toThrow(
      /resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[1\]\.traceId: expected a hex string/,
    );
    expect(() => ingestOtlpJson(db, 'logs', [])).toThrow(/Not a valid OTLP logs export request/);
    expect(countRows(db, 'spans')).toBe(0);
  });
});

describe('startOtlpReceiver', () => {
  it('listens on loopback, refuses a port in use with a clear error, and frees the port on close', async () => {
    const db = openDb();
    const receiver = await startOtlpReceiver(db, { port: 0 });
    const url = `http://127.0.0.1:${receiver.port}`;
    expect((await postJson(`${url}/v1/traces`, tracesWith([jsonSpan()]))).status).toBe(200);
    expect(countRows(db, 'spans')).toBe(1);

    const clash = await startOtlpReceiver(db, { port: receiver.port }).catch((error: unknown) => error);
    expect(clash).toBeInstanceOf(AppError);
    expect((clash as AppError).message).toBe(
      `Port ${receiver.port} is already in use; choose another with --otlp-port`,
    );

    await receiver.close();
    const again = await startOtlpReceiver(db, { port: receiver.port, host: '127.0.0.1' });
    cleanups.push(() => again.close());
    expect(again.port).toBe(receiver.port);
  });
});
