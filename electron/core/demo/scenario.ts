/**
 * The story every generator draws from: a fixed six-hour window on 2026-11-18 in which checkout v2.14.0
 * ships a Helm chart default of maximumPoolSize=5 (was 50), exhausts its database pool under lunchtime
 * traffic and is rolled back. Times are fixed so the demo is identical on every load.
 */

export const DEMO_SOURCE = 'demo';
export const DEMO_INCIDENT_ID = 'INC-2026-1118-checkout';

export const SECOND = 1_000_000;
export const MINUTE = 60 * SECOND;
const DAY_START = Date.UTC(2026, 10, 18) * 1000;

/** Microseconds at the given UTC time on the demo day. */
export function utc(hours: number, minutes: number, seconds = 0): number {
  return DAY_START + ((hours * 60 + minutes) * 60 + seconds) * SECOND;
}

export const WINDOW_FROM = utc(8, 0);
export const WINDOW_TO = utc(14, 0);
export const METRIC_STEP = 15 * SECOND;

export const INVENTORY_DEPLOY_AT = utc(9, 30, 40);
export const GATEWAY_CONFIG_AT = utc(10, 12, 5);
export const FLAG_CHANGE_AT = utc(11, 5, 30);
export const DEPLOY_AT = utc(11, 42, 10);
export const ONSET_AT = utc(11, 44);
const SATURATED_AT = utc(11, 46, 30);
export const ROLLBACK_AT = utc(12, 31);

export const BAD_VERSION = 'v2.14.0';

/** Checkout's Hikari connectionTimeout: how long a request waits for a connection before failing. */
export const POOL_TIMEOUT_MS = 5000;
/** The gateway's per-route upstream timeout. */
export const GATEWAY_TIMEOUT_MS = 10_000;

export type ServiceName = 'frontend' | 'api-gateway' | 'checkout' | 'payments' | 'inventory';
export const SERVICES: readonly ServiceName[] = [
  'frontend',
  'api-gateway',
  'checkout',
  'payments',
  'inventory',
];

interface Generation {
  version: string;
  replicaSet: string;
  pods: readonly string[];
  /** When the rollout of this generation starts; pod i is replaced `step` later per index. */
  from: number;
  step: number;
}

interface ServiceSpec {
  runtime: 'node' | 'nginx' | 'go' | 'jvm';
  generations: readonly Generation[];
}

const generation = (version: string, replicaSet: string, pods: string[], from = 0, step = 0): Generation => ({
  version,
  replicaSet,
  pods,
  from,
  step,
});

const SPECS: Readonly<Record<ServiceName, ServiceSpec>> = {
  frontend: {
    runtime: 'node',
    generations: [generation('v4.22.1', '6d8f7b9c5b', ['k7xqd', 'p2m9w', 'zt4rn'])],
  },
  'api-gateway': { runtime: 'nginx', generations: [generation('v1.31.0', '84c6d9f7b8', ['f5hbc', 'w8lzq'])] },
  checkout: {
    runtime: 'jvm',
    generations: [
      generation('v2.13.4', '7c9d5b8f6d', ['x2k4p', 'm9qzt', 'r7wbn']),
      generation(BAD_VERSION, '5f8b9c7d44', ['h2vlc', 'q8d4s', 'z6jtn'], DEPLOY_AT, 90 * SECOND),
      // The rollback waits for each JVM to pass readiness before replacing the next pod.
      generation('v2.13.4', '7c9d5b8f6d', ['b4ncx', 't2kfm', 'w9pqr'], ROLLBACK_AT, 180 * SECOND),
    ],
  },
  payments: { runtime: 'go', generations: [generation('v3.4.2', '59b7c8d6f4', ['j3vcs', 'n6rdk'])] },
  inventory: {
    runtime: 'jvm',
    generations: [
      generation('v3.8.1', '6b8d7c5f9c', ['d4gkw', 'l8sqv', 'y2fhm']),
      generation('v3.8.2', '77f9c6b5d8', ['c5npx', 'g9wtr', 's3kzb'], INVENTORY_DEPLOY_AT, 45 * SECOND),
    ],
  },
};

const NODES = [
  'ip-10-42-1-117.eu-west-1.compute.internal',
  'ip-10-42-2-54.eu-west-1.compute.internal',
  'ip-10-42-3-201.eu-west-1.compute.internal',
  'ip-10-42-1-89.eu-west-1.compute.internal',
  'ip-10-42-2-163.eu-west-1.compute.internal',
  'ip-10-42-3-12.eu-west-1.compute.internal',
];

export interface PodInfo {
  pod: string;
  version: string;
  node: string;
}

export function runtimeOf(service: ServiceName): ServiceSpec['runtime'] {
  return SPECS[service].runtime;
}

export function podCount(service: ServiceName): number {
  return SPECS[service].generations[0]?.pods.length ?? 0;
}

