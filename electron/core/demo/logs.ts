import type { LogRow } from '../db/writers/logs';
import { jvm, jvmShutdown, jvmStartup, LogBuffer, requestLines, type Request } from './log-lines';
import { Rng, weighted } from './prng';
import {
  BAD_VERSION,
  checkoutFailure,
  FLAG_CHANGE_AT,
  GATEWAY_CONFIG_AT,
  GATEWAY_TIMEOUT_MS,
  intensity,
  latencyMs,
  MINUTE,
  podAt,
  podCount,
  POOL_TIMEOUT_MS,
  podPoolWaiting,
  podSaturation,
  rollouts,
  runtimeOf,
  SECOND,
  SERVICES,
  traffic,
  WARMUP_DURATION,
  WARMUP_OFFSET,
  WARMUP_PERIOD,
  warmupLoad,
  WINDOW_FROM,
  WINDOW_TO,
  type PodInfo,
  type ServiceName,
} from './scenario';
import { randomContext, touchesCheckout, type DemoTrace, type Flow, type RequestContext } from './traces';
import * as vocab from './vocab';

const CHUNK = 10 * MINUTE;
export const LOG_CHUNKS = Math.ceil((WINDOW_TO - WINDOW_FROM) / CHUNK);

/** Untraced requests each service logs per second at traffic 1; traced requests come on top. */
const LOG_RPS: Readonly<Record<ServiceName, number>> = {
  frontend: 1.05,
  'api-gateway': 2.2,
  checkout: 1.1,
  payments: 0.5,
  inventory: 1.1,
};

interface Route {
  method: string;
  route: string;
  flow: Flow;
  upstream: ServiceName | null;
  path: (ctx: RequestContext) => string;
}

const route = (
  method: string,
  name: string,
  flow: Flow,
  upstream: ServiceName | null,
  path: (ctx: RequestContext) => string = () => name,
): Route => ({ method, route: name, flow, upstream, path });

const ROUTES: Readonly<Record<ServiceName, (rng: Rng) => Route>> = {
  frontend: weighted([
    [route('GET', '/', 'product', null), 14],
    [route('GET', '/products/:sku', 'product', null, (c) => `/products/${c.sku}`), 30],
    [route('GET', '/category/:slug', 'product', null, (c) => `/category/${c.category}`), 14],
    [route('GET', '/search', 'search', null, (c) => `/search?q=${c.searchTerm}`), 12],
    [route('GET', '/cart', 'cart', null), 12],
    [route('POST', '/cart/items', 'cart', null), 8],
    [route('POST', '/checkout', 'checkout', null), 5],
    [route('GET', '/orders/:id', 'order-status', null, (c) => `/orders/${c.orderId}`), 5],
  ]),
  'api-gateway': weighted([
    [route('GET', '/api/products/{sku}', 'product', 'inventory', (c) => `/api/products/${c.sku}`), 30],
    [route('GET', '/api/search', 'search', 'inventory', (c) => `/api/search?q=${c.searchTerm}`), 14],
    [
      route(
        'GET',
        '/api/recommendations',
        'product',
        'inventory',
        (c) => `/api/recommendations?sku=${c.sku}`,
      ),
      12,
    ],
    [route('GET', '/api/cart', 'cart', 'checkout'), 16],
    [route('POST', '/api/cart/items', 'cart', 'checkout'), 10],
    [route('POST', '/api/checkout', 'checkout', 'checkout'), 8],
    [route('GET', '/api/orders/{id}', 'order-status', 'checkout', (c) => `/api/orders/${c.orderId}`), 6],
    [route('GET', '/api/payments/methods', 'product', 'payments'), 4],
  ]),
  checkout: weighted([
    [route('POST', '/api/checkout', 'checkout', null), 25],
    [route('GET', '/api/cart', 'cart', null), 35],
    [route('POST', '/api/cart/items', 'cart', null), 25],
    [route('GET', '/api/orders/{id}', 'order-status', null, (c) => `/api/orders/${c.orderId}`), 15],
  ]),
  payments: weighted([
    [route('POST', '/payments/authorize', 'product', null), 55],
    [route('GET', '/payments/{id}', 'product', null, (c) => `/payments/${c.paymentId}`), 30],
    [route('POST', '/payments/webhooks/adyen', 'product', null), 15],
  ]),
  inventory: weighted([
    [route('GET', '/api/products/{sku}', 'product', null, (c) => `/api/products/${c.sku}`), 40],
    [route('GET', '/api/search', 'search', null, (c) => `/api/search?q=${c.searchTerm}`), 16],
    [route('GET', '/api/recommendations', 'product', null, (c) => `/api/recommendations?sku=${c.sku}`), 14],
    [route('POST', '/inventory/reserve', 'product', null), 12],
    [route('GET', '/inventory/availability', 'product', null), 18],
  ]),
};

