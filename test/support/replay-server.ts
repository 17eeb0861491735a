import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the server saw it, kept so tests can check what a connector sent. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * What a route answers: JSON, plain text, or a fault. `hang` never answers; `drop` announces the whole body,
 * sends half of it and closes the connection; `truncate` sends a complete response whose JSON is cut in half.
 */
export type Reply =
  | { status?: number; json: unknown }
  | { status?: number; text: string }
  | { fault: 'hang' }
  | { fault: 'drop' | 'truncate'; json: unknown };

export type Handler = (request: RecordedRequest) => Reply | Promise<Reply>;

interface Route {
  method: string;
  path: string | RegExp;
  handler: Handler;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, reply: Reply): void {
  if ('fault' in reply) {
    if (reply.fault === 'hang') return;
    const whole = JSON.stringify(reply.json);
    const half = whole.slice(0, Math.floor(whole.length / 2));
    const length = Buffer.byteLength(reply.fault === 'truncate' ? half : whole);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': length });
    if (reply.fault === 'truncate') res.end(half);
    else res.write(half, () => res.socket?.destroy());
    return;
  }
  const isJson = 'json' in reply;
  const body = isJson ? JSON.stringify(reply.json) : reply.text;
  res.writeHead(reply.status ?? 200, {
    'content-type': isJson ? 'application/json' : 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** A loopback HTTP server answering registered routes (the latest registration wins) and recording requests. */
export class ReplayServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes: Route[] = [];

  private readonly server = http.createServer((req, res) => {
    void this.handle(req, res);
  });

  private constructor() {}

  static async start(): Promise<ReplayServer> {
    const replay = new ReplayServer();
    await new Promise<void>((resolve) => replay.server.listen(0, '127.0.0.1', resolve));
    return replay;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  route(method: string, path: string | RegExp, handler: Handler): this {
    this.routes.unshift({ method, path, handler });
    return this;
  }

  requestsTo(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && matches(path, r.path));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
    };
    this.requests.push(request);
    const route = this.routes.find((r) => r.method === request.method && matches(r.path, request.path));
    let reply: Reply;
    try {
      reply = route
        ? await route.handler(request)
        : { status: 404, text: `no route for ${request.method} ${request.path}` };
    } catch (error) {
      reply = { status: 500, text: `the test handler failed: ${String(error)}` };
    }
    send(res, reply);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve())),
    );
  }
}

function matches(pattern: string | RegExp, path: string): boolean {
  return typeof pattern === 'string' ? pattern === path : pattern.test(path);
}

export interface LokiEntry {
  labels: Record<string, string>;
  /** Nanoseconds since the epoch, as Loki writes them. */
  ns: string;
  line: string;
  /** Loki 3 structured metadata, sent as the entry's third element. */
  metadata?: Record<string, string>;
}

/**
 * Loki's query_range over a fixed set of entries: `start` inclusive, `end` exclusive, the first `limit` entries
 * in time order across all streams (direction=forward), grouped into streams.
 */
export function lokiQueryRange(entries: readonly LokiEntry[]): Handler {
  return (request) => {
    const start = BigInt(request.query.get('start') ?? '0');
    const end = BigInt(request.query.get('end') ?? '0');
    const limit = Number(request.query.get('limit') ?? '100');
    const picked = entries
      .filter((e) => BigInt(e.ns) >= start && BigInt(e.ns) < end)
      .sort((a, b) => (BigInt(a.ns) < BigInt(b.ns) ? -1 : BigInt(a.ns) > BigInt(b.ns) ? 1 : 0))
      .slice(0, limit);
    const streams = new Map<string, { stream: Record<string, string>; values: unknown[][] }>();
    for (const e of picked) {
      const key = JSON.stringify(Object.entries(e.labels).sort());
      const stream = streams.get(key) ?? { stream: e.labels, values: [] };
      stream.values.push(e.metadata ? [e.ns, e.line, e.metadata] : [e.ns, e.line]);
      streams.set(key, stream);
    }
    return {
      json: {
        status: 'success',
        data: {
          resultType: 'streams',
          result: [...streams.values()],
          stats: { summary: { totalEntriesReturned: picked.length } },
        },
      },
    };
  };
}

