import type { SpanKind, SpanRow } from '../db/writers/spans';
import { Rng, weighted } from './prng';
import {
  checkoutFailure,
  DEMO_SOURCE,
  gatewayFailure,
  GATEWAY_TIMEOUT_MS,
  intensity,
  podAt,
  podCount,
  podPoolWaiting,
  podSaturation,
  POOL_TIMEOUT_MS,
  poolTimeoutMessage,
  poolWaitMs,
  SECOND,
  traffic,
  warmupLoad,
  WINDOW_FROM,
  WINDOW_TO,
  type CheckoutFailure,
  type PodInfo,
  type ServiceName,
} from './scenario';
import * as vocab from './vocab';

const TRACE_COUNT = 5000;

export type Flow = 'checkout' | 'cart' | 'product' | 'search' | 'order-status';

/** A server span as the logs see it: one access-log line, plus whatever the service says about it. */
export interface Hop {
  service: ServiceName;
  spanId: string;
  method: string;
  path: string;
  route: string;
  status: number;
  endTs: number;
  durationUs: number;
  pod: PodInfo;
  /** The service the gateway forwarded to. */
  upstream: ServiceName | null;
}

/** Who asked for what: the ids and outcome a request carries through every service it touches. */
export interface RequestContext {
  flow: Flow;
  /** The checkout pod that serves the request, if it goes through checkout: its version decides its fate. */
  checkoutPod: PodInfo;
  failure: CheckoutFailure | null;
  poolWaitMs: number;
  poolWaiting: number;
  clientIp: string;
  userAgent: string;
  requestId: string;
  customerId: string;
  orderId: string;
  cartId: string;
  paymentId: string;
  sku: string;
  quantity: number;
  amount: string;
  searchTerm: string;
  category: string;
  cacheHit: boolean;
}

export interface DemoTrace extends RequestContext {
  traceId: string;
  startTs: number;
  hops: Hop[];
}

export function touchesCheckout(flow: Flow): boolean {
  return flow === 'checkout' || flow === 'cart' || flow === 'order-status';
}

/** A request's ids and fate at a time: failures follow the scenario for flows that go through checkout. */
export function randomContext(rng: Rng, ts: number, flow: Flow): RequestContext {
  const checkoutPod = podAt('checkout', rng.int(0, podCount('checkout') - 1), ts);
  const level = podSaturation(checkoutPod, ts);
  let failure: CheckoutFailure | null = null;
  if (touchesCheckout(flow)) {
    failure = gatewayFailure(level, rng.next()) ?? checkoutFailure(level, rng.next());
    if (failure === 'lock-conflict' && flow !== 'checkout') failure = null;
  }
  return {
    flow,
    checkoutPod,
    failure,
    poolWaitMs: touchesCheckout(flow) ? poolWaitMs(level, rng.next()) : 0,
    poolWaiting: Math.max(1, Math.round(podPoolWaiting(level, ts) * rng.range(0.6, 1.4))),
    clientIp: vocab.clientIp(rng),
    userAgent: rng.pick(vocab.USER_AGENTS),
    requestId: vocab.requestId(rng),
    customerId: vocab.customerId(rng),
    orderId: vocab.orderId(rng),
    cartId: vocab.cartId(rng),
    paymentId: vocab.paymentId(rng),
    sku: vocab.sku(rng),
    quantity: rng.int(1, 4),
    amount: vocab.amount(rng),
    searchTerm: rng.pick(vocab.SEARCH_TERMS),
    category: rng.pick(vocab.CATEGORIES),
    cacheHit: rng.chance(0.55),
  };
}

export interface GeneratedTraces {
  traces: DemoTrace[];
  spans: SpanRow[];
}

const DB_PEER =
  '"db.system":"postgresql","db.name":"shop","net.peer.name":"orders-db.shop.svc.cluster.local","net.peer.port":5432,"peer.service":"postgres"';

const POOL_TIMEOUT_TYPE = 'java.sql.SQLTransientConnectionException';
const STATEMENT_TIMEOUT = 'ERROR: canceling statement due to statement timeout';

/** Builds one trace's spans; times only move forward, so every child ends inside its parent. */
class TraceBuilder {
  readonly spans: SpanRow[] = [];
  readonly hops: Hop[] = [];

  constructor(
    private readonly rng: Rng,
    readonly traceId: string,
  ) {}

  start(
    service: ServiceName,
    name: string,
    kind: SpanKind,
    startTs: number,
    parent: SpanRow | null,
  ): SpanRow {
    const span: SpanRow = {
      traceId: this.traceId,
      spanId: this.rng.hex(16),
      parentSpanId: parent?.spanId ?? null,
      source: DEMO_SOURCE,
      service,
      name,
      kind,
      startTs: Math.round(startTs),
      durationUs: 0,
      status: 'unset',
    };
    this.spans.push(span);
    return span;
  }

