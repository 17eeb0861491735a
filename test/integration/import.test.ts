import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runIwb, REPO_ROOT } from '../support/cli';
import { GENERATED_SERVICES, generateLogFile } from '../support/generate-logs';
import { tempDir } from '../support/temp';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'import');
/** Every copied fixture gets this modification time: syslog's missing year and untimed samples come from it. */
const MTIME = new Date(Date.UTC(2026, 10, 24, 12, 0, 0));
const MTIME_US = MTIME.getTime() * 1000;

/** µs of a UTC civil time. */
const utc = (h: number, m: number, s: number, us = 0, day = 24, month = 11, year = 2026) =>
  Date.UTC(year, month - 1, day, h, m, s) * 1000 + us;

interface FileSummary {
  file: string;
  format: string | null;
  dialect: string | null;
  lines: number;
  entries: number;
  stored: number;
  duplicates: number;
  rejected: number;
  firstRejected: { line: number; reason: string } | null;
  error: string | null;
}

interface Workspace {
  dir: string;
  db: string;
}

function workspace(): Workspace {
  const dir = tempDir();
  return { dir, db: path.join(dir, 'w.db') };
}

function copyFixture(ws: Workspace, name: string): string {
  const file = path.join(ws.dir, name);
  fs.copyFileSync(path.join(FIXTURES, name), file);
  fs.utimesSync(file, MTIME, MTIME);
  return file;
}

function importFiles(ws: Workspace, files: string[], args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const result = runIwb(['import', ...files, '--db', ws.db, '--json', ...args], env);
  const last = result.stdout.trim().split('\n').pop() ?? '';
  const summary = last.startsWith('{') ? (JSON.parse(last) as { files: FileSummary[] }) : { files: [] };
  return { ...result, files: summary.files };
}