export interface EsDoc {
  index: string;
  id: string;
  /** The document's time in epoch milliseconds, which the fake sorts and filters on. */
  ms: number;
  source: Record<string, unknown>;
}

export interface EsFake {
  /** Points in time opened and not closed (by their latest id). */
  openPits(): number;
  /** Every point in time ever opened. */
  openedPits(): number;
}

function globToRegExp(pattern: string): RegExp {
  const parts = pattern.split(',').map((p) => p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*'));
  return new RegExp(`^(?:${parts.join('|')})$`);
}

interface EsSearchBody {
  size?: number;
  pit?: { id?: string };
  query?: { bool?: { filter?: { range?: Record<string, { gte?: number; lt?: number }> }[] } };
  sort?: Record<string, unknown>[];
  search_after?: (number | string)[];
}

/**
 * Serves the point-in-time flow of Elasticsearch (`POST /<index>/_pit`, `DELETE /_pit`) or OpenSearch
 * (`POST /<index>/_search/point_in_time`, `DELETE /_search/point_in_time`) and `POST /_search` with a range
 * filter, a sort on (time, tiebreaker) and `search_after`. Each search answers a new point-in-time id, as
 * Elasticsearch may, so only a client that keeps the latest id can close it.
 */
export function serveElasticsearch(
  server: ReplayServer,
  docs: readonly EsDoc[],
  flavor: 'elasticsearch' | 'opensearch' = 'elasticsearch',
): EsFake {
  const pits = new Map<string, { index: RegExp; open: boolean; latest: string }>();
  let opened = 0;
  let searches = 0;
  const openPath = flavor === 'opensearch' ? /^\/[^/]+\/_search\/point_in_time$/ : /^\/[^/]+\/_pit$/;
  server.route('POST', openPath, (request) => {
    const pattern = decodeURIComponent(request.path.split('/')[1] ?? '');
    const id = `pit-${++opened}`;
    pits.set(id, { index: globToRegExp(pattern), open: true, latest: id });
    return flavor === 'opensearch'
      ? {
          json: { pit_id: id, _shards: { total: 1, successful: 1, skipped: 0, failed: 0 }, creation_time: 1 },
        }
      : { json: { id } };
  });
  server.route('POST', '/_search', (request) => {
    const body = JSON.parse(request.body) as EsSearchBody;
    const pit = pits.get(body.pit?.id ?? '');
    if (!pit?.open) {
      return {
        status: 404,
        json: {
          error: { type: 'search_context_missing_exception', reason: 'No search context found for id' },
          status: 404,
        },
      };
    }
    const range = (body.query?.bool?.filter ?? []).map((f) => f.range).find(Boolean);
    const bounds = range ? Object.values(range)[0] : undefined;
    const tiebreaker = Object.keys(body.sort?.[1] ?? {})[0] ?? '_shard_doc';
    const sortOf = (doc: EsDoc, position: number): (number | string)[] => [
      doc.ms,
      tiebreaker === '_id' ? doc.id : position,
    ];
    const after = body.search_after;
    const hits = docs
      .map((doc, position) => ({ doc, sort: sortOf(doc, position) }))
      .filter(({ doc }) => pit.index.test(doc.index))
      .filter(
        ({ doc }) =>
          (bounds?.gte === undefined || doc.ms >= bounds.gte) &&
          (bounds?.lt === undefined || doc.ms < bounds.lt),
      )
      .sort((a, b) => compareSort(a.sort, b.sort))
      .filter(({ sort }) => !after || compareSort(sort, after) > 0)
      .slice(0, body.size ?? 10);
    const next = `${pit.latest.split('.')[0]}.${++searches}`;
    pits.delete(pit.latest);
    pit.latest = next;
    pits.set(next, pit);
    return {
      json: {
        pit_id: next,
        took: 1,
        timed_out: false,
        _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
        hits: {
          max_score: null,
          hits: hits.map(({ doc, sort }) => ({
            _index: doc.index,
            _id: doc.id,
            _score: null,
            _source: doc.source,
            sort,
          })),
        },
      },
    };
  });
  const close = (id: string) => {
    const pit = pits.get(id);
    if (pit) pit.open = false;
    return Boolean(pit);
  };
  if (flavor === 'opensearch') {
    server.route('DELETE', '/_search/point_in_time', (request) => {
      const ids = (JSON.parse(request.body) as { pit_id: string[] }).pit_id;
      return { json: { pits: ids.map((id) => ({ pit_id: id, successful: close(id) })) } };
    });
  } else {
    server.route('DELETE', '/_pit', (request) => {
      const freed = close((JSON.parse(request.body) as { id: string }).id);
      return { json: { succeeded: true, num_freed: freed ? 1 : 0 } };
    });
  }
  return {
    openPits: () => [...pits.values()].filter((p) => p.open).length,
    openedPits: () => opened,
  };
}

function compareSort(a: readonly (number | string)[], b: readonly (number | string)[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

export interface JaegerTraceJson {
  traceID: string;
  spans: {
    traceID: string;
    spanID: string;
    operationName: string;
    references: { refType: string; traceID: string; spanID: string }[];
    startTime: number;
    duration: number;
    tags: { key: string; type: string; value: unknown }[];
    logs: { timestamp: number; fields: { key: string; type: string; value: unknown }[] }[];
    processID: string;
  }[];
  processes: Record<string, { serviceName: string; tags: { key: string; type: string; value: unknown }[] }>;
}

/**
 * Jaeger's trace search over fixed traces: those with a span of `service` (and `operation`) starting within
 * [start, end] µs, newest first, at most `limit`.
 */
export function jaegerSearch(traces: readonly JaegerTraceJson[]): Handler {
  return (request) => {
    const service = request.query.get('service');
    if (!service) {
      return {
        status: 400,
        json: {
          data: null,
          total: 0,
          limit: 0,
          offset: 0,
          errors: [{ code: 400, msg: "parameter 'service' is required" }],
        },
      };
    }
    const operation = request.query.get('operation');
    const start = Number(request.query.get('start'));
    const end = Number(request.query.get('end'));
    const limit = Number(request.query.get('limit') ?? '20');
    const matching = traces.filter((trace) =>
      trace.spans.some(
        (span) =>
          trace.processes[span.processID]?.serviceName === service &&
          (!operation || span.operationName === operation) &&
          span.startTime >= start &&
          span.startTime <= end,
      ),
    );
    const firstStart = (trace: JaegerTraceJson) => Math.min(...trace.spans.map((s) => s.startTime));
    const data = [...matching].sort((a, b) => firstStart(b) - firstStart(a)).slice(0, limit);
    return { json: { data, total: data.length, limit: 0, offset: 0, errors: null } };
  };
}

export interface TempoTrace {
  /** 32 hex digits. */
  traceId: string;
  rootServiceName: string;
  startNs: string;
  durationMs: number;
  /** The trace as Tempo's trace-by-id answers it: OTLP JSON resource spans, ids in base64. */
  batches: unknown[];
}

/**
 * Serves Tempo's search (traces starting within [start, end] seconds, at most `limit`, trace ids without leading
 * zeros as Tempo prints them) and trace-by-id (`{batches}`, or 404 with a plain-text body).
 */
export function serveTempo(server: ReplayServer, traces: readonly TempoTrace[]): void {
  server.route('GET', '/api/search', (request) => {
    const start = BigInt(request.query.get('start') ?? '0') * 1_000_000_000n;
    const end = BigInt(request.query.get('end') ?? '0') * 1_000_000_000n;
    const limit = Number(request.query.get('limit') ?? '20');
    const found = traces
      .filter((t) => BigInt(t.startNs) >= start && BigInt(t.startNs) <= end)
      .slice(0, limit)
      .map((t) => ({
        traceID: t.traceId.replace(/^0+/, ''),
        rootServiceName: t.rootServiceName,
        rootTraceName: 'root',
        startTimeUnixNano: t.startNs,
        durationMs: t.durationMs,
      }));
    return { json: { traces: found, metrics: { inspectedTraces: traces.length, inspectedBytes: '1000' } } };
  });
  server.route('GET', /^\/api\/traces\/[0-9a-f]+$/, (request) => {
    const id = request.path.split('/').at(-1) ?? '';
    const trace = traces.find((t) => t.traceId === id.padStart(32, '0'));
    return trace ? { json: { batches: trace.batches } } : { status: 404, text: 'trace not found' };
  });
}