  end(span: SpanRow, endTs: number, attrs: string, error?: { message: string; type?: string }): number {
    span.durationUs = Math.max(1, Math.round(endTs) - span.startTs);
    span.attrs = attrs;
    if (error) {
      span.status = 'error';
      span.statusMessage = error.message;
      if (error.type) {
        span.events = `[{"name":"exception","ts":${span.startTs + span.durationUs},"attrs":{"exception.type":"${error.type}","exception.message":"${error.message}","exception.escaped":true}}]`;
      }
    }
    return span.startTs + span.durationUs;
  }

  /** Ends a server span and records it as a hop for the access logs. */
  endServer(
    span: SpanRow,
    endTs: number,
    hop: {
      method: string;
      path: string;
      route: string;
      status: number;
      pod: PodInfo;
      upstream?: ServiceName;
    },
    error?: { message: string; type?: string },
  ): number {
    const attrs = `{"http.method":"${hop.method}","http.route":"${hop.route}","http.target":"${hop.path}","http.status_code":${hop.status},"service.version":"${hop.pod.version}","k8s.pod.name":"${hop.pod.pod}","host.name":"${hop.pod.node}"}`;
    const end = this.end(span, endTs, attrs, error);
    this.hops.push({
      service: span.service as ServiceName,
      spanId: span.spanId,
      method: hop.method,
      path: hop.path,
      route: hop.route,
      status: hop.status,
      endTs: end,
      durationUs: span.durationUs,
      pod: hop.pod,
      upstream: hop.upstream ?? null,
    });
    return end;
  }
}

const clientAttrs = (method: string, peer: ServiceName, target: string, status: number, version: string) =>
  `{"http.method":"${method}","http.url":"http://${peer}.shop.svc.cluster.local:8080${target}","http.status_code":${status},"peer.service":"${peer}","service.version":"${version}"}`;

const dbAttrs = (operation: string, table: string, statement: string, version: string) =>
  `{${DB_PEER},"db.operation":"${operation}","db.sql.table":"${table}","db.statement":"${statement}","service.version":"${version}"}`;

interface Upstream {
  end: number;
  status: number;
}

class TraceGenerator {
  constructor(private readonly rng: Rng) {}

  private ms(min: number, max: number): number {
    return this.rng.range(min, max) * 1000;
  }

  private net(): number {
    return this.rng.range(250, 1400);
  }

  private pod(service: ServiceName, ts: number): PodInfo {
    return podAt(service, this.rng.int(0, podCount(service) - 1), ts);
  }

  /** A database call by `service` starting at `at`; returns its end. */
  private db(
    b: TraceBuilder,
    service: ServiceName,
    parent: SpanRow,
    at: number,
    op: string,
    table: string,
    statement: string,
    version: string,
    durationMs: number,
    error?: string,
  ): number {
    const span = b.start(service, `${op} shop.${table}`, 'client', at, parent);
    return b.end(
      span,
      at + durationMs * 1000,
      dbAttrs(op, table, statement, version),
      error ? { message: error, type: 'org.postgresql.util.PSQLException' } : undefined,
    );
  }

  /** Inventory handling a call from checkout or the gateway. */
  private inventory(
    b: TraceBuilder,
    t: DemoTrace,
    parent: SpanRow,
    at: number,
    method: string,
    path: string,
    route: string,
  ): Upstream {
    const pod = this.pod('inventory', at);
    const span = b.start('inventory', `${method} ${route}`, 'server', at, parent);
    const slow = 1 + 3 * warmupLoad(at);
    let c = at + this.ms(0.2, 0.9) * slow;
    if (route === '/inventory/reserve') {
      c = this.db(
        b,
        'inventory',
        span,
        c,
        'UPDATE',
        'stock',
        'UPDATE stock SET reserved = reserved + $1 WHERE sku = $2 AND available >= $1',
        pod.version,
        this.rng.logNormal(2.2, 0.4) * slow,
      );
    } else if (route === '/api/search') {
      c = this.db(
        b,
        'inventory',
        span,
        c,
        'SELECT',
        'products',
        'SELECT id, title, price_cents FROM products WHERE search_vector @@ plainto_tsquery($1) LIMIT 48',
        pod.version,
        this.rng.logNormal(9, 0.5) * slow,
      );
    } else if (!t.cacheHit) {
      c = this.db(
        b,
        'inventory',
        span,
        c,
        'SELECT',
        route === '/inventory/availability' ? 'stock' : 'products',
        route === '/inventory/availability'
          ? 'SELECT sku, available FROM stock WHERE sku = ANY($1)'
          : 'SELECT * FROM products WHERE sku = $1',
        pod.version,
        this.rng.logNormal(1.6, 0.4) * slow,
      );
    }
    const end = b.endServer(span, c + this.ms(0.2, 1.5) * slow, { method, path, route, status: 200, pod });
    return { end, status: 200 };
  }

