import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspaceDb, type Db } from '../../electron/core/db/open';
import { createLogWriter, type LogLevel } from '../../electron/core/db/writers/logs';
import type { AnalysisWindow } from '../../electron/core/investigation/analyzer';
import {
  defaultLogPatternRules,
  logPatternRule,
  logPatternsAnalyzer,
} from '../../electron/core/investigation/analyzers/log-patterns';
import { tempDir } from '../support/temp';
import { unexpectedWarning } from '../support/analyzers';

const MINUTE = 60_000_000;
const T0 = Date.parse('2026-03-02T10:00:00Z') * 1000;
const window: AnalysisWindow = {
  incidentId: 'INC-TEST',
  from: T0,
  to: T0 + 60 * MINUTE,
  baselineFrom: T0 - 60 * MINUTE,
  baselineTo: T0,
  services: [],
};

/** Lines as real systems print them, each with the rule an on-call engineer expects to fire. */
const realLines: { rule: string; level: LogLevel; message: string }[] = [
  {
    rule: 'out-of-memory',
    level: 'error',
    message:
      'Exception in thread "http-nio-8080-exec-7" java.lang.OutOfMemoryError: Java heap space\n\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)',
  },
  {
    rule: 'out-of-memory',
    level: 'fatal',
    message: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
  },
  {
    rule: 'oom-killer',
    level: 'error',
    message:
      'Out of memory: Killed process 23418 (java) total-vm:8126504kB, anon-rss:3985788kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:8316kB oom_score_adj:0',
  },
  {
    rule: 'oom-killer',
    level: 'warn',
    message: 'java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=998',
  },
  {
    rule: 'oom-killer',
    level: 'warn',
    message:
      'Container app in pod checkout-7d9f-x2 was killed by OOM killer (reason OOMKilled, exit code 137)',
  },
  {
    rule: 'connection-refused',
    level: 'error',
    message:
      'Error: connect ECONNREFUSED 10.0.3.17:5432\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)',
  },
  {
    rule: 'connection-refused',
    level: 'error',
    message: 'dial tcp 10.0.3.17:6379: connect: connection refused',
  },
  {
    rule: 'connection-reset',
    level: 'error',
    message: 'read tcp 10.0.1.5:48122->10.0.3.17:443: read: connection reset by peer',
  },
  {
    rule: 'connection-timeout',
    level: 'error',
    message: 'dial tcp 10.0.3.17:5432: i/o timeout',
  },
  {
    rule: 'connection-timeout',
    level: 'error',
    message:
      'org.apache.http.conn.ConnectTimeoutException: Connect to payments:8080 failed: connect timed out',
  },
  {
    rule: 'db-pool-exhausted',
    level: 'error',
    message:
      'HikariPool-1 - Connection is not available, request timed out after 30000ms (total=10, active=10, idle=0, waiting=31)',
  },
  {
    rule: 'db-pool-exhausted',
    level: 'error',
    message: 'FATAL:  sorry, too many clients already',
  },
  {
    rule: 'deadlock',
    level: 'error',
    message:
      'ERROR:  deadlock detected\nDETAIL:  Process 9612 waits for ShareLock on transaction 1043; blocked by process 9607.',
  },
  {
    rule: 'database-error',
    level: 'error',
    message:
      'org.postgresql.util.PSQLException: FATAL: password authentication failed for user "orders" (SQLSTATE 28P01)',
  },
  {
    rule: 'tls-error',
    level: 'error',
    message:
      'Get "https://payments.internal/healthz": x509: certificate has expired or is not yet valid: current time 2026-03-02T10:14:02Z is after 2026-03-01T00:00:00Z',
  },
  {
    rule: 'tls-error',
    level: 'error',
    message:
      'javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException',
  },
  {
    rule: 'disk-full',
    level: 'error',
    message: 'could not write to file "pg_wal/xlogtemp.3127": No space left on device',
  },
  {
    rule: 'disk-full',
    level: 'error',
    message: "Error: ENOSPC: no space left on device, write '/var/log/app/app.log'",
  },
  {
    rule: 'panic',
    level: 'error',
    message:
      'panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x6f1a2b]\n\ngoroutine 1 [running]:',
  },
  {
    rule: 'stack-trace',
    level: 'error',
    message:
      'Request failed\njava.lang.IllegalStateException: cart is empty\n\tat com.shop.cart.CartService.checkout(CartService.java:88)\n\tat com.shop.web.CartController.post(CartController.java:41)',
  },
  {
    rule: 'stack-trace',
    level: 'error',
    message:
      'Traceback (most recent call last):\n  File "/app/worker.py", line 42, in run\n    job()\nKeyError: \'order_id\'',
  },
];

