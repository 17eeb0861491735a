import type { MetricKind } from '../db/writers/metrics';
import { Rng } from './prng';
import {
  badVersionShare,
  checkoutErrorShare,
  checkoutPoolMax,
  DEPLOY_AT,
  GATEWAY_CONFIG_AT,
  gatewayOwnFailureShare,
  intensity,
  INVENTORY_DEPLOY_AT,
  latencyMs,
  MINUTE,
  PEAK_RPS,
  POOL_TIMEOUT_MS,
  poolWaiting,
  ROLLBACK_AT,
  SERVICES,
  traffic,
  warmupLoad,
  type ServiceName,
} from './scenario';

export interface SeriesDef {
  name: string;
  labels: Record<string, string>;
  unit: string;
  kind: MetricKind;
  value: (ts: number) => number;
}

/** Share of each front service's requests that go through checkout (cart, checkout, orders). */
const VIA_CHECKOUT: Partial<Record<ServiceName, number>> = { frontend: 0.3, 'api-gateway': 0.34 };
const CLIENT_ERROR_SHARE: Readonly<Record<ServiceName, number>> = {
  frontend: 0.018,
  'api-gateway': 0.012,
  checkout: 0.01,
  payments: 0.006,
  inventory: 0.012,
};

/** Mean-reverting noise around 1: values drift like real series instead of jumping at every sample. */
function drift(rng: Rng, spread: number, keep = 0.85): () => number {
  let x = 0;
  const shock = spread * Math.sqrt(1 - keep * keep);
  return () => {
    x = keep * x + shock * rng.normal();
    return Math.exp(x);
  };
}

/** Share of a service's requests that fail with 5xx at a time. */
function serverErrorShare(service: ServiceName, ts: number): number {
  const checkoutPath = gatewayOwnFailureShare(ts) + (1 - gatewayOwnFailureShare(ts)) * checkoutErrorShare(ts);
  switch (service) {
    case 'checkout':
      return checkoutErrorShare(ts);
    case 'frontend':
    case 'api-gateway':
      return 0.0008 + (VIA_CHECKOUT[service] ?? 0) * checkoutPath;
    case 'payments':
      return 0.0008;
    case 'inventory':
      return 0.0005 + 0.002 * warmupLoad(ts);
  }
}

/** Time since the service's latest rollout began, for JVM warm-up shapes. */
function sinceRollout(service: ServiceName, ts: number): number {
  const rollouts =
    service === 'checkout' ? [DEPLOY_AT, ROLLBACK_AT] : service === 'inventory' ? [INVENTORY_DEPLOY_AT] : [];
  let since = Infinity;
  for (const at of rollouts) if (ts >= at) since = ts - at;
  return since;
}

const warmedUp = (service: ServiceName, ts: number) =>
  1 - Math.exp(-sinceRollout(service, ts) / (6 * MINUTE));