  /** Payments handling a call from checkout. */
  private payments(
    b: TraceBuilder,
    parent: SpanRow,
    at: number,
    method: string,
    path: string,
    route: string,
  ): Upstream {
    const pod = this.pod('payments', at);
    const span = b.start('payments', `${method} ${route}`, 'server', at, parent);
    let c = at + this.ms(0.2, 0.8);
    if (route === '/payments/authorize') {
      // The PSP call is outside our tracing; it shows as the gap before the insert.
      c += this.rng.logNormal(140, 0.45) * 1000;
      c = this.db(
        b,
        'payments',
        span,
        c,
        'INSERT',
        'payments',
        'INSERT INTO payments (id, order_id, amount_cents, currency, status, psp_reference) VALUES ($1, $2, $3, $4, $5, $6)',
        pod.version,
        this.rng.logNormal(2.5, 0.4),
      );
    } else {
      c = this.db(
        b,
        'payments',
        span,
        c,
        'SELECT',
        'payments',
        'SELECT id, status, amount_cents FROM payments WHERE order_id = $1',
        pod.version,
        this.rng.logNormal(1.4, 0.4),
      );
    }
    const end = b.endServer(span, c + this.ms(0.2, 1.0), { method, path, route, status: 200, pod });
    return { end, status: 200 };
  }

  /** A client span from checkout to another service. */
  private call(
    b: TraceBuilder,
    parent: SpanRow,
    at: number,
    version: string,
    peer: 'inventory' | 'payments',
    method: string,
    path: string,
    route: string,
    t: DemoTrace,
  ): number {
    const span = b.start('checkout', `${method} ${route}`, 'client', at, parent);
    const start = at + this.net();
    const res =
      peer === 'inventory'
        ? this.inventory(b, t, span, start, method, path, route)
        : this.payments(b, span, start, method, path, route);
    return b.end(span, res.end + this.net(), clientAttrs(method, peer, path, res.status, version));
  }