/** A sampled duration in ms from a service's latency quantiles at a time. */
function sampleMs(rng: Rng, service: ServiceName, ts: number): number {
  const q = latencyMs(service, ts);
  return rng.logNormal(q.p50, Math.log(q.p95 / q.p50) / 1.645);
}

/** How long a request into checkout took, as its caller sees it, and what it answered. */
function checkoutOutcome(rng: Rng, ctx: RequestContext): { status: number; ms: number } {
  switch (ctx.failure) {
    case 'reset':
      return { status: 502, ms: rng.range(2, 2500) };
    case 'gateway-timeout':
      return { status: 504, ms: GATEWAY_TIMEOUT_MS + rng.range(0, 3) };
    case 'pool-timeout':
      return { status: 500, ms: POOL_TIMEOUT_MS + rng.range(1, 6) };
    case 'sql-timeout':
      return { status: 500, ms: ctx.poolWaitMs + 3000 + rng.range(3, 40) };
    case 'lock-conflict':
      return { status: 500, ms: rng.logNormal(60, 0.4) };
    default:
      return { status: 200, ms: ctx.poolWaitMs + rng.logNormal(42, 0.45) };
  }
}

/** Client errors every service sees a little of. */
function clientError(rng: Rng, service: ServiceName, r: Route, ts: number): number | null {
  if (service === 'api-gateway' && r.route === '/api/search') {
    // The 10:12 config change raised the search rate limit, so 429s almost disappear after it.
    return rng.chance(ts < GATEWAY_CONFIG_AT ? 0.05 : 0.003) ? 429 : null;
  }
  if (r.route.includes('products') && rng.chance(0.015)) return 404;
  if (r.route.includes('orders') && rng.chance(0.02)) return 401;
  if (r.method === 'POST' && rng.chance(0.008)) return 400;
  return null;
}

function backgroundRequest(rng: Rng, service: ServiceName, ts: number): Request {
  const r = (ROUTES[service] as (rng: Rng) => Route)(rng);
  const ctx = randomContext(rng, ts, r.flow);
  const pod =
    service === 'checkout' ? ctx.checkoutPod : podAt(service, rng.int(0, podCount(service) - 1), ts);
  let status = 200;
  let ms: number;
  const viaCheckout = (service === 'frontend' || service === 'api-gateway') && touchesCheckout(r.flow);
  if (service === 'checkout') {
    // Resets and gateway timeouts never reach checkout; what it logs is its own failures.
    ctx.failure = checkoutFailure(podSaturation(pod, ts), rng.next());
    if (ctx.failure === 'lock-conflict' && r.flow !== 'checkout') ctx.failure = null;
    const outcome = checkoutOutcome(rng, ctx);
    status = outcome.status;
    ms = outcome.ms;
  } else if (viaCheckout) {
    const outcome = checkoutOutcome(rng, ctx);
    status = outcome.status;
    ms = outcome.ms + rng.range(0.4, 3) + (service === 'frontend' ? rng.logNormal(12, 0.5) : 0);
  } else {
    ms = sampleMs(rng, service, ts);
  }
  if (status === 200) {
    const client = clientError(rng, service, r, ts);
    if (client !== null) {
      status = client;
      ms = Math.min(ms, rng.range(0.5, 8));
    }
  }
  if (service === 'inventory' && r.route === '/api/products/{sku}' && ctx.cacheHit) ms *= 0.4;
  return {
    service,
    pod,
    ts,
    method: r.method,
    path: r.path(ctx),
    route: r.route,
    status,
    ms,
    ctx,
    upstream: r.upstream,
    traceId: null,
    spanId: null,
  };
}