function requestSeries(rng: Rng, service: ServiceName, defs: SeriesDef[]): void {
  const volume = drift(rng, 0.04);
  const cache = new Map<number, number>();
  const total = (ts: number) => {
    let v = cache.get(ts);
    if (v === undefined) {
      const lostOrders = service === 'payments' ? 1 - 0.55 * checkoutErrorShare(ts) : 1;
      v = PEAK_RPS[service] * traffic(ts) * volume() * lostOrders;
      cache.set(ts, v);
    }
    return v;
  };
  const clientShare = (ts: number) => {
    const throttled = service === 'api-gateway' ? 0.34 * 0.14 * (ts < GATEWAY_CONFIG_AT ? 0.05 : 0.003) : 0;
    return CLIENT_ERROR_SHARE[service] + throttled;
  };
  const classes: [string, (ts: number) => number][] = [
    ['2xx', (ts) => 1 - clientShare(ts) - serverErrorShare(service, ts)],
    ['4xx', clientShare],
    ['5xx', (ts) => serverErrorShare(service, ts)],
  ];
  for (const [statusClass, share] of classes) {
    const noise = drift(rng, statusClass === '2xx' ? 0.01 : 0.12, 0.6);
    defs.push({
      name: 'http_requests_total',
      labels: { service, status_class: statusClass },
      unit: 'req/s',
      kind: 'rate',
      value: (ts) => Math.max(0, total(ts) * share(ts) * noise()),
    });
  }
  const shared = drift(rng, 0.07);
  const commonAt = new Map<number, number>();
  // Quantile series are generated in order p50, p95, p99; each is kept above the previous one.
  const previousQuantile = new Map<number, number>();
  const quantiles: [string, 'p50' | 'p95' | 'p99'][] = [
    ['0.5', 'p50'],
    ['0.95', 'p95'],
    ['0.99', 'p99'],
  ];
  for (const [quantile, key] of quantiles) {
    const own = drift(rng, 0.05, 0.5);
    defs.push({
      name: 'http_request_duration_seconds',
      labels: { service, quantile },
      unit: 's',
      kind: 'summary',
      value: (ts) => {
        const floor = key === 'p50' ? 0 : (previousQuantile.get(ts) ?? 0);
        let common = commonAt.get(ts);
        if (common === undefined) {
          common = shared();
          commonAt.set(ts, common);
        }
        const coldStart = 1 + 0.8 * (1 - warmedUp(service, ts)) * (1 - intensity(ts));
        const v = Math.max(floor * 1.02, (latencyMs(service, ts)[key] / 1000) * common * own() * coldStart);
        previousQuantile.set(ts, v);
        return v;
      },
    });
  }
}

function processSeries(rng: Rng, service: ServiceName, defs: SeriesDef[]): void {
  const cpuBase: Record<ServiceName, number> = {
    frontend: 0.32,
    'api-gateway': 0.22,
    checkout: 0.28,
    payments: 0.15,
    inventory: 0.25,
  };
  const cpuNoise = drift(rng, 0.08, 0.7);
  defs.push({
    name: 'process_cpu_usage',
    labels: { service },
    unit: 'ratio',
    kind: 'gauge',
    value: (ts) => {
      let v = cpuBase[service] * traffic(ts);
      if (service === 'checkout') v *= 1 - 0.25 * intensity(ts);
      if (service === 'inventory') v += 0.45 * warmupLoad(ts);
      v += 0.5 * (1 - warmedUp(service, ts));
      return Math.min(1, v * cpuNoise());
    },
  });
  const memBase: Record<ServiceName, number> = {
    frontend: 310e6,
    'api-gateway': 92e6,
    checkout: 1.12e9,
    payments: 135e6,
    inventory: 1.38e9,
  };
  const memNoise = drift(rng, 0.01, 0.95);
  defs.push({
    name: 'process_resident_memory_bytes',
    labels: { service },
    unit: 'bytes',
    kind: 'gauge',
    value: (ts) => {
      let v = memBase[service] * (0.62 + 0.38 * warmedUp(service, ts));
      // Node's heap creeps up between major collections: a 40-minute sawtooth.
      if (service === 'frontend') v += 45e6 * ((ts / (40 * MINUTE)) % 1);
      if (service === 'inventory') v += 220e6 * warmupLoad(ts);
      // Each Tomcat thread blocked on the pool holds a stack.
      if (service === 'checkout') v += 150e6 * intensity(ts);
      return Math.round(v * memNoise());
    },
  });
}