  /** Checkout handling a request from the gateway: the service the incident is about. */
  private checkout(
    b: TraceBuilder,
    t: DemoTrace,
    parent: SpanRow,
    at: number,
    method: string,
    path: string,
    route: string,
  ): Upstream {
    const pod = t.checkoutPod;
    const span = b.start('checkout', `${method} ${route}`, 'server', at, parent);
    const hop = { method, path, route, pod };
    if (t.failure === 'pool-timeout') {
      const end = at + POOL_TIMEOUT_MS * 1000 + this.ms(1, 4);
      b.endServer(
        span,
        end,
        { ...hop, status: 500 },
        { message: poolTimeoutMessage(t.poolWaiting), type: POOL_TIMEOUT_TYPE },
      );
      return { end, status: 500 };
    }
    // Spring opens the transaction, and so takes a pool connection, before any work: the wait is this gap.
    let c = at + this.ms(0.3, 1.2) + t.poolWaitMs * 1000;
    const sqlTimeout = t.failure === 'sql-timeout';
    const dbMs = () => this.rng.logNormal(1.8, 0.45) * (1 + 0.4 * podSaturation(pod, at));
    if (t.flow === 'checkout') {
      c =
        this.call(
          b,
          span,
          c,
          pod.version,
          'inventory',
          'POST',
          '/inventory/reserve',
          '/inventory/reserve',
          t,
        ) + this.ms(0.1, 0.5);
      c =
        this.call(
          b,
          span,
          c,
          pod.version,
          'payments',
          'POST',
          '/payments/authorize',
          '/payments/authorize',
          t,
        ) + this.ms(0.1, 0.5);
      c = this.db(
        b,
        'checkout',
        span,
        c,
        'INSERT',
        'orders',
        'INSERT INTO orders (id, customer_id, total_cents, currency, status) VALUES ($1, $2, $3, $4, $5)',
        pod.version,
        sqlTimeout ? 3000 + this.rng.range(1, 6) : dbMs(),
        sqlTimeout ? STATEMENT_TIMEOUT : undefined,
      );
    } else if (t.flow === 'cart') {
      c = this.db(
        b,
        'checkout',
        span,
        c,
        'SELECT',
        'cart_items',
        'SELECT sku, quantity, unit_price_cents FROM cart_items WHERE cart_id = $1',
        pod.version,
        sqlTimeout ? 3000 + this.rng.range(1, 6) : dbMs(),
        sqlTimeout ? STATEMENT_TIMEOUT : undefined,
      );
      if (!sqlTimeout) {
        c = this.call(
          b,
          span,
          c + this.ms(0.1, 0.4),
          pod.version,
          'inventory',
          'GET',
          '/inventory/availability',
          '/inventory/availability',
          t,
        );
      }
    } else {
      c = this.db(
        b,
        'checkout',
        span,
        c,
        'SELECT',
        'orders',
        'SELECT id, status, total_cents, created_at FROM orders WHERE id = $1 AND customer_id = $2',
        pod.version,
        sqlTimeout ? 3000 + this.rng.range(1, 6) : dbMs(),
        sqlTimeout ? STATEMENT_TIMEOUT : undefined,
      );
      if (!sqlTimeout) {
        c = this.call(
          b,
          span,
          c + this.ms(0.1, 0.4),
          pod.version,
          'payments',
          'GET',
          `/payments/${t.paymentId}`,
          '/payments/{id}',
          t,
        );
      }
    }
    const end = c + this.ms(0.4, 2.5);
    if (sqlTimeout) {
      b.endServer(
        span,
        end,
        { ...hop, status: 500 },
        {
          message: `could not execute statement; ${STATEMENT_TIMEOUT}`,
          type: 'org.springframework.dao.QueryTimeoutException',
        },
      );
      return { end, status: 500 };
    }
    if (t.failure === 'lock-conflict') {
      const message = `Row was updated or deleted by another transaction (or unsaved-value mapping was incorrect): [com.shop.checkout.cart.Cart#${t.cartId}]`;
      b.endServer(
        span,
        end,
        { ...hop, status: 500 },
        { message, type: 'org.springframework.orm.ObjectOptimisticLockingFailureException' },
      );
      return { end, status: 500 };
    }
    b.endServer(span, end, { ...hop, status: 200 });
    return { end, status: 200 };
  }

  /** Browser → frontend → api-gateway → upstream, the shape every flow shares. */
  private frontDoor(
    b: TraceBuilder,
    t: DemoTrace,
    fe: { method: string; path: string; route: string },
    gw: { path: string; route: string; upstream: ServiceName },
    inner: (parent: SpanRow, at: number) => Upstream,
  ): void {
    const t0 = t.startTs;
    const fePod = this.pod('frontend', t0);
    const gwPod = this.pod('api-gateway', t0);
    const feSpan = b.start('frontend', `${fe.method} ${fe.route}`, 'server', t0, null);
    const feClient = b.start('frontend', fe.method, 'client', t0 + this.ms(0.4, 3), feSpan);
    const gwSpan = b.start(
      'api-gateway',
      `${fe.method} ${gw.route}`,
      'server',
      feClient.startTs + this.net(),
      feClient,
    );
    const gwClient = b.start(
      'api-gateway',
      `upstream ${gw.upstream}`,
      'client',
      gwSpan.startTs + this.rng.range(60, 300),
      gwSpan,
    );
    let status: number;
    let gwEnd: number;
    let gwError: string | undefined;
    if (t.failure === 'reset') {
      status = 502;
      gwError = 'upstream prematurely closed connection while reading response header from upstream';
      gwEnd = gwClient.startTs + this.ms(2, 2500);
    } else if (t.failure === 'gateway-timeout') {
      status = 504;
      gwError = 'upstream timed out (110: Connection timed out) while reading response header from upstream';
      gwEnd = gwClient.startTs + GATEWAY_TIMEOUT_MS * 1000;
    } else {
      const res = inner(gwClient, gwClient.startTs + this.net());
      status = res.status;
      gwEnd = res.end + this.net();
      if (status >= 500) gwError = `upstream ${gw.upstream} responded ${status}`;
    }
    const upstreamAttrs = `{"upstream_cluster":"${gw.upstream}","http.status_code":${status},"peer.service":"${gw.upstream}"}`;
    gwEnd = b.end(gwClient, gwEnd, upstreamAttrs, gwError ? { message: gwError } : undefined);
    gwEnd = b.endServer(
      gwSpan,
      gwEnd + this.rng.range(80, 500),
      { method: fe.method, path: gw.path, route: gw.route, status, pod: gwPod, upstream: gw.upstream },
      gwError ? { message: gwError } : undefined,
    );
    const clientEnd = b.end(
      feClient,
      gwEnd + this.net(),
      `{"http.method":"${fe.method}","http.url":"http://api-gateway.shop.svc.cluster.local${gw.path}","http.status_code":${status},"peer.service":"api-gateway"}`,
      status >= 500 ? { message: `Request failed with status code ${status}` } : undefined,
    );
    b.endServer(
      feSpan,
      clientEnd + this.ms(1.5, status >= 500 ? 6 : 24),
      { ...fe, status, pod: fePod },
      status >= 500 ? { message: `Upstream api-gateway responded ${status}`, type: 'AxiosError' } : undefined,
    );
  }