/** Something that logs over time: `fire` writes the lines due at `next` and moves `next` on. */
interface Process {
  next: number;
  fire(out: LogBuffer): void;
}

function requestProcess(rng: Rng, service: ServiceName): Process {
  const task: Process = {
    next: WINDOW_FROM + rng.expo(1 / LOG_RPS[service]) * SECOND,
    fire(out) {
      const request = backgroundRequest(rng, service, task.next);
      requestLines[service](out, rng, request);
      task.next += rng.expo(1 / (LOG_RPS[service] * traffic(task.next))) * SECOND;
    },
  };
  return task;
}

/** A line (or a few) per pod slot every `everySeconds`, give or take `jitter`. */
function periodic(
  rng: Rng,
  service: ServiceName,
  slot: number,
  everySeconds: number,
  jitter: number,
  emit: (out: LogBuffer, pod: PodInfo, ts: number) => void,
): Process {
  const task: Process = {
    next: WINDOW_FROM + rng.range(0, everySeconds) * SECOND,
    fire(out) {
      emit(out, podAt(service, slot, task.next), task.next);
      task.next += (everySeconds + rng.range(-jitter, jitter)) * SECOND;
    },
  };
  return task;
}

function gcLine(
  rng: Rng,
  service: 'checkout' | 'inventory',
): (out: LogBuffer, pod: PodInfo, ts: number) => void {
  const counters = new Map<string, number>();
  return (out, pod, ts) => {
    const n = (counters.get(pod.pod) ?? 0) + 1;
    counters.set(pod.pod, n);
    const heap = service === 'checkout' ? 1024 : 1536;
    const warm = service === 'inventory' ? warmupLoad(ts) : 0;
    const before = Math.round(heap * rng.range(0.45, 0.7) + warm * 300);
    const after = Math.round(before * rng.range(0.18, 0.32));
    const pause = rng.logNormal(4.5, 0.45) * (1 + 4 * warm);
    const kind =
      warm > 0.3
        ? 'Pause Young (Concurrent Start) (G1 Humongous Allocation)'
        : rng.chance(0.04)
          ? 'Pause Young (Prepare Mixed) (G1 Evacuation Pause)'
          : 'Pause Young (Normal) (G1 Evacuation Pause)';
    out.add(
      service,
      pod,
      ts,
      'info',
      `GC(${n}) ${kind} ${before}M->${after}M(${heap}M) ${pause.toFixed(3)}ms`,
      jvm('gc', 'GC Thread#0'),
    );
  };
}

