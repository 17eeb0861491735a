import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoResult } from '../../shared/model/workspace';
import { openWorkspaceDb, type Db } from '../../electron/core/db/open';
import { DEMO_INCIDENT_ID, DEMO_SOURCE, loadDemo, type DemoProgress } from '../../electron/core/demo';

const utc = (time: string) => Date.parse(`2026-11-18T${time}Z`) * 1000;
const FROM = utc('08:00:00');
const TO = utc('14:00:00');
const DEPLOY = utc('11:42:10');
const STEP = 15_000_000;
const SERVICES = ['api-gateway', 'checkout', 'frontend', 'inventory', 'payments'];

/** Loading takes seconds and every test only reads, so the whole file shares one load. */
let dir: string;
let db: Db;
let result: DemoResult;
const progress: DemoProgress[] = [];

const count = (sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n;

/** What a user would compare between two loads: rows of every kind, without the autoincrement ids. */
function contentDigest(): string {
  const hash = crypto.createHash('sha256');
  const feed = (sql: string) => {
    for (const row of db.prepare(sql).iterate(DEMO_SOURCE)) hash.update(JSON.stringify(row));
  };
  feed(
    'SELECT stream, ts, hash, service, level, message, attrs, trace_id, span_id FROM logs WHERE source = ? AND hash % 50 = 0 ORDER BY stream, ts, hash',
  );
  feed(
    "SELECT trace_id, span_id, parent_span_id, service, name, kind, start_ts, duration_us, status, status_message, attrs, events FROM spans WHERE source = ? AND span_id LIKE 'a%' ORDER BY trace_id, span_id",
  );
  feed(
    'SELECT s.name, s.labels, p.ts, p.value FROM metric_points p JOIN metric_series s ON s.id = p.series_id WHERE s.source = ? AND p.ts % 900000000 = 0 ORDER BY s.name, s.labels, p.ts',
  );
  feed(
    'SELECT fingerprint, alertname, status, starts_at, ends_at, labels, annotations, incident_id FROM alerts WHERE source = ? ORDER BY starts_at',
  );
  hash.update(
    JSON.stringify(
      db.prepare('SELECT ts, kind, title, body, actor FROM incident_events ORDER BY ts, kind, title').all(),
    ),
  );
  return hash.digest('hex');
}

function tableCounts() {
  return {
    logs: count('SELECT COUNT(*) AS n FROM logs'),
    series: count('SELECT COUNT(*) AS n FROM metric_series'),
    points: count('SELECT COUNT(*) AS n FROM metric_points'),
    spans: count('SELECT COUNT(*) AS n FROM spans'),
    changes: count('SELECT COUNT(*) AS n FROM changes'),
    alerts: count('SELECT COUNT(*) AS n FROM alerts'),
    incidents: count('SELECT COUNT(*) AS n FROM incidents'),
    timeline: count('SELECT COUNT(*) AS n FROM incident_events'),
    fts: count('SELECT COUNT(*) AS n FROM logs_fts'),
  };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iwb-demo-'));
  db = openWorkspaceDb(path.join(dir, 'workspace.db')).db;
  result = loadDemo(db, (p) => progress.push(p));
}, 180_000);