function generationAt(service: ServiceName, index: number, ts: number): number {
  const generations = SPECS[service].generations;
  let found = 0;
  for (let g = 1; g < generations.length; g++) {
    const gen = generations[g] as Generation;
    if (ts >= gen.from + index * gen.step) found = g;
  }
  return found;
}

const podCache = new Map<string, PodInfo>();

/** The pod in slot `index` of a service at a time, following rollouts. */
export function podAt(service: ServiceName, index: number, ts: number): PodInfo {
  const generation = generationAt(service, index, ts);
  const key = `${service}/${index}/${generation}`;
  let info = podCache.get(key);
  if (!info) {
    const gen = SPECS[service].generations[generation] as Generation;
    const serviceIndex = SERVICES.indexOf(service);
    info = {
      pod: `${service}-${gen.replicaSet}-${gen.pods[index] as string}`,
      version: gen.version,
      node: NODES[(serviceIndex * 2 + index + generation) % NODES.length] as string,
    };
    podCache.set(key, info);
  }
  return info;
}

/** Every pod replacement of every rollout: when the new pod starts, the pod it replaces and itself. */
export function rollouts(): { service: ServiceName; ts: number; from: PodInfo; to: PodInfo }[] {
  const out: { service: ServiceName; ts: number; from: PodInfo; to: PodInfo }[] = [];
  for (const service of SERVICES) {
    const generations = SPECS[service].generations;
    for (let g = 1; g < generations.length; g++) {
      const gen = generations[g] as Generation;
      for (let i = 0; i < gen.pods.length; i++) {
        const ts = gen.from + i * gen.step;
        out.push({ service, ts, from: podAt(service, i, ts - 1), to: podAt(service, i, ts) });
      }
    }
  }
  return out.sort((a, b) => a.ts - b.ts);
}

/** Share of checkout pods running v2.14.0 at a time (0 to 1). */
export function badVersionShare(ts: number): number {
  let bad = 0;
  const pods = podCount('checkout');
  for (let i = 0; i < pods; i++) if (podAt('checkout', i, ts).version === BAD_VERSION) bad++;
  return bad / pods;
}

/** Checkout's configured pool size per pod (the mean over pods during a rollout). */
export function checkoutPoolMax(ts: number): number {
  const bad = badVersionShare(ts);
  return 5 * bad + 50 * (1 - bad);
}

/**
 * Traffic relative to the lunchtime peak: European morning ramp to a peak around 12:35 UTC, with a slow
 * ripple so the shape is not a perfect curve.
 */
export function traffic(ts: number): number {
  const hours = (ts - DAY_START) / (3600 * SECOND);
  const diurnal = 0.62 + 0.45 * Math.exp(-((hours - 12.6) ** 2) / (2 * 2.2 ** 2));
  return (
    diurnal + 0.035 * Math.sin((2 * Math.PI * hours) / 0.8) + 0.02 * Math.sin((2 * Math.PI * hours) / 0.27)
  );
}

function smoothstep(x: number): number {
  const t = Math.min(1, Math.max(0, x));
  return t * t * (3 - 2 * t);
}

/**
 * How exhausted the pool of a v2.14.0 pod is, 0 to 1: from the onset, as lunchtime traffic outgrows five
 * connections, waiting requests pile up within a couple of minutes.
 */
function saturation(ts: number): number {
  if (ts < ONSET_AT) return 0;
  return smoothstep((ts - ONSET_AT) / (SATURATED_AT - ONSET_AT)) * (0.9 + 0.1 * Math.min(1, traffic(ts)));
}

/** The degradation of one checkout pod at a time: only v2.14.0 pods suffer. */
export function podSaturation(pod: PodInfo, ts: number): number {
  return pod.version === BAD_VERSION ? saturation(ts) : 0;
}

/**
 * How badly checkout as a whole is degraded, 0 (healthy) to 1 (every pod's pool exhausted): the share of
 * v2.14.0 pods times their saturation, so it steps up with the rollout and down with the rollback.
 */
export function intensity(ts: number): number {
  return badVersionShare(ts) * saturation(ts);
}

/** Inventory warms its product cache every 30 minutes at :07 and :37; each run takes 12-25 s. */
export const WARMUP_PERIOD = 30 * MINUTE;
export const WARMUP_OFFSET = 7 * MINUTE;
export const WARMUP_DURATION = 20 * SECOND;

/** 0 outside a cache warmup, up to 1 in the middle of one. */
export function warmupLoad(ts: number): number {
  const phase = (((ts - WINDOW_FROM - WARMUP_OFFSET) % WARMUP_PERIOD) + WARMUP_PERIOD) % WARMUP_PERIOD;
  if (phase > WARMUP_DURATION * 2) return 0;
  return Math.sin((Math.PI * phase) / (WARMUP_DURATION * 2));
}

/** What goes wrong with one request to checkout at a time, drawn from a uniform `r`. */
export type CheckoutFailure = 'reset' | 'gateway-timeout' | 'pool-timeout' | 'sql-timeout' | 'lock-conflict';