function runtimeSeries(rng: Rng, defs: SeriesDef[]): void {
  for (const service of ['checkout', 'inventory'] as const) {
    defs.push({
      name: 'jvm_gc_pause_seconds',
      labels: { service, gc: 'G1 Young Generation', stat: 'max' },
      unit: 's',
      kind: 'gauge',
      value: (ts) => {
        const warm = service === 'inventory' ? warmupLoad(ts) : 0;
        const spike = rng.chance(0.03) ? rng.range(3, 8) : 1;
        return (rng.logNormal(0.0055, 0.35) * spike + 0.11 * warm) * (1 + (1 - warmedUp(service, ts)));
      },
    });
  }
  const threads = drift(rng, 0.03);
  defs.push({
    name: 'jvm_threads_live_threads',
    labels: { service: 'checkout' },
    unit: 'threads',
    kind: 'gauge',
    value: (ts) => Math.round((74 + 22 * traffic(ts) + 150 * intensity(ts)) * threads()),
  });
  const connections = drift(rng, 0.05);
  defs.push({
    name: 'nginx_connections_active',
    labels: { service: 'api-gateway' },
    unit: 'connections',
    kind: 'gauge',
    value: (ts) => Math.round(850 * traffic(ts) * (1 + 0.6 * intensity(ts)) * connections()),
  });
  const goroutines = drift(rng, 0.04);
  defs.push({
    name: 'go_goroutines',
    labels: { service: 'payments' },
    unit: 'goroutines',
    kind: 'gauge',
    value: (ts) => Math.round((180 + 40 * traffic(ts)) * goroutines()),
  });
  defs.push({
    name: 'nodejs_eventloop_lag_seconds',
    labels: { service: 'frontend', quantile: '0.99' },
    unit: 's',
    kind: 'gauge',
    value: (ts) => rng.logNormal(0.009 * traffic(ts), 0.3),
  });
}

/** The saturation of the v2.14.0 pods at a time (0 when there are none). */
function saturatedBadPods(ts: number): number {
  const bad = badVersionShare(ts);
  return bad > 0 ? intensity(ts) / bad : 0;
}

function poolSeries(rng: Rng, defs: SeriesDef[]): void {
  const pool = { service: 'checkout', pool: 'HikariPool-1' };
  const busy = drift(rng, 0.15, 0.6);
  const usage = new Map<number, { active: number; idle: number }>();
  /** Connections in use and idle, averaged over pods: v2.14.0 pods have five, all busy once saturated. */
  const connections = (ts: number) => {
    let found = usage.get(ts);
    if (found === undefined) {
      const bad = badVersionShare(ts);
      const healthy = (2.5 + 3 * traffic(ts)) * busy();
      const onBad = saturatedBadPods(ts) > 0.05 ? 5 : Math.min(5, healthy);
      found = {
        active: bad * onBad + (1 - bad) * healthy,
        // Hikari keeps minimumIdle=10 open in a 50-pool; a 5-pool is all the connections there are.
        idle: bad * (5 - onBad) + (1 - bad) * Math.max(0, 10 - healthy),
      };
      usage.set(ts, found);
    }
    return found;
  };
  defs.push(
    {
      name: 'db_pool_max_connections',
      labels: pool,
      unit: 'connections',
      kind: 'gauge',
      value: checkoutPoolMax,
    },
    {
      name: 'db_pool_active_connections',
      labels: pool,
      unit: 'connections',
      kind: 'gauge',
      value: (ts) => connections(ts).active,
    },
    {
      name: 'db_pool_idle_connections',
      labels: pool,
      unit: 'connections',
      kind: 'gauge',
      value: (ts) => connections(ts).idle,
    },
    {
      name: 'db_pool_pending_requests',
      labels: pool,
      unit: 'requests',
      kind: 'gauge',
      value: (ts) => poolWaiting(ts) * rng.range(0.7, 1.3),
    },
    {
      name: 'db_pool_acquire_seconds',
      labels: { ...pool, quantile: '0.95' },
      unit: 's',
      kind: 'summary',
      value: (ts) => {
        // Once a tenth of requests wait on a saturated pod, the 95th percentile is theirs.
        const level = badVersionShare(ts) >= 0.1 ? saturatedBadPods(ts) : 0;
        const healthy = rng.logNormal(0.0004, 0.3);
        return healthy ** (1 - level) * ((POOL_TIMEOUT_MS / 1000) * rng.range(0.93, 1)) ** level;
      },
    },
    {
      name: 'db_client_query_duration_seconds',
      labels: { service: 'checkout', db_system: 'postgresql', quantile: '0.95' },
      unit: 's',
      kind: 'summary',
      value: (ts) => rng.logNormal(0.009, 0.12) * (1 + 0.3 * intensity(ts)),
    },
  );
  for (const service of ['payments', 'inventory'] as const) {
    const labels = { service, pool: service === 'payments' ? 'sql.DB' : 'HikariPool-1' };
    defs.push(
      {
        name: 'db_pool_active_connections',
        labels,
        unit: 'connections',
        kind: 'gauge',
        value: (ts) =>
          service === 'payments'
            ? (2 + 2 * traffic(ts)) * rng.range(0.7, 1.3)
            : (4 + 4 * traffic(ts) + 6 * warmupLoad(ts)) * rng.range(0.8, 1.2),
      },
      {
        name: 'db_pool_pending_requests',
        labels,
        unit: 'requests',
        kind: 'gauge',
        value: (ts) =>
          service === 'inventory' && warmupLoad(ts) > 0.5 ? rng.int(1, 3) : rng.chance(0.01) ? 1 : 0,
      },
    );
  }
}