function processes(rng: Rng): Process[] {
  const list: Process[] = SERVICES.map((service) => requestProcess(rng, service));
  for (let slot = 0; slot < podCount('checkout'); slot++) {
    list.push(periodic(rng, 'checkout', slot, 30, 8, gcLine(rng, 'checkout')));
    list.push(
      periodic(rng, 'checkout', slot, 30, 0.05, (out, pod, ts) => {
        const small = pod.version === BAD_VERSION;
        const level = podSaturation(pod, ts);
        const busy = rng.int(1, 4) + Math.round(4 * traffic(ts) * rng.next());
        const active = level > 0.05 ? 5 : small ? Math.min(5, busy) : busy;
        // Hikari keeps minimumIdle=10 connections open in a 50-pool; the 5-pool has only its five.
        const total = small ? 5 : Math.max(10, active + rng.int(4, 8));
        const waiting = level > 0.05 ? Math.round(podPoolWaiting(level, ts) * rng.range(0.7, 1.3)) : 0;
        out.add(
          'checkout',
          pod,
          ts,
          'debug',
          `HikariPool-1 - Pool stats (total=${total}, active=${active}, idle=${total - active}, waiting=${waiting})`,
          jvm('com.zaxxer.hikari.pool.HikariPool', 'HikariPool-1 housekeeper'),
        );
        if (waiting === 0 && rng.chance(0.5)) {
          out.add(
            'checkout',
            pod,
            ts + 150,
            'debug',
            `HikariPool-1 - Fill pool skipped, pool has sufficient level or currently being filled (queueDepth=0).`,
            jvm('com.zaxxer.hikari.pool.HikariPool', 'HikariPool-1 housekeeper'),
          );
        }
      }),
    );
    list.push(
      periodic(rng, 'checkout', slot, 20, 1, (out, pod, ts) => {
        const n = Math.round(rng.range(2, 14) * traffic(ts) * (1 - 0.2 * intensity(ts)));
        out.add(
          'checkout',
          pod,
          ts,
          'debug',
          `Outbox relay published ${n} events to orders.v1 in ${rng.int(3, 40)} ms`,
          jvm('c.s.checkout.outbox.OutboxRelay', 'outbox-relay-1'),
        );
        if (rng.chance(0.0025)) {
          out.add(
            'checkout',
            pod,
            ts + 800,
            'warn',
            `[Producer clientId=checkout-outbox-1] Got error produce response with correlation id ${rng.int(10_000, 999_999)} on topic-partition orders.v1-${rng.int(0, 11)}, retrying (2147483646 attempts left). Error: NOT_LEADER_OR_FOLLOWER`,
            jvm(
              'o.a.k.clients.producer.internals.Sender',
              'kafka-producer-network-thread | checkout-outbox-1',
            ),
          );
        }
      }),
    );
  }
  for (let slot = 0; slot < podCount('inventory'); slot++) {
    list.push(periodic(rng, 'inventory', slot, 35, 10, gcLine(rng, 'inventory')));
    const warmup: Process = {
      next: WINDOW_FROM + WARMUP_OFFSET + slot * 1.5 * SECOND,
      fire(out) {
        const ts = warmup.next;
        const pod = podAt('inventory', slot, ts);
        const entries = rng.int(38_000, 52_000);
        const took = (WARMUP_DURATION / SECOND) * rng.range(0.6, 1.25);
        const logger = jvm('c.s.inventory.cache.CacheWarmer', 'scheduling-1');
        out.add(
          'inventory',
          pod,
          ts,
          'info',
          `Cache warmup started: loading ${entries} hot SKUs from products`,
          logger,
        );
        if (took > 10) {
          out.add(
            'inventory',
            pod,
            ts + took * SECOND,
            'warn',
            `Cache warmup took ${took.toFixed(1)} s, above the 10 s budget (${entries} entries, ${rng.int(200, 2400)} misses)`,
            logger,
          );
        }
        out.add(
          'inventory',
          pod,
          ts + took * SECOND + 2000,
          'info',
          `Cache warmup finished: ${entries} entries loaded`,
          logger,
        );
        warmup.next += WARMUP_PERIOD;
      },
    };
    list.push(warmup);
  }
  list.push(
    periodic(rng, 'inventory', 0, 300, 2, (out, pod, ts) => {
      out.add(
        'inventory',
        pod,
        ts,
        'info',
        `Stock reconciliation finished: ${rng.int(11_000, 12_500)} SKUs checked, ${rng.int(0, 14)} adjusted in ${rng.int(800, 2600)} ms`,
        jvm('c.s.inventory.stock.Reconciler', 'scheduling-1'),
      );
    }),
    periodic(rng, 'inventory', 1, 4200, 900, (out, pod, ts) => {
      out.add(
        'inventory',
        pod,
        ts,
        'info',
        `[Consumer clientId=inventory-sync-1, groupId=inventory-sync] Successfully synced group in generation Generation{generationId=${rng.int(40, 90)}, memberId='inventory-sync-1-${vocab.requestId(rng)}', protocol='range'}`,
        jvm('o.a.k.c.c.internals.ConsumerCoordinator', 'kafka-coordinator-heartbeat-thread | inventory-sync'),
      );
    }),
  );
  for (let slot = 0; slot < podCount('frontend'); slot++) {
    const started = rng.int(200_000, 900_000);
    list.push(
      periodic(rng, 'frontend', slot, 30, 0.2, (out, pod, ts) => {
        const uptime = started + Math.round((ts - WINDOW_FROM) / SECOND);
        out.add(
          'frontend',
          pod,
          ts,
          'info',
          `health ok: uptime=${uptime}s rss=${rng.int(290, 340)}MB heap_used=${rng.int(120, 190)}MB event_loop_lag_p99=${rng.range(4, 18).toFixed(1)}ms`,
          ',"component":"health"',
        );
      }),
      periodic(rng, 'frontend', slot, 60, 1, (out, pod, ts) => {
        out.add(
          'frontend',
          pod,
          ts,
          'debug',
          `Feature flags refreshed: ${ts < FLAG_CHANGE_AT ? 41 : 42} flags, etag W/"${rng.hex(12)}"`,
          ',"component":"flags"',
        );
      }),
      periodic(rng, 'frontend', slot, 900, 300, (out, pod, ts) => {
        out.add(
          'frontend',
          pod,
          ts,
          'warn',
          `CSP violation: blocked-uri=https://${rng.pick(['cdn.trackly.io', 'widget.chatbox.app', 'ads.adnet.example'])}/ violated-directive=script-src-elem document-uri=/products/${vocab.sku(rng)}`,
          ',"component":"csp-report"',
        );
      }),
    );
  }
  for (let slot = 0; slot < podCount('api-gateway'); slot++) {
    list.push(
      periodic(rng, 'api-gateway', slot, 30, 0.1, (out, pod, ts) => {
        const pods = [0, 1, 2].map((i) => podAt('checkout', i, ts));
        // Readiness includes the database check, so saturated pods flap in and out of the upstream set.
        const failing = pods.filter((p) => rng.chance(0.6 * podSaturation(p, ts)));
        const unhealthy = failing.length;
        const checkoutPods = 3 - unhealthy;
        out.add(
          'api-gateway',
          pod,
          ts,
          unhealthy > 0 ? 'warn' : 'info',
          unhealthy > 0
            ? `upstream health: checkout ${checkoutPods}/3 healthy (${failing.map((p) => p.pod).join(', ')}: HTTP 503 from /actuator/health/readiness), payments 2/2 healthy, inventory 3/3 healthy`
            : `upstream health: checkout 3/3 healthy, payments 2/2 healthy, inventory 3/3 healthy`,
          ',"component":"healthcheck"',
        );
      }),
    );
  }
  for (let slot = 0; slot < podCount('payments'); slot++) {
    list.push(
      periodic(rng, 'payments', slot, 30, 0.1, (out, pod, ts) => {
        const open = rng.int(6, 12);
        const inUse = rng.int(0, Math.min(open, 5));
        out.add(
          'payments',
          pod,
          ts,
          'debug',
          `db pool stats: open=${open} in_use=${inUse} idle=${open - inUse} wait_count=0 wait_duration=0s`,
          ',"caller":"dbstats/reporter.go:31"',
        );
      }),
    );
  }
  list.push(
    periodic(rng, 'payments', 0, 900, 5, (out, pod, ts) => {
      const count = Math.round(rng.range(700, 1100) * traffic(ts) * (1 - 0.2 * intensity(ts)));
      out.add(
        'payments',
        pod,
        ts,
        'info',
        `settlement batch stl_${rng.base36(8)} closed: ${count} payments, total ${(count * rng.range(55, 75)).toFixed(2)} EUR`,
        ',"caller":"settlement/batcher.go:77"',
      );
    }),
  );
  return list;
}