/** Lines that merely mention the words: configuration, successes, metrics. */
const benignLines: { level: LogLevel; message: string }[] = [
  { level: 'info', message: 'http client configured: timeout=30s configured, retries=3' },
  { level: 'info', message: 'connect_timeout: 10s read_timeout: 30s' },
  { level: 'info', message: 'HikariPool-1 - Pool stats (total=10, active=2, idle=8, waiting=0)' },
  { level: 'info', message: 'TLS certificate for api.shop.example renewed, valid until 2027-03-02' },
  { level: 'info', message: 'disk usage 41% on /var/lib/postgresql (120 GiB free)' },
  { level: 'info', message: 'memory usage 1.2 GiB of 4 GiB limit' },
  { level: 'warn', message: 'deadlock_timeout is set to 1s; consider raising it' },
  { level: 'info', message: 'Executed SQL query in 3 ms: SELECT id FROM orders WHERE customer_id = $1' },
  { level: 'info', message: 'at 10:14 the nightly job started (pid 3127)' },
];

let db: Db;

beforeAll(() => {
  db = openWorkspaceDb(path.join(tempDir(), 'workspace.db')).db;
  const lines = [
    ...realLines.map((line, index) => ({ ...line, service: `real-${index}` })),
    ...benignLines.map((line, index) => ({ ...line, service: `benign-${index}` })),
  ];
  createLogWriter(db).write(
    lines.map((line, index) => ({
      source: 'test',
      ts: T0 + (index + 1) * MINUTE,
      service: line.service,
      level: line.level,
      message: line.message,
    })),
  );
});

afterAll(() => db.close());

/** Which rules fired for each service, through the full-text prefilter and the regex, as in an investigation. */
function firedRules(): Map<string, string[]> {
  const byService = new Map<string, string[]>();
  for (const finding of logPatternsAnalyzer.run({ db, window, warn: unexpectedWarning })) {
    const rule = defaultLogPatternRules.find((r) => finding.title.startsWith(r.name));
    if (!finding.service || !rule) continue;
    byService.set(finding.service, [...(byService.get(finding.service) ?? []), rule.id]);
  }
  return byService;
}

describe('default log pattern rules', () => {
  it('recognise real out-of-memory, connection, database, TLS, disk and crash lines', () => {
    const fired = firedRules();
    realLines.forEach((line, index) => {
      expect(fired.get(`real-${index}`) ?? [], line.message).toContain(line.rule);
    });
  });

  it('stay quiet on lines that only mention timeouts, pools, certificates or disks', () => {
    const fired = firedRules();
    benignLines.forEach((line, index) => {
      expect(fired.get(`benign-${index}`) ?? [], line.message).toEqual([]);
    });
  });

  it('tag the pool exhaustion line so hypotheses about the database pool can match it', () => {
    const finding = logPatternsAnalyzer
      .run({ db, window, warn: unexpectedWarning })
      .find((f) => f.service === `real-${realLines.findIndex((l) => l.rule === 'db-pool-exhausted')}`);
    expect(finding?.tags).toEqual(expect.arrayContaining(['db-pool', 'connection-timeout']));
    expect(finding?.evidence[0]?.preview).toMatchObject({ kind: 'lines' });
  });

  it('every default rule is valid under the schema users edit rules with', () => {
    for (const rule of defaultLogPatternRules)
      expect(logPatternRule.safeParse(rule).success, rule.id).toBe(true);
  });

  it('rejects a rule whose pattern does not compile, naming the field', () => {
    const result = logPatternRule.safeParse({ ...defaultLogPatternRules[0], pattern: '(unclosed' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['pattern']);
    expect(result.error?.issues[0]?.message).toMatch(/does not compile/);
  });
});
