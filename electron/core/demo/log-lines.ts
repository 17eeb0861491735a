import type { LogLevel, LogRow } from '../db/writers/logs';
import type { Rng } from './prng';
import {
  DEMO_SOURCE,
  GATEWAY_TIMEOUT_MS,
  POOL_TIMEOUT_MS,
  poolTimeoutMessage,
  type PodInfo,
  type ServiceName,
} from './scenario';
import type { RequestContext } from './traces';
import * as vocab from './vocab';

/** The lines of one chunk of time, in the shape the log writer takes. */
export class LogBuffer {
  rows: LogRow[] = [];
  private readonly bases = new Map<string, string>();

  /** `extra` is more JSON members, each starting with a comma. */
  add(
    service: ServiceName,
    pod: PodInfo,
    ts: number,
    level: LogLevel,
    message: string,
    extra = '',
    traceId: string | null = null,
    spanId: string | null = null,
  ): void {
    let base = this.bases.get(pod.pod);
    if (base === undefined) {
      base = `"pod":"${pod.pod}","version":"${pod.version}"`;
      this.bases.set(pod.pod, base);
    }
    this.rows.push({
      source: DEMO_SOURCE,
      stream: pod.pod,
      ts: Math.round(ts),
      service,
      level,
      message,
      attrs: `{${base}${extra}}`,
      traceId,
      spanId,
    });
  }

  take(): LogRow[] {
    const rows = this.rows;
    this.rows = [];
    return rows;
  }
}