/** Lines written once: rollouts, the gateway reload and the feature-flag change. */
function oneOffLines(rng: Rng): LogBuffer {
  const out = new LogBuffer();
  for (const step of rollouts()) {
    if (runtimeOf(step.service) !== 'jvm') continue;
    const service = step.service as 'checkout' | 'inventory';
    jvmStartup(out, rng, service, step.to, step.ts);
    jvmShutdown(out, service, step.from, step.ts + 15 * SECOND);
  }
  for (let slot = 0; slot < podCount('api-gateway'); slot++) {
    const pod = podAt('api-gateway', slot, GATEWAY_CONFIG_AT);
    const ts = GATEWAY_CONFIG_AT + 4 * SECOND + slot * 700_000;
    const master = ',"component":"master"';
    out.add(
      'api-gateway',
      pod,
      ts,
      'info',
      `[notice] 1#1: signal 1 (SIGHUP) received from ${rng.int(90, 140)}, reconfiguring`,
      master,
    );
    out.add('api-gateway', pod, ts + 2000, 'info', '[notice] 1#1: reconfiguring', master);
    out.add(
      'api-gateway',
      pod,
      ts + 9000,
      'info',
      'config reloaded: limit_req zone=search_per_ip rate=200r/s burst=400 (was rate=50r/s burst=100)',
      master,
    );
    out.add('api-gateway', pod, ts + 15000, 'info', '[notice] 1#1: start worker processes', master);
  }
  for (let slot = 0; slot < podCount('frontend'); slot++) {
    const pod = podAt('frontend', slot, FLAG_CHANGE_AT);
    out.add(
      'frontend',
      pod,
      FLAG_CHANGE_AT + (8 + slot * 3) * SECOND,
      'info',
      'Feature flag recommendations-carousel changed: rollout 0% -> 10% (by m.lindqvist)',
      ',"component":"flags"',
    );
  }
  out.rows.sort((a, b) => a.ts - b.ts);
  return out;
}