  trace(startTs: number, flow: Flow): { trace: DemoTrace; spans: SpanRow[] } {
    const t: DemoTrace = {
      ...randomContext(this.rng, startTs, flow),
      traceId: this.rng.hex(32),
      startTs,
      hops: [],
    };
    const b = new TraceBuilder(this.rng, t.traceId);
    switch (flow) {
      case 'checkout':
        this.frontDoor(
          b,
          t,
          { method: 'POST', path: '/checkout', route: '/checkout' },
          { path: '/api/checkout', route: '/api/checkout', upstream: 'checkout' },
          (p, at) => this.checkout(b, t, p, at, 'POST', '/api/checkout', '/api/checkout'),
        );
        break;
      case 'cart':
        this.frontDoor(
          b,
          t,
          { method: 'GET', path: '/cart', route: '/cart' },
          { path: '/api/cart', route: '/api/cart', upstream: 'checkout' },
          (p, at) => this.checkout(b, t, p, at, 'GET', '/api/cart', '/api/cart'),
        );
        break;
      case 'order-status':
        this.frontDoor(
          b,
          t,
          { method: 'GET', path: `/orders/${t.orderId}`, route: '/orders/:id' },
          { path: `/api/orders/${t.orderId}`, route: '/api/orders/{id}', upstream: 'checkout' },
          (p, at) => this.checkout(b, t, p, at, 'GET', `/api/orders/${t.orderId}`, '/api/orders/{id}'),
        );
        break;
      case 'product':
        this.frontDoor(
          b,
          t,
          { method: 'GET', path: `/products/${t.sku}`, route: '/products/:sku' },
          { path: `/api/products/${t.sku}`, route: '/api/products/{sku}', upstream: 'inventory' },
          (p, at) => this.inventory(b, t, p, at, 'GET', `/api/products/${t.sku}`, '/api/products/{sku}'),
        );
        break;
      case 'search':
        this.frontDoor(
          b,
          t,
          { method: 'GET', path: `/search?q=${t.searchTerm}`, route: '/search' },
          { path: `/api/search?q=${t.searchTerm}`, route: '/api/search', upstream: 'inventory' },
          (p, at) => this.inventory(b, t, p, at, 'GET', `/api/search?q=${t.searchTerm}`, '/api/search'),
        );
        break;
    }
    t.hops = b.hops;
    return { trace: t, spans: b.spans };
  }
}

const pickFlow = weighted<Flow>([
  ['checkout', 28],
  ['cart', 22],
  ['product', 26],
  ['search', 12],
  ['order-status', 12],
]);

/**
 * Trace start times follow traffic, with the incident over-represented the way tail-based sampling keeps
 * slow and failed traces.
 */
function traceStarts(rng: Rng): number[] {
  const seconds = Math.floor((WINDOW_TO - WINDOW_FROM) / SECOND) - 60;
  const cumulative = new Float64Array(seconds);
  let total = 0;
  for (let s = 0; s < seconds; s++) {
    const ts = WINDOW_FROM + s * SECOND;
    total += traffic(ts) * (1 + 1.5 * intensity(ts));
    cumulative[s] = total;
  }
  const starts: number[] = [];
  for (let i = 0; i < TRACE_COUNT; i++) {
    const target = rng.next() * total;
    let lo = 0;
    let hi = seconds - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? total) > target) hi = mid;
      else lo = mid + 1;
    }
    starts.push(WINDOW_FROM + lo * SECOND + rng.int(0, SECOND - 1));
  }
  return starts.sort((a, b) => a - b);
}

export function generateTraces(seed: number): GeneratedTraces {
  const rng = new Rng(seed);
  const generator = new TraceGenerator(rng);
  const traces: DemoTrace[] = [];
  const spans: SpanRow[] = [];
  for (const start of traceStarts(rng)) {
    const generated = generator.trace(start, pickFlow(rng));
    traces.push(generated.trace);
    for (const span of generated.spans) spans.push(span);
  }
  return { traces, spans };
}