/** One request as a service saw it, traced or not. */
export interface Request {
  service: ServiceName;
  pod: PodInfo;
  /** When the response went out, µs. */
  ts: number;
  method: string;
  path: string;
  route: string;
  status: number;
  ms: number;
  ctx: RequestContext;
  upstream: ServiceName | null;
  traceId: string | null;
  spanId: string | null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => (n < 10 ? `0${n}` : String(n));

function nginxTime(ts: number): string {
  const d = new Date(Math.floor(ts / 1000));
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

const levelFor = (status: number): LogLevel => (status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info');
export const jvm = (logger: string, thread: string): string => `,"logger":"${logger}","thread":"${thread}"`;
const httpThread = (rng: Rng) => `http-nio-8080-exec-${rng.int(1, 200)}`;

const NODE_STACK = `
    at settle (/app/node_modules/axios/lib/core/settle.js:19:12)
    at IncomingMessage.handleStreamEnd (/app/node_modules/axios/lib/adapters/http.js:599:11)
    at IncomingMessage.emit (node:events:531:35)
    at endReadableNT (node:internal/streams/readable:1696:12)
    at process.processTicksAndRejections (node:internal/process/task_queues:82:21)
    at async Axios.request (/app/node_modules/axios/lib/core/Axios.js:45:41)`;

const HIKARI_FRAMES = `
\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:686)
\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:179)
\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:144)
\tat com.zaxxer.hikari.HikariDataSource.getConnection(HikariDataSource.java:127)
\tat org.hibernate.engine.jdbc.connections.internal.DatasourceConnectionProviderImpl.getConnection(DatasourceConnectionProviderImpl.java:122)
\tat org.hibernate.internal.NonContextualJdbcConnectionAccess.obtainConnection(NonContextualJdbcConnectionAccess.java:46)
\tat org.springframework.orm.jpa.JpaTransactionManager.doBegin(JpaTransactionManager.java:466)
\tat org.springframework.transaction.support.AbstractPlatformTransactionManager.startTransaction(AbstractPlatformTransactionManager.java:531)`;

const CONTROLLER_FRAMES: Readonly<Record<string, string>> = {
  '/api/checkout': `
\tat com.shop.checkout.order.OrderService$$SpringCGLIB$$0.placeOrder(<generated>)
\tat com.shop.checkout.web.CheckoutController.checkout(CheckoutController.java:58)`,
  '/api/cart': `
\tat com.shop.checkout.cart.CartService$$SpringCGLIB$$0.getCart(<generated>)
\tat com.shop.checkout.web.CartController.getCart(CartController.java:41)`,
  '/api/cart/items': `
\tat com.shop.checkout.cart.CartService$$SpringCGLIB$$0.addItem(<generated>)
\tat com.shop.checkout.web.CartController.addItem(CartController.java:67)`,
  '/api/orders/{id}': `
\tat com.shop.checkout.order.OrderQueryService$$SpringCGLIB$$0.findOrder(<generated>)
\tat com.shop.checkout.web.OrderController.getOrder(OrderController.java:33)`,
};

const SERVLET_FRAMES = `
\tat org.springframework.web.servlet.FrameworkServlet.processRequest(FrameworkServlet.java:1014)
\tat jakarta.servlet.http.HttpServlet.service(HttpServlet.java:590)
\tat org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:140)
\tat org.apache.tomcat.util.threads.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:659)
\tat java.base/java.lang.Thread.run(Thread.java:1583)`;

function frontendRequest(out: LogBuffer, rng: Rng, r: Request): void {
  const c = r.ctx;
  if (r.status >= 500) {
    const api = `/api${r.path}`;
    const cause =
      r.status === 504
        ? `timeout of ${GATEWAY_TIMEOUT_MS}ms exceeded`
        : `Request failed with status code ${r.status}`;
    out.add(
      'frontend',
      r.pod,
      r.ts - 400,
      'error',
      `Upstream api-gateway responded ${r.status} for ${r.method} ${api} (req_id=${c.requestId}, ${Math.round(r.ms)} ms)`,
      `,"req_id":"${c.requestId}","upstream":"api-gateway","status":${r.status}`,
      r.traceId,
      r.spanId,
    );
    if (rng.chance(0.6)) {
      out.add(
        'frontend',
        r.pod,
        r.ts - 300,
        'error',
        `AxiosError: ${cause}${NODE_STACK}`,
        `,"req_id":"${c.requestId}","err_type":"AxiosError"`,
        r.traceId,
        r.spanId,
      );
    }
  } else if (r.route === '/checkout') {
    out.add(
      'frontend',
      r.pod,
      r.ts - 250,
      'info',
      `Checkout completed for session ${vocab.sessionId(rng)}: order ${c.orderId} (${c.amount} EUR)`,
      `,"req_id":"${c.requestId}","order_id":"${c.orderId}"`,
      r.traceId,
      r.spanId,
    );
  } else if (rng.chance(0.25)) {
    out.add(
      'frontend',
      r.pod,
      r.ts - 200,
      'debug',
      `SSR render of ${r.route} took ${rng.range(4, 60).toFixed(1)} ms (cache ${rng.chance(0.7) ? 'hit' : 'miss'})`,
      `,"req_id":"${c.requestId}"`,
      r.traceId,
      r.spanId,
    );
  }
  out.add(
    'frontend',
    r.pod,
    r.ts,
    levelFor(r.status),
    `${r.method} ${r.path} ${r.status} - ${r.ms.toFixed(1)} ms`,
    `,"req_id":"${c.requestId}","method":"${r.method}","route":"${r.route}","status":${r.status},"duration_ms":${Math.round(r.ms)},"remote_addr":"${c.clientIp}"`,
    r.traceId,
    r.spanId,
  );
}

function gatewayRequest(out: LogBuffer, rng: Rng, r: Request): void {
  const c = r.ctx;
  const upstream = r.upstream ?? 'inventory';
  const upstreamAddr = `${vocab.podIp(rng)}:8080`;
  const request = `"${r.method} ${r.path} HTTP/1.1"`;
  const connection = rng.int(10_000, 999_999);
  if (r.status === 502) {
    out.add(
      'api-gateway',
      r.pod,
      r.ts - 150,
      'error',
      `[error] 31#31: *${connection} upstream prematurely closed connection while reading response header from upstream, client: ${c.clientIp}, server: api.shop.example, request: ${request}, upstream: "http://${upstreamAddr}${r.path}", host: "api.shop.example"`,
      `,"upstream":"${upstream}","request_id":"${c.requestId}"`,
      r.traceId,
      r.spanId,
    );
  } else if (r.status === 504) {
    out.add(
      'api-gateway',
      r.pod,
      r.ts - 150,
      'error',
      `[error] 31#31: *${connection} upstream timed out (110: Connection timed out) while reading response header from upstream, client: ${c.clientIp}, server: api.shop.example, request: ${request}, upstream: "http://${upstreamAddr}${r.path}", host: "api.shop.example"`,
      `,"upstream":"${upstream}","request_id":"${c.requestId}"`,
      r.traceId,
      r.spanId,
    );
  }
  const seconds = (r.ms / 1000).toFixed(3);
  const upstreamSeconds =
    r.status === 502 ? '-' : (Math.max(0, r.ms - rng.range(0.2, 1.5)) / 1000).toFixed(3);
  const bytes = r.status >= 500 ? rng.int(150, 560) : rng.int(320, 18_000);
  out.add(
    'api-gateway',
    r.pod,
    r.ts,
    r.status >= 500 ? 'error' : 'info',
    `${c.clientIp} - - [${nginxTime(r.ts)}] ${request} ${r.status} ${bytes} rt=${seconds} urt=${upstreamSeconds} upstream=${upstream}`,
    `,"route":"${r.route}","status":${r.status},"method":"${r.method}","upstream":"${upstream}","duration_ms":${Math.round(r.ms)},"request_id":"${c.requestId}","user_agent":"${c.userAgent}"`,
    r.traceId,
    r.spanId,
  );
}

function checkoutRequest(out: LogBuffer, rng: Rng, r: Request): void {
  const c = r.ctx;
  const thread = httpThread(rng);
  const add = (dt: number, level: LogLevel, logger: string, message: string, extra = '') =>
    out.add('checkout', r.pod, r.ts - dt, level, message, jvm(logger, thread) + extra, r.traceId, r.spanId);
  const orderExtra = `,"order_id":"${c.orderId}","customer_id":"${c.customerId}"`;
  if (c.failure === 'pool-timeout') {
    add(
      900,
      'warn',
      'c.s.checkout.db.ConnectionGuard',
      `could not obtain connection from pool (active=5, idle=0, waiting=${c.poolWaiting}) after ${POOL_TIMEOUT_MS} ms for ${r.method} ${r.route}`,
    );
    if (rng.chance(0.35)) {
      add(800, 'warn', 'o.h.engine.jdbc.spi.SqlExceptionHelper', 'SQL Error: 0, SQLState: 08001');
      add(790, 'error', 'o.h.engine.jdbc.spi.SqlExceptionHelper', poolTimeoutMessage(c.poolWaiting));
    }
    add(
      600,
      'error',
      'o.a.c.c.C.[.[.[/].[dispatcherServlet]',
      `Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed: org.springframework.transaction.CannotCreateTransactionException: Could not open JPA EntityManager for transaction] with root cause\njava.sql.SQLTransientConnectionException: ${poolTimeoutMessage(c.poolWaiting)}${HIKARI_FRAMES}${CONTROLLER_FRAMES[r.route] ?? ''}${SERVLET_FRAMES}`,
      `,"exception":"java.sql.SQLTransientConnectionException"`,
    );
  } else if (c.failure === 'sql-timeout') {
    add(900, 'warn', 'o.h.engine.jdbc.spi.SqlExceptionHelper', 'SQL Error: 0, SQLState: 57014');
    add(
      890,
      'error',
      'o.h.engine.jdbc.spi.SqlExceptionHelper',
      'ERROR: canceling statement due to statement timeout',
    );
    add(
      600,
      'error',
      'c.s.checkout.web.ErrorHandler',
      `${r.method} ${r.route} failed after ${Math.round(r.ms)} ms: org.springframework.dao.QueryTimeoutException: could not execute statement [ERROR: canceling statement due to statement timeout]${CONTROLLER_FRAMES[r.route] ?? ''}${SERVLET_FRAMES}`,
      `,"exception":"org.springframework.dao.QueryTimeoutException"`,
    );
  } else if (c.failure === 'lock-conflict') {
    add(
      600,
      'error',
      'c.s.checkout.web.ErrorHandler',
      `Order ${c.orderId} failed for cart ${c.cartId}: org.springframework.orm.ObjectOptimisticLockingFailureException: Row was updated or deleted by another transaction (or unsaved-value mapping was incorrect): [com.shop.checkout.cart.Cart#${c.cartId}]${CONTROLLER_FRAMES['/api/checkout']}${SERVLET_FRAMES}`,
      `,"exception":"org.springframework.orm.ObjectOptimisticLockingFailureException"${orderExtra}`,
    );
  } else {
    if (c.poolWaitMs > 300) {
      add(
        (r.ms - c.poolWaitMs) * 1000,
        'warn',
        'c.s.checkout.db.ConnectionGuard',
        `Acquired database connection after ${Math.round(c.poolWaitMs)} ms (pool HikariPool-1: active=5, idle=0, waiting=${c.poolWaiting})`,
      );
    }
    if (r.route === '/api/checkout') {
      add(
        900,
        'debug',
        'c.s.checkout.order.OrderService',
        `Reserved ${c.quantity} x ${c.sku} for order ${c.orderId}`,
      );
      add(
        500,
        'info',
        'c.s.checkout.order.OrderService',
        `Payment authorized for order ${c.orderId}: ${c.paymentId} (psp_reference=${vocab.pspReference(rng)})`,
        orderExtra,
      );
      add(
        300,
        'info',
        'c.s.checkout.order.OrderService',
        `Order ${c.orderId} placed for customer ${c.customerId}: ${c.quantity + rng.int(0, 3)} items, total ${c.amount} EUR`,
        orderExtra,
      );
      if (rng.chance(0.01)) {
        add(
          700,
          'warn',
          'c.s.checkout.client.PaymentsClient',
          `Retrying POST /payments/authorize for order ${c.orderId} (attempt 2 of 3) after 200 ms: Read timed out`,
          orderExtra,
        );
      }
    } else if (r.route === '/api/cart') {
      add(
        400,
        'debug',
        'c.s.checkout.cart.CartService',
        `Loaded cart ${c.cartId} with ${rng.int(1, 9)} items for customer ${c.customerId}`,
      );
    } else if (r.route === '/api/cart/items') {
      add(400, 'info', 'c.s.checkout.cart.CartService', `Added ${c.quantity} x ${c.sku} to cart ${c.cartId}`);
    }
  }
  add(
    0,
    levelFor(r.status),
    'c.s.checkout.web.RequestLoggingFilter',
    `Completed ${r.method} ${r.path} with ${r.status} in ${Math.round(r.ms)} ms`,
    `,"method":"${r.method}","route":"${r.route}","status":${r.status},"duration_ms":${Math.round(r.ms)}`,
  );
}

function paymentsRequest(out: LogBuffer, rng: Rng, r: Request): void {
  const c = r.ctx;
  const add = (dt: number, level: LogLevel, message: string, extra = '') =>
    out.add(
      'payments',
      r.pod,
      r.ts - dt,
      level,
      message,
      `,"caller":"${CALLERS[level]}"${extra}`,
      r.traceId,
      r.spanId,
    );
  if (r.route === '/payments/authorize') {
    if (rng.chance(0.006)) {
      add(
        r.ms * 600,
        'warn',
        `psp request timed out after 2000ms, retrying (attempt 2/3) psp=adyen order=${c.orderId}`,
        `,"order_id":"${c.orderId}"`,
      );
    }
    // A traced authorization is one checkout saw succeed, so only untraced ones are declined.
    if (r.traceId === null && rng.chance(0.045)) {
      add(
        400,
        'info',
        `payment ${c.paymentId} declined by psp: reason=${rng.pick(vocab.DECLINE_REASONS)} order=${c.orderId} amount=${c.amount} EUR`,
        `,"order_id":"${c.orderId}","payment_id":"${c.paymentId}"`,
      );
    } else {
      add(
        400,
        'info',
        `authorized payment ${c.paymentId} for order ${c.orderId}: amount=${c.amount} EUR psp=adyen psp_reference=${vocab.pspReference(rng)} latency=${Math.round(r.ms * 0.8)}ms`,
        `,"order_id":"${c.orderId}","payment_id":"${c.paymentId}"`,
      );
    }
  } else if (rng.chance(0.1)) {
    add(300, 'debug', `idempotency key ${rng.hex(24)} seen before, replaying stored response`);
  }
  add(
    0,
    levelFor(r.status),
    `handled ${r.method} ${r.path} status=${r.status} duration=${r.ms.toFixed(2)}ms`,
    `,"method":"${r.method}","route":"${r.route}","status":${r.status},"duration_ms":${Math.round(r.ms)}`,
  );
}

const CALLERS: Readonly<Record<LogLevel, string>> = {
  trace: 'http/middleware.go:88',
  debug: 'idempotency/store.go:142',
  info: 'authorize/handler.go:97',
  warn: 'psp/adyen/client.go:213',
  error: 'authorize/handler.go:121',
  fatal: 'cmd/payments/main.go:64',
};

function inventoryRequest(out: LogBuffer, rng: Rng, r: Request): void {
  const c = r.ctx;
  const thread = httpThread(rng);
  const add = (dt: number, level: LogLevel, logger: string, message: string, extra = '') =>
    out.add('inventory', r.pod, r.ts - dt, level, message, jvm(logger, thread) + extra, r.traceId, r.spanId);
  if (r.route === '/inventory/reserve') {
    const available = rng.int(3, 400);
    add(
      300,
      'info',
      'c.s.inventory.stock.ReservationService',
      `Reserved ${c.quantity} x ${c.sku} for order ${c.orderId} (available ${available} -> ${available - c.quantity})`,
      `,"order_id":"${c.orderId}","sku":"${c.sku}"`,
    );
    if (available - c.quantity < 10) {
      add(
        200,
        'warn',
        'c.s.inventory.stock.ReservationService',
        `Low stock for ${c.sku}: ${available - c.quantity} units left (threshold 10)`,
      );
    }
  } else if (r.route === '/api/search') {
    add(
      300,
      'debug',
      'c.s.inventory.search.SearchService',
      `Search q=${c.searchTerm} returned ${rng.int(0, 480)} hits in ${Math.round(r.ms * 0.8)} ms`,
    );
  }
  const cache = r.route === '/api/products/{sku}' ? (c.cacheHit ? 'hit' : 'miss') : 'n/a';
  add(
    0,
    levelFor(r.status),
    'c.s.inventory.web.AccessLog',
    `${r.method} ${r.path} -> ${r.status} (${Math.round(r.ms)} ms, cache=${cache})`,
    `,"method":"${r.method}","route":"${r.route}","status":${r.status},"duration_ms":${Math.round(r.ms)}`,
  );
}

export const requestLines: Readonly<Record<ServiceName, (out: LogBuffer, rng: Rng, r: Request) => void>> = {
  frontend: frontendRequest,
  'api-gateway': gatewayRequest,
  checkout: checkoutRequest,
  payments: paymentsRequest,
  inventory: inventoryRequest,
};

/** Lines a JVM prints when a new pod starts (the pool configuration is the clue the incident turns on). */
export function jvmStartup(
  out: LogBuffer,
  rng: Rng,
  service: 'checkout' | 'inventory',
  pod: PodInfo,
  ts: number,
): void {
  const app = service === 'checkout' ? 'CheckoutApplication' : 'InventoryApplication';
  const pool = service === 'checkout' && pod.version === 'v2.14.0' ? 5 : service === 'checkout' ? 50 : 30;
  const seconds = rng.range(9, 14);
  const lines: [number, LogLevel, string, string][] = [
    [
      0,
      'info',
      `c.s.${service}.${app}`,
      `Starting ${app} ${pod.version} using Java 21.0.5 with PID 1 (/app/${service}.jar started by app in /app)`,
    ],
    [0.4, 'info', `c.s.${service}.${app}`, 'The following 1 profile is active: "prod"'],
    [3.1, 'info', 'o.s.b.w.embedded.tomcat.TomcatWebServer', 'Tomcat initialized with port 8080 (http)'],
    [5.2, 'info', 'com.zaxxer.hikari.HikariDataSource', 'HikariPool-1 - Starting...'],
    [
      5.3,
      'info',
      'com.zaxxer.hikari.HikariConfig',
      `HikariPool-1 - configuration: maximumPoolSize=${pool}, minimumIdle=${pool === 5 ? 5 : 10}, connectionTimeout=${POOL_TIMEOUT_MS}ms, maxLifetime=1800000ms, idleTimeout=600000ms`,
    ],
    [
      5.6,
      'info',
      'com.zaxxer.hikari.pool.HikariPool',
      `HikariPool-1 - Added connection org.postgresql.jdbc.PgConnection@${rng.hex(8)}`,
    ],
    [5.7, 'info', 'com.zaxxer.hikari.HikariDataSource', 'HikariPool-1 - Start completed.'],
    [
      seconds - 0.3,
      'info',
      'o.s.b.w.embedded.tomcat.TomcatWebServer',
      "Tomcat started on port 8080 (http) with context path '/'",
    ],
    [
      seconds,
      'info',
      `c.s.${service}.${app}`,
      `Started ${app} in ${seconds.toFixed(3)} seconds (process running for ${(seconds + 0.6).toFixed(3)})`,
    ],
  ];
  for (const [offset, level, logger, message] of lines) {
    out.add(service, pod, ts + offset * 1_000_000, level, message, jvm(logger, 'main'));
  }
}

/** Lines a JVM prints while its pod is replaced. */
export function jvmShutdown(
  out: LogBuffer,
  service: 'checkout' | 'inventory',
  pod: PodInfo,
  ts: number,
): void {
  const lines: [number, string, string][] = [
    [
      0,
      'o.s.b.w.embedded.tomcat.GracefulShutdown',
      'Commencing graceful shutdown. Waiting for active requests to complete',
    ],
    [1.2, 'o.s.b.w.embedded.tomcat.GracefulShutdown', 'Graceful shutdown complete'],
    [1.3, 'com.zaxxer.hikari.HikariDataSource', 'HikariPool-1 - Shutdown initiated...'],
    [1.5, 'com.zaxxer.hikari.HikariDataSource', 'HikariPool-1 - Shutdown completed.'],
  ];
  for (const [offset, logger, message] of lines) {
    out.add(
      service,
      pod,
      ts + offset * 1_000_000,
      'info',
      message,
      jvm(logger, 'SpringApplicationShutdownHook'),
    );
  }
}