function traceRequests(trace: DemoTrace): Request[] {
  return trace.hops.map((hop) => ({
    service: hop.service,
    pod: hop.pod,
    ts: hop.endTs,
    method: hop.method,
    path: hop.path,
    route: hop.route,
    status: hop.status,
    ms: hop.durationUs / 1000,
    ctx: trace,
    upstream: hop.upstream,
    traceId: trace.traceId,
    spanId: hop.spanId,
  }));
}

/**
 * The logs of all five services, ten minutes at a time (sorted by time within each chunk), so memory stays
 * small and each chunk is one write transaction.
 */
export function* generateLogs(seed: number, traces: readonly DemoTrace[]): Generator<LogRow[]> {
  const rng = new Rng(seed);
  const list = processes(rng);
  const oneOff = oneOffLines(rng).rows;
  let oneOffIndex = 0;
  let traceIndex = 0;
  const out = new LogBuffer();
  for (let chunk = 0; chunk < LOG_CHUNKS; chunk++) {
    const end = Math.min(WINDOW_TO, WINDOW_FROM + (chunk + 1) * CHUNK);
    for (const task of list) {
      while (task.next < end) task.fire(out);
    }
    while (traceIndex < traces.length && (traces[traceIndex] as DemoTrace).startTs < end) {
      for (const request of traceRequests(traces[traceIndex] as DemoTrace)) {
        requestLines[request.service](out, rng, request);
      }
      traceIndex++;
    }
    while (oneOffIndex < oneOff.length && (oneOff[oneOffIndex] as LogRow).ts < end) {
      out.rows.push(oneOff[oneOffIndex] as LogRow);
      oneOffIndex++;
    }
    const rows = out.take();
    rows.sort((a, b) => a.ts - b.ts);
    yield rows;
  }
}