function businessSeries(rng: Rng, defs: SeriesDef[]): void {
  const gateway = drift(rng, 0.05);
  const upstreamShare: Record<string, number> = { checkout: 0.34, payments: 0.04, inventory: 0.56 };
  for (const upstream of ['checkout', 'payments', 'inventory']) {
    defs.push({
      name: 'upstream_request_errors_total',
      labels: { service: 'api-gateway', upstream },
      unit: 'req/s',
      kind: 'rate',
      value: (ts) => {
        const rps = PEAK_RPS['api-gateway'] * traffic(ts) * (upstreamShare[upstream] ?? 0) * gateway();
        if (upstream === 'checkout') {
          return rps * (gatewayOwnFailureShare(ts) + checkoutErrorShare(ts)) * rng.range(0.85, 1.15);
        }
        return rps * (upstream === 'payments' ? 0.002 : 0.0005 + 0.002 * warmupLoad(ts)) * rng.range(0, 2);
      },
    });
  }
  const orders = drift(rng, 0.06);
  const ordersRps = (ts: number) => PEAK_RPS.checkout * 0.25 * traffic(ts) * orders();
  defs.push(
    {
      name: 'checkout_orders_total',
      labels: { service: 'checkout', result: 'success' },
      unit: 'orders/s',
      kind: 'rate',
      value: (ts) => ordersRps(ts) * (1 - checkoutErrorShare(ts)),
    },
    {
      name: 'checkout_orders_total',
      labels: { service: 'checkout', result: 'failed' },
      unit: 'orders/s',
      kind: 'rate',
      value: (ts) => ordersRps(ts) * checkoutErrorShare(ts) * rng.range(0.8, 1.2),
    },
    {
      name: 'payments_authorizations_total',
      labels: { service: 'payments', result: 'approved' },
      unit: 'req/s',
      kind: 'rate',
      value: (ts) =>
        PEAK_RPS.checkout * 0.25 * traffic(ts) * (1 - checkoutErrorShare(ts)) * 0.955 * rng.range(0.9, 1.1),
    },
    {
      name: 'payments_authorizations_total',
      labels: { service: 'payments', result: 'declined' },
      unit: 'req/s',
      kind: 'rate',
      value: (ts) =>
        PEAK_RPS.checkout * 0.25 * traffic(ts) * (1 - checkoutErrorShare(ts)) * 0.045 * rng.range(0.6, 1.4),
    },
    {
      name: 'inventory_cache_hit_ratio',
      labels: { service: 'inventory', cache: 'products' },
      unit: 'ratio',
      kind: 'gauge',
      value: (ts) =>
        Math.min(
          0.995,
          0.93 - 0.11 * warmupLoad(ts) - 0.2 * (1 - warmedUp('inventory', ts)) + rng.normal() * 0.006,
        ),
    },
  );
}

/**
 * Every demo series with its value function. Values are drawn in series order, one timestamp after the
 * other, so the output depends only on the seed.
 */
export function seriesDefinitions(seed: number): SeriesDef[] {
  const rng = new Rng(seed);
  const defs: SeriesDef[] = [];
  for (const service of SERVICES) requestSeries(rng, service, defs);
  for (const service of SERVICES) processSeries(rng, service, defs);
  runtimeSeries(rng, defs);
  poolSeries(rng, defs);
  businessSeries(rng, defs);
  return defs;
}