const RESET_SHARE = 0.03;
const GATEWAY_TIMEOUT_SHARE = 0.015;
const POOL_TIMEOUT_SHARE = 0.17;
const SQL_TIMEOUT_SHARE = 0.03;
const LOCK_CONFLICT_SHARE = 0.002;

/**
 * Failures the gateway sees before checkout answers: 502 when a saturated pod's Tomcat resets the
 * connection, 504 when the request sits in its accept queue past the gateway timeout. `level` is the
 * podSaturation of the pod the request went to, `r` uniform in [0, 1).
 */
export function gatewayFailure(level: number, r: number): CheckoutFailure | null {
  if (r < RESET_SHARE * level) return 'reset';
  if (r < (RESET_SHARE + GATEWAY_TIMEOUT_SHARE) * level) return 'gateway-timeout';
  return null;
}

/** Failures inside checkout for a request a pod at `level` does handle; `r` uniform in [0, 1). */
export function checkoutFailure(level: number, r: number): CheckoutFailure | null {
  if (r < POOL_TIMEOUT_SHARE * level) return 'pool-timeout';
  if (r < (POOL_TIMEOUT_SHARE + SQL_TIMEOUT_SHARE) * level) return 'sql-timeout';
  if (r < (POOL_TIMEOUT_SHARE + SQL_TIMEOUT_SHARE) * level + LOCK_CONFLICT_SHARE) return 'lock-conflict';
  return null;
}

/** Expected 5xx share of requests checkout handles, matching checkoutFailure. */
export function checkoutErrorShare(ts: number): number {
  return (POOL_TIMEOUT_SHARE + SQL_TIMEOUT_SHARE) * intensity(ts) + LOCK_CONFLICT_SHARE;
}

/** Expected share of gateway requests to checkout that fail at the gateway itself, matching gatewayFailure. */
export function gatewayOwnFailureShare(ts: number): number {
  return (RESET_SHARE + GATEWAY_TIMEOUT_SHARE) * intensity(ts);
}

/** How long a request waits for a connection from the pool of a pod at `level` when it gets one, in ms. */
export function poolWaitMs(level: number, r: number): number {
  if (level === 0) return 0.05 + r * 0.3;
  return Math.min(POOL_TIMEOUT_MS - 50, -Math.log(1 - r) * (250 + 1300 * level));
}

/** What Hikari throws when a v2.14.0 pod's five connections are all taken for the whole timeout. */
export function poolTimeoutMessage(waiting: number): string {
  return `HikariPool-1 - Connection is not available, request timed out after ${POOL_TIMEOUT_MS}ms (total=5, active=5, idle=0, waiting=${waiting})`;
}

/** Requests waiting for a connection in the pool of a pod at `level`. */
export function podPoolWaiting(level: number, ts: number): number {
  return level * 22 * traffic(ts);
}

/** Requests waiting for a checkout pool connection, averaged over pods. */
export function poolWaiting(ts: number): number {
  return podPoolWaiting(intensity(ts), ts);
}

type Quantiles = readonly [p50: number, p95: number, p99: number];

const BASE_LATENCY_MS: Readonly<Record<ServiceName, Quantiles>> = {
  frontend: [85, 320, 750],
  'api-gateway': [28, 140, 380],
  checkout: [48, 120, 260],
  payments: [110, 340, 620],
  inventory: [12, 45, 110],
};

/** Latency at full degradation; services not listed are not affected. */
const INCIDENT_LATENCY_MS: Partial<Record<ServiceName, Quantiles>> = {
  frontend: [150, 2600, 6200],
  'api-gateway': [70, 3400, 9800],
  checkout: [950, 5100, 5450],
};

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
}

/** Request latency quantiles in ms of a service at a time: busier is a little slower, warmups hurt inventory. */
export function latencyMs(service: ServiceName, ts: number): Latency {
  const base = BASE_LATENCY_MS[service];
  const load = 0.9 + 0.12 * traffic(ts);
  const warm = service === 'inventory' ? warmupLoad(ts) : 0;
  const healthy: Latency = {
    p50: base[0] * load * (1 + 0.6 * warm),
    p95: base[1] * load * (1 + 2.2 * warm),
    p99: base[2] * load * (1 + 3.5 * warm),
  };
  const degraded = INCIDENT_LATENCY_MS[service];
  const level = intensity(ts);
  if (!degraded || level === 0) return healthy;
  // Geometric blend: latency grows by factors, so the ramp looks right on a log axis too.
  const blend = (from: number, to: number) => from ** (1 - level) * to ** level;
  return {
    p50: blend(healthy.p50, degraded[0]),
    p95: blend(healthy.p95, degraded[1]),
    p99: blend(healthy.p99, degraded[2]),
  };
}

/** Requests per second per service at traffic 1 (the lunchtime peak). */
export const PEAK_RPS: Readonly<Record<ServiceName, number>> = {
  frontend: 140,
  'api-gateway': 210,
  checkout: 32,
  payments: 9,
  inventory: 95,
};