afterAll(() => {
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the demo incident', () => {
  it('reports what it wrote, and it is what the workspace holds', () => {
    const counts = tableCounts();
    expect(result.incidentId).toBe(DEMO_INCIDENT_ID);
    expect(result.counts).toEqual({
      logs: counts.logs,
      series: counts.series,
      points: counts.points,
      traces: count('SELECT COUNT(DISTINCT trace_id) AS n FROM spans'),
      spans: counts.spans,
      alerts: counts.alerts,
    });
    expect(counts.fts).toBe(counts.logs);
    expect(result.seconds).toBeGreaterThan(0);
  });

  it('reports progress per phase, each ending complete', () => {
    const labels = [...new Set(progress.map((p) => p.label))];
    expect(labels.length).toBeGreaterThanOrEqual(4);
    for (const label of labels) {
      const last = progress.filter((p) => p.label === label).at(-1);
      expect(last).toBeDefined();
      expect(last?.done).toBe(last?.total);
    }
  });

  it('has six hours of logs from all five services', () => {
    expect(count('SELECT COUNT(*) AS n FROM logs WHERE source = ?', DEMO_SOURCE)).toBeGreaterThanOrEqual(
      200_000,
    );
    const services = db.prepare('SELECT DISTINCT service FROM logs ORDER BY service').all() as {
      service: string;
    }[];
    expect(services.map((s) => s.service)).toEqual(SERVICES);
    const range = db.prepare('SELECT MIN(ts) AS lo, MAX(ts) AS hi FROM logs').get() as {
      lo: number;
      hi: number;
    };
    expect(range.lo).toBeGreaterThanOrEqual(FROM);
    expect(range.hi).toBeLessThanOrEqual(TO + 60_000_000);
    expect(range.hi - range.lo).toBeGreaterThan(5.9 * 3600 * 1_000_000);
    const levels = db.prepare('SELECT DISTINCT level FROM logs').all() as { level: string }[];
    expect(levels.map((l) => l.level).sort()).toEqual(['debug', 'error', 'info', 'warn']);
    expect(count("SELECT COUNT(*) AS n FROM logs WHERE level = 'info'")).toBeGreaterThan(
      count('SELECT COUNT(*) AS n FROM logs') / 2,
    );
  });

  it('has log text varied enough for template mining', () => {
    const distinct = count('SELECT COUNT(DISTINCT message) AS n FROM logs');
    expect(distinct).toBeGreaterThan(100_000);
    const loggers = count(
      "SELECT COUNT(DISTINCT json_extract(attrs, '$.logger')) AS n FROM logs WHERE service = 'checkout'",
    );
    expect(loggers).toBeGreaterThanOrEqual(8);
    expect(
      count("SELECT COUNT(*) AS n FROM logs WHERE message LIKE '%' || char(10) || char(9) || 'at %'"),
    ).toBeGreaterThan(100);
    expect(count("SELECT COUNT(*) AS n FROM logs WHERE json_extract(attrs, '$.pod') IS NULL")).toBe(0);
  });

  it('has at least 50 series, each with 1,441 points 15 s apart over the window', () => {
    const series = db
      .prepare(
        `SELECT s.id, s.name, s.labels, s.service, COUNT(*) AS n, COUNT(DISTINCT p.ts) AS d, MIN(p.ts) AS lo, MAX(p.ts) AS hi,
           SUM(p.ts % ${STEP} != ${FROM % STEP}) AS off_grid
         FROM metric_series s JOIN metric_points p ON p.series_id = s.id WHERE s.source = ? GROUP BY s.id`,
      )
      .all(DEMO_SOURCE) as {
      name: string;
      labels: string;
      service: string;
      n: number;
      d: number;
      lo: number;
      hi: number;
      off_grid: number;
    }[];
    expect(series.length).toBeGreaterThanOrEqual(50);
    for (const s of series) {
      expect({ name: s.name, n: s.n, d: s.d, lo: s.lo, hi: s.hi, offGrid: s.off_grid }).toEqual({
        name: s.name,
        n: 1441,
        d: 1441,
        lo: FROM,
        hi: TO,
        offGrid: 0,
      });
      expect(JSON.parse(s.labels).service).toBe(s.service);
      expect(SERVICES).toContain(s.service);
    }
    const names = new Set(series.map((s) => s.name));
    for (const name of [
      'http_requests_total',
      'http_request_duration_seconds',
      'process_cpu_usage',
      'db_pool_pending_requests',
    ]) {
      expect(names).toContain(name);
    }
  });

  it('shows the incident in checkout latency and the pool, not in payments', () => {
    const at = (name: string, labels: string, ts: number) =>
      (
        db
          .prepare(
            'SELECT p.value FROM metric_points p JOIN metric_series s ON s.id = p.series_id WHERE s.name = ? AND s.labels = ? AND p.ts = ?',
          )
          .get(name, labels, ts) as { value: number }
      ).value;
    const p95 = (service: string, ts: number) =>
      at('http_request_duration_seconds', `{"quantile":"0.95","service":"${service}"}`, ts);
    expect(p95('checkout', utc('10:00:00'))).toBeLessThan(0.2);
    expect(p95('checkout', utc('12:10:00'))).toBeGreaterThan(2);
    expect(p95('checkout', utc('13:30:00'))).toBeLessThan(0.2);
    expect(p95('payments', utc('12:10:00'))).toBeLessThan(2 * p95('payments', utc('10:00:00')));
    const pool = '{"pool":"HikariPool-1","service":"checkout"}';
    expect(at('db_pool_max_connections', pool, utc('10:00:00'))).toBe(50);
    expect(at('db_pool_max_connections', pool, utc('12:10:00'))).toBe(5);
    expect(at('db_pool_pending_requests', pool, utc('12:10:00'))).toBeGreaterThan(5);
  });

  it('has 5,000 traces with well-formed ids, 4 to 12 spans each, children inside their parents', () => {
    expect(count('SELECT COUNT(DISTINCT trace_id) AS n FROM spans WHERE source = ?', DEMO_SOURCE)).toBe(5000);
    const sizes = db
      .prepare('SELECT MIN(n) AS lo, MAX(n) AS hi FROM (SELECT COUNT(*) AS n FROM spans GROUP BY trace_id)')
      .get();
    expect(sizes).toEqual({ lo: 4, hi: 12 });
    expect(
      count("SELECT COUNT(*) AS n FROM spans WHERE length(trace_id) != 32 OR trace_id GLOB '*[^0-9a-f]*'"),
    ).toBe(0);
    expect(
      count("SELECT COUNT(*) AS n FROM spans WHERE length(span_id) != 16 OR span_id GLOB '*[^0-9a-f]*'"),
    ).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM spans WHERE parent_span_id IS NULL')).toBe(5000);
    expect(
      count(
        `SELECT COUNT(*) AS n FROM spans c LEFT JOIN spans p ON p.trace_id = c.trace_id AND p.span_id = c.parent_span_id
         WHERE c.parent_span_id IS NOT NULL AND (p.id IS NULL OR c.start_ts < p.start_ts
           OR c.start_ts + c.duration_us > p.start_ts + p.duration_us)`,
      ),
    ).toBe(0);
    const errors = db
      .prepare(
        "SELECT service, MIN(start_ts) AS first FROM spans WHERE status = 'error' AND status_message LIKE 'HikariPool-1%' GROUP BY service",
      )
      .all() as { service: string; first: number }[];
    expect(errors.map((e) => e.service)).toEqual(['checkout']);
    expect(errors[0]?.first).toBeGreaterThan(DEPLOY);
    expect(
      count("SELECT COUNT(*) AS n FROM spans WHERE json_extract(attrs, '$.\"db.system\"') = 'postgresql'"),
    ).toBeGreaterThan(1000);
  });

  it('links logs to traces that exist', () => {
    expect(count('SELECT COUNT(*) AS n FROM logs WHERE trace_id IS NOT NULL')).toBeGreaterThan(10_000);
    expect(
      count(
        `SELECT COUNT(*) AS n FROM logs l WHERE l.trace_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM spans s WHERE s.trace_id = l.trace_id AND s.span_id = l.span_id)`,
      ),
    ).toBe(0);
  });

  it('concentrates checkout errors after the deploy', () => {
    const before = count(
      "SELECT COUNT(*) AS n FROM logs WHERE service = 'checkout' AND level = 'error' AND ts < ?",
      DEPLOY,
    );
    const after = count(
      "SELECT COUNT(*) AS n FROM logs WHERE service = 'checkout' AND level = 'error' AND ts >= ?",
      DEPLOY,
    );
    const ratePerHour = (n: number, from: number, to: number) => n / ((to - from) / 3_600_000_000);
    expect(after).toBeGreaterThan(500);
    expect(ratePerHour(after, DEPLOY, TO)).toBeGreaterThanOrEqual(10 * ratePerHour(before, FROM, DEPLOY));
    expect(
      count(
        "SELECT COUNT(*) AS n FROM logs WHERE service = 'checkout' AND message LIKE '%Connection is not available, request timed out%' AND ts < ?",
        DEPLOY,
      ),
    ).toBe(0);
    expect(count("SELECT COUNT(*) AS n FROM logs_fts WHERE logs_fts MATCH 'HikariPool'")).toBeGreaterThan(
      500,
    );
    for (const service of ['payments', 'inventory']) {
      expect(count("SELECT COUNT(*) AS n FROM logs WHERE service = ? AND level = 'error'", service)).toBe(0);
    }
  });

  it('records the bad deploy, its rollback and unrelated changes', () => {
    const changes = db
      .prepare('SELECT ts, service, kind, title, version, author FROM changes ORDER BY ts')
      .all() as {
      ts: number;
      service: string;
      kind: string;
      title: string;
      version: string | null;
      author: string | null;
    }[];
    expect(changes).toContainEqual({
      ts: DEPLOY,
      service: 'checkout',
      kind: 'deploy',
      title: 'Deploy checkout v2.14.0',
      version: 'v2.14.0',
      author: 'ci-bot',
    });
    const rollback = changes.find((c) => c.service === 'checkout' && c.version === 'v2.13.4');
    expect(rollback?.ts).toBeGreaterThan(utc('12:25:00'));
    expect(rollback?.ts).toBeLessThan(utc('12:35:00'));
    expect(changes.filter((c) => c.service !== 'checkout').length).toBeGreaterThanOrEqual(2);
  });

  it('has three alerts linked to the resolved incident, firing after the onset', () => {
    const incident = db.prepare('SELECT * FROM incidents WHERE id = ?').get(DEMO_INCIDENT_ID) as Record<
      string,
      unknown
    >;
    expect(incident).toMatchObject({ severity: 'SEV2', status: 'resolved' });
    expect(JSON.parse(incident.services as string)).toEqual(['checkout', 'api-gateway', 'frontend']);
    const alerts = db
      .prepare('SELECT * FROM alerts WHERE incident_id = ? ORDER BY starts_at')
      .all(DEMO_INCIDENT_ID) as {
      alertname: string;
      status: string;
      starts_at: number;
      ends_at: number;
      labels: string;
      annotations: string;
    }[];
    expect(alerts.map((a) => a.alertname).sort()).toEqual([
      'ApiGatewayUpstream5xx',
      'CheckoutHighErrorRate',
      'CheckoutLatencySLOBurn',
    ]);
    for (const alert of alerts) {
      expect(alert.status).toBe('resolved');
      expect(alert.starts_at).toBeGreaterThan(incident.started_at as number);
      expect(alert.ends_at).toBeGreaterThan(incident.mitigated_at as number);
      expect(alert.ends_at).toBeLessThanOrEqual(incident.resolved_at as number);
      expect(JSON.parse(alert.annotations)).toHaveProperty('runbook_url');
      expect(JSON.parse(alert.labels)).toHaveProperty('severity');
    }
    expect(incident.detected_at).toBe(alerts[0]?.starts_at);
    const order = ['started_at', 'detected_at', 'acknowledged_at', 'mitigated_at', 'resolved_at'].map(
      (k) => incident[k] as number,
    );
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const kinds = db
      .prepare('SELECT DISTINCT kind FROM incident_events WHERE incident_id = ?')
      .all(DEMO_INCIDENT_ID) as { kind: string }[];
    expect(kinds.map((k) => k.kind).sort()).toEqual(['alert', 'deploy', 'note', 'status']);
  });

  it('gives the same content when loaded again, without duplicates, and leaves the database sound', () => {
    const before = { counts: tableCounts(), digest: contentDigest() };
    const again = loadDemo(db);
    expect(again.counts).toEqual(result.counts);
    expect(tableCounts()).toEqual(before.counts);
    expect(contentDigest()).toBe(before.digest);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(() =>
      db.prepare("INSERT INTO logs_fts (logs_fts) VALUES ('integrity-check')").run(),
    ).not.toThrow();
  }, 240_000);
});