function query<T>(ws: Workspace, sql: string, ...params: unknown[]): T[] {
  const db = new Database(ws.db, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

interface LogRowView {
  source: string;
  stream: string;
  ts: number;
  service: string;
  level: string;
  message: string;
  attrs: string | null;
  trace_id: string | null;
  span_id: string | null;
}

const logs = (ws: Workspace) =>
  query<LogRowView>(
    ws,
    'SELECT source, stream, ts, service, level, message, attrs, trace_id, span_id FROM logs ORDER BY id',
  );

const brief = (rows: LogRowView[]) => rows.map((r) => [r.ts, r.level, r.service, r.message]);

describe('iwb import: structured logs', () => {
  it('reads JSON lines with the common key spellings, skipping and counting malformed lines', () => {
    const ws = workspace();
    const run = importFiles(ws, [copyFixture(ws, 'app.jsonl')]);
    expect(run.code).toBe(0);
    expect(run.files[0]).toMatchObject({ format: 'jsonl', lines: 8, entries: 6, stored: 6, rejected: 2 });
    expect(run.files[0]?.firstRejected).toMatchObject({ line: 4 });
    expect(run.files[0]?.firstRejected?.reason).toContain('invalid JSON');
    const rows = logs(ws);
    expect(rows.every((r) => r.source === 'file:app.jsonl' && r.stream === 'app.jsonl')).toBe(true);
    expect(brief(rows)).toEqual([
      [utc(9, 15, 2, 123_456), 'info', 'checkout', 'listening on :8080'],
      [utc(9, 15, 2, 500_000), 'warn', 'checkout', 'slow query'],
      [utc(9, 15, 3, 1), 'error', 'payments', 'payment declined'],
      [utc(9, 15, 4, 123_000), 'debug', 'app', 'cache miss'],
      // An epoch in ns past 2^53 keeps its microseconds exactly.
      [utc(9, 15, 5, 123_456), 'error', 'app', 'pino fatal-ish error'],
      [utc(9, 15, 6), 'info', 'app', 'docker line'],
    ]);
    expect(rows[0]?.attrs).toBe('{"port":8080}');
    expect(rows[1]).toMatchObject({
      attrs: '{"duration_ms":1234}',
      trace_id: '5b8efff798038103d269b633813fc60c',
      span_id: 'eee19b7ec3c1b174',
    });
    expect(rows[2]?.attrs).toBeNull();
  });

  it('reads logfmt with quoted values, escapes and flags', () => {
    const ws = workspace();
    const run = importFiles(ws, [copyFixture(ws, 'app.logfmt')]);
    expect(run.code).toBe(0);
    expect(run.files[0]).toMatchObject({
      format: 'logfmt',
      stored: 3,
      rejected: 1,
      firstRejected: { line: 4 },
    });
    const rows = logs(ws);
    expect(brief(rows)).toEqual([
      [utc(9, 15, 2, 250_000), 'info', 'auth', 'user logged in'],
      [utc(9, 15, 3), 'error', 'auth', 'token refresh failed: "expired"'],
      [utc(9, 15, 4, 500_000), 'warn', 'app', 'slow'],
    ]);
    expect(rows.map((r) => r.attrs)).toEqual(['{"user":"alice"}', '{"retry":true}', '{"duration":"1.5s"}']);
    expect(rows[1]?.trace_id).toBe('0af7651916cd43dd8448eb211c80319c');
  });
});

describe('iwb import: plain text with timestamps', () => {
  const cases: { file: string; dialect: string; rows: unknown[][]; rejected?: number }[] = [
    {
      file: 'iso.log',
      dialect: 'iso',
      rejected: 2,
      rows: [
        [utc(9, 15, 2, 123_456), 'info', 'iso', 'server started'],
        [utc(7, 15, 3), 'error', 'iso', 'upstream timed out'],
        [utc(9, 15, 5), 'info', 'iso', 'plain message without a level'],
      ],
    },
    {
      file: 'syslog.log',
      dialect: 'syslog-rfc3164',
      rows: [
        [utc(9, 15, 2), 'info', 'nginx', 'worker process started'],
        [utc(9, 15, 3), 'error', 'sshd', 'maximum authentication attempts exceeded for root'],
        [utc(9, 15, 4), 'error', 'cron', 'job failed'],
        // After the file was last written, so it belongs to the year before.
        [utc(23, 59, 59, 0, 31, 12, 2025), 'info', 'kernel', 'clock from last year'],
      ],
    },
    {
      file: 'syslog5424.log',
      dialect: 'syslog-rfc5424',
      rows: [
        [utc(9, 15, 2, 3000), 'fatal', 'su', "'su root' failed for lonvick on /dev/pts/8"],
        [utc(9, 15, 3, 123_456), 'info', 'evntslog', 'An application event log entry'],
        [utc(9, 15, 4), 'info', 'app', 'debug details'],
      ],
    },
    {
      file: 'access.log',
      dialect: 'apache-access',
      rows: [
        [utc(9, 15, 2), 'info', 'access', expect.stringContaining('GET /api/cart')],
        [utc(9, 15, 3), 'error', 'access', expect.stringContaining('POST /api/checkout')],
        [utc(9, 15, 4), 'warn', 'access', expect.stringContaining('GET /missing')],
        // The same health check twice in one second: both kept.
        [utc(9, 15, 4), 'info', 'access', expect.stringContaining('GET /healthz')],
        [utc(9, 15, 4), 'info', 'access', expect.stringContaining('GET /healthz')],
      ],
    },
    {
      file: 'go.log',
      dialect: 'go',
      rows: [
        [utc(9, 15, 2), 'info', 'go', 'starting server on :8080'],
        [utc(9, 15, 3, 250_000), 'error', 'go', 'dial tcp 10.0.0.5:5432: connect: connection refused'],
        [
          utc(9, 15, 4),
          'warn',
          'go',
          'retrying in 2s\npanic: runtime error: invalid memory address or nil pointer dereference\n' +
            '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a1b2c]',
        ],
      ],
    },
    {
      file: 'log4j.log',
      dialect: 'log4j',
      rows: [
        [utc(9, 15, 2, 123_000), 'info', 'log4j', 'Started Application in 4.2 seconds'],
        [
          utc(9, 15, 3, 456_000),
          'error',
          'log4j',
          'Order 1234 failed\njava.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available\n' +
            '\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:686)\n' +
            '\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:179)',
        ],
        [utc(9, 15, 4, 789_000), 'warn', 'log4j', '12 stale carts'],
        [utc(9, 15, 5), 'debug', 'log4j', 'org.hibernate.SQL: select 1'],
      ],
    },
    {
      file: 'python.log',
      dialect: 'python',
      rows: [
        [utc(9, 15, 2, 123_000), 'info', 'python', 'reserved 3 units'],
        [
          utc(9, 15, 3, 456_000),
          'error',
          'python',
          'reservation 42 failed\nTraceback (most recent call last):\n' +
            '  File "/app/inventory/sync.py", line 88, in reserve\n    cursor.execute(SQL)\n' +
            'psycopg2.errors.DeadlockDetected: deadlock detected',
        ],
        [utc(9, 15, 4, 789_000), 'warn', 'python', 'low stock for sku-1'],
      ],
    },
    {
      file: 'python-basic.log',
      dialect: 'python-basic',
      rows: [
        [MTIME_US, 'info', 'python-basic', 'worker started'],
        [MTIME_US, 'warn', 'python-basic', 'low stock for sku-1'],
        [
          MTIME_US,
          'error',
          'python-basic',
          'reservation 42 failed\nTraceback (most recent call last):\n' +
            '  File "/app/inventory/sync.py", line 88, in reserve\nValueError: bad quantity',
        ],
      ],
    },
  ];

  for (const c of cases) {
    it(`detects and reads ${c.dialect} (${c.file})`, () => {
      const ws = workspace();
      const run = importFiles(ws, [copyFixture(ws, c.file)]);
      expect(run.code).toBe(0);
      expect(run.files[0]).toMatchObject({
        format: 'text',
        dialect: c.dialect,
        stored: c.rows.length,
        rejected: c.rejected ?? 0,
      });
      expect(brief(logs(ws))).toEqual(c.rows);
    });
  }

  it('keeps the attributes each layout carries', () => {
    const ws = workspace();
    const files = ['syslog.log', 'log4j.log', 'access.log'].map((name) => copyFixture(ws, name));
    expect(importFiles(ws, files).code).toBe(0);
    const attrs = query<{ attrs: string }>(ws, 'SELECT attrs FROM logs ORDER BY id').map((r) => r.attrs);
    expect(attrs[0]).toBe('{"host":"web-01","pid":1234}');
    expect(attrs[5]).toBe('{"thread":"http-nio-8080-exec-7","logger":"com.shop.checkout.OrderService"}');
    expect(attrs.at(-2)).toBe('{"client":"10.0.0.1","status":200}');
    expect(attrs.at(-1)).toBe('{"client":"10.0.0.1","status":200,"occurrence":2}');
  });

  it('reports an impossible date as rejected and does not glue its continuation to the entry before', () => {
    const ws = workspace();
    const run = importFiles(ws, [copyFixture(ws, 'iso.log')]);
    expect(run.files[0]?.firstRejected?.line).toBe(3);
    expect(run.files[0]?.firstRejected?.reason).toContain('impossible date');
    expect(logs(ws).some((r) => r.message.includes('continuation'))).toBe(false);
  });
});

describe('iwb import: metrics and traces', () => {
  it('reads Prometheus text exposition into series and points', () => {
    const ws = workspace();
    const run = importFiles(ws, [copyFixture(ws, 'metrics.prom')]);
    expect(run.code).toBe(0);
    expect(run.files[0]).toMatchObject({ format: 'prom', entries: 8, stored: 8, rejected: 1 });
    expect(run.files[0]?.firstRejected?.line).toBe(13);
    const points = query<{
      name: string;
      labels: string;
      service: string;
      kind: string;
      ts: number;
      value: number;
    }>(
      ws,
      `SELECT s.name, s.labels, s.service, s.kind, p.ts, p.value
         FROM metric_points p JOIN metric_series s ON s.id = p.series_id ORDER BY s.id, p.ts`,
    );
    expect(points).toContainEqual({
      name: 'http_requests_total',
      labels: '{"code":"200","method":"post","service":"checkout"}',
      service: 'checkout',
      kind: 'counter',
      ts: utc(9, 15, 2),
      value: 1027,
    });
    // No timestamp on the sample: the file's modification time.
    expect(points).toContainEqual(
      expect.objectContaining({
        name: 'queue_depth',
        labels: '{"queue":"emails \\"priority\\""}',
        ts: MTIME_US,
      }),
    );
    expect(points).toContainEqual(
      expect.objectContaining({
        name: 'request_seconds_bucket',
        service: 'api',
        kind: 'histogram',
        value: 33444,
      }),
    );
    // OpenMetrics writes seconds with a fraction.
    expect(points).toContainEqual(
      expect.objectContaining({
        name: 'process_start_time_seconds',
        ts: utc(9, 15, 3, 500_000),
        value: 1795511000.25,
      }),
    );
  });

  it('converts a Jaeger JSON export into spans, rejecting only the malformed span', () => {
    const ws = workspace();
    const run = importFiles(ws, [copyFixture(ws, 'jaeger.json')]);
    expect(run.code).toBe(0);
    expect(run.files[0]).toMatchObject({ format: 'jaeger-json', entries: 3, stored: 3, rejected: 1 });
    expect(run.files[0]?.firstRejected?.reason).toContain('spanID');
    const spans = query<Record<string, unknown>>(
      ws,
      `SELECT trace_id, span_id, parent_span_id, source, service, name, kind, start_ts, duration_us, status, attrs, events
         FROM spans ORDER BY start_ts, span_id`,
    );
    expect(spans).toEqual([
      {
        trace_id: '5b8efff798038103d269b633813fc60c',
        span_id: 'eee19b7ec3c1b174',
        parent_span_id: null,
        source: 'file:jaeger.json',
        service: 'checkout',
        name: 'POST /api/checkout',
        kind: 'server',
        start_ts: utc(9, 15, 2, 123_456),
        duration_us: 250_000,
        status: 'error',
        attrs: '{"hostname":"app-02","http.status_code":500}',
        events:
          '[{"name":"exception","ts":1795511702300000,"attrs":{"event":"exception","message":"pool timeout"}}]',
      },
      expect.objectContaining({
        span_id: '1a2b3c4d5e6f7081',
        parent_span_id: 'eee19b7ec3c1b174',
        service: 'postgres',
      }),
      expect.objectContaining({
        trace_id: '00000000000000000000000000000abc',
        span_id: '0000000000000def',
        status: 'ok',
        start_ts: utc(9, 15, 3),
      }),
    ]);
  });

  it('hands OTLP JSON files (one document, or one per line) to the OTLP ingest', () => {
    const ws = workspace();
    const run = importFiles(ws, [copyFixture(ws, 'otlp-traces.json'), copyFixture(ws, 'otlp-logs.jsonl')]);
    expect(run.code).toBe(0);
    expect(run.files.map((f) => [f.format, f.stored])).toEqual([
      ['otlp-json', 2],
      ['otlp-json', 2],
    ]);
    const spans = query<{ service: string; start_ts: number; duration_us: number }>(
      ws,
      'SELECT service, start_ts, duration_us FROM spans ORDER BY start_ts',
    );
    expect(spans).toEqual([
      { service: 'checkout', start_ts: utc(9, 15, 2, 123_456), duration_us: 250_000 },
      { service: 'payments', start_ts: utc(9, 15, 2, 200_000), duration_us: 100_000 },
    ]);
    expect(logs(ws).map((r) => [r.ts, r.level, r.message])).toEqual([
      [utc(9, 15, 2), 'error', 'token refresh failed'],
      [utc(9, 15, 3), 'info', 'session renewed'],
    ]);
  });
});

describe('iwb import: detection, refusals and idempotence', () => {
  it('detects every fixture format in one run', () => {
    const ws = workspace();
    const names = fs.readdirSync(FIXTURES).sort();
    const run = importFiles(
      ws,
      names.map((name) => copyFixture(ws, name)),
    );
    expect(run.code).toBe(0);
    const formats = Object.fromEntries(run.files.map((f) => [path.basename(f.file), f.dialect ?? f.format]));
    expect(formats).toEqual({
      'access.log': 'apache-access',
      'app.jsonl': 'jsonl',
      'app.logfmt': 'logfmt',
      'go.log': 'go',
      'iso.log': 'iso',
      'jaeger.json': 'jaeger-json',
      'log4j.log': 'log4j',
      'metrics.prom': 'prom',
      'otlp-logs.jsonl': 'otlp-json',
      'otlp-traces.json': 'otlp-json',
      'python-basic.log': 'python-basic',
      'python.log': 'python',
      'syslog.log': 'syslog-rfc3164',
      'syslog5424.log': 'syslog-rfc5424',
    });
  });

  it('prints a readable summary without --json', () => {
    const ws = workspace();
    const result = runIwb(['import', copyFixture(ws, 'app.jsonl'), '--db', ws.db]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '(jsonl): 8 lines read, 6 stored, 2 rejected (first: app.jsonl:4: invalid JSON',
    );
  });

  it('exits non-zero naming the first bad line when a file has no usable line', () => {
    const ws = workspace();
    const file = path.join(ws.dir, 'notes.txt');
    fs.writeFileSync(file, 'shopping list\n\n  eggs\nmilk\n');
    const run = importFiles(ws, [file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${file}:1: no timestamp in a recognised layout`);
    expect(run.files[0]).toMatchObject({ stored: 0, rejected: 3 });
  });

  it('exits non-zero when a forced format reads nothing, naming the line and why', () => {
    const ws = workspace();
    const file = copyFixture(ws, 'app.logfmt');
    const run = importFiles(ws, [file], ['--format', 'jsonl']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${file}:1: invalid JSON`);
  });

  it('refuses a binary file up front and writes nothing', () => {
    const ws = workspace();
    const file = path.join(ws.dir, 'image.log');
    fs.writeFileSync(
      file,
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]),
    );
    const run = importFiles(ws, [file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('looks like a binary file');
    const latin1 = path.join(ws.dir, 'latin1.log');
    fs.writeFileSync(latin1, Buffer.from('2026-11-24T09:15:02Z INFO caf\xe9 au lait\n', 'latin1'));
    const second = importFiles(ws, [latin1]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('is not UTF-8 text');
    expect(logs(ws)).toEqual([]);
  });

  it('explains a missing file', () => {
    const ws = workspace();
    const run = importFiles(ws, [path.join(ws.dir, 'nope.log')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Cannot read');
  });

  it('adds nothing when the same files are imported again', () => {
    const ws = workspace();
    const files = ['access.log', 'log4j.log', 'app.jsonl', 'metrics.prom', 'jaeger.json'].map((n) =>
      copyFixture(ws, n),
    );
    const count = () =>
      query<{ n: number }>(
        ws,
        `SELECT (SELECT COUNT(*) FROM logs) + (SELECT COUNT(*) FROM metric_points) + (SELECT COUNT(*) FROM spans) AS n`,
      )[0]?.n;
    expect(importFiles(ws, files).code).toBe(0);
    const first = count();
    const again = importFiles(ws, files);
    expect(again.code).toBe(0);
    expect(count()).toBe(first);
    const access = again.files[0];
    expect(access).toMatchObject({ stored: 0, duplicates: 5 });
  });

  it('reads gzip files on the fly, keyed as the plain file', () => {
    const plain = workspace();
    expect(importFiles(plain, [copyFixture(plain, 'log4j.log')]).code).toBe(0);
    const zipped = workspace();
    const file = path.join(zipped.dir, 'log4j.log.gz');
    fs.writeFileSync(file, zlib.gzipSync(fs.readFileSync(path.join(FIXTURES, 'log4j.log'))));
    const run = importFiles(zipped, [file]);
    expect(run.code).toBe(0);
    expect(run.files[0]).toMatchObject({ dialect: 'log4j', stored: 4 });
    expect(logs(zipped)).toEqual(logs(plain));
  });

  it('takes the service from --service over the line and the file name', () => {
    const ws = workspace();
    expect(importFiles(ws, [copyFixture(ws, 'syslog.log')], ['--service', 'edge']).code).toBe(0);
    expect(new Set(logs(ws).map((r) => r.service))).toEqual(new Set(['edge']));
  });
});

describe('iwb import: a large file', () => {
  it('streams a generated file with stack traces in bounded memory', () => {
    const ws = workspace();
    const file = path.join(ws.dir, 'services.log');
    const generated = generateLogFile(file, { lines: 400_000, stackTraces: true });
    const probe = path.join(ws.dir, 'probe.cjs');
    const rssFile = path.join(ws.dir, 'rss.txt');
    fs.writeFileSync(
      probe,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`,
    );
    // A heap smaller than the file: holding the file, or all its rows, would abort the import.
    const heapMb = 40;
    expect(generated.bytes).toBeGreaterThan(heapMb * 1024 * 1024);
    const run = importFiles(ws, [file], [], {
      NODE_OPTIONS: `--max-old-space-size=${heapMb} --require ${probe}`,
    });
    expect(run.stderr).not.toContain('heap out of memory');
    expect(run.code).toBe(0);
    expect(run.files[0]).toMatchObject({
      lines: generated.lines,
      entries: generated.entries,
      stored: generated.entries,
      rejected: 0,
    });
    const levels = Object.fromEntries(
      query<{ level: string; n: number }>(ws, 'SELECT level, COUNT(*) AS n FROM logs GROUP BY level').map(
        (r) => [r.level, r.n],
      ),
    );
    expect(levels).toEqual(generated.levels);
    const services = query<{ service: string }>(ws, 'SELECT DISTINCT service FROM logs ORDER BY service');
    expect(services.map((r) => r.service)).toEqual([...GENERATED_SERVICES].sort());
    const traces = query<{ n: number }>(
      ws,
      "SELECT COUNT(*) AS n FROM logs WHERE message LIKE '%' || char(10) || '%'",
    );
    expect(traces[0]?.n).toBeGreaterThan(0);
    const peakMb = Number(fs.readFileSync(rssFile, 'utf8')) / 1024;
    expect(peakMb).toBeLessThan(300);
  }, 300_000);
});
