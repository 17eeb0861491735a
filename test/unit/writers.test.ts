import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspaceDb } from '../../electron/core/db/open';
import {
  appendTimeline,
  insertChange,
  insertIncident,
  upsertAlert,
} from '../../electron/core/db/writers/events';
import { createLogWriter, naturalKeyHash, normaliseLevel } from '../../electron/core/db/writers/logs';
import { canonicalLabels, createMetricWriter } from '../../electron/core/db/writers/metrics';
import { createSpanWriter } from '../../electron/core/db/writers/spans';
import { tempDir } from '../support/temp';

describe('normaliseLevel', () => {
  it.each([
    ['WARNING', 'warn'],
    ['warn', 'warn'],
    ['W', 'warn'],
    ['Err', 'error'],
    ['E', 'error'],
    ['SEVERE', 'error'],
    ['CRITICAL', 'fatal'],
    ['crit', 'fatal'],
    ['emerg', 'fatal'],
    ['PANIC', 'fatal'],
    ['INFO', 'info'],
    ['notice', 'info'],
    ['Information', 'info'],
    ['LOG', 'info'],
    ['DEBUG', 'debug'],
    ['debug2', 'debug'],
    ['FINE', 'debug'],
    ['trace', 'trace'],
    ['FINEST', 'trace'],
    ['verbose', 'trace'],
    ['[ERROR]', 'error'],
    [' warn: ', 'warn'],
    ['E0312', 'error'],
  ])('maps %j to %s', (raw, level) => {
    expect(normaliseLevel(raw)).toBe(level);
  });

  it('treats what it cannot read as info', () => {
    expect(normaliseLevel('')).toBe('info');
    expect(normaliseLevel('whatever')).toBe('info');
    expect(normaliseLevel('42')).toBe('info');
  });
});

describe('naturalKeyHash', () => {
  it('is a deterministic non-negative integer below 2^53', () => {
    const a = naturalKeyHash('GET /api/cart 200 12 ms', '{"pod":"checkout-1"}');
    expect(a).toBe(naturalKeyHash('GET /api/cart 200 12 ms', '{"pod":"checkout-1"}'));
    for (const value of [a, naturalKeyHash(''), naturalKeyHash('x'), naturalKeyHash('é ✓ 日本', null)]) {
      expect(Number.isSafeInteger(value)).toBe(true);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(2 ** 53);
    }
  });

  it('tells message and attributes apart', () => {
    expect(naturalKeyHash('ab', 'c')).not.toBe(naturalKeyHash('a', 'bc'));
    expect(naturalKeyHash('line', '{"a":1}')).not.toBe(naturalKeyHash('line', '{"a":2}'));
    expect(naturalKeyHash('line')).toBe(naturalKeyHash('line', null));
    expect(naturalKeyHash('line')).not.toBe(naturalKeyHash('line', '{}'));
  });

  it('does not collide on 200,000 similar lines', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 200_000; i++) seen.add(naturalKeyHash(`GET /api/orders/${i} 200 ${i % 97} ms`));
    expect(seen.size).toBe(200_000);
  });
});

describe('batch writers', () => {
  const open = () => openWorkspaceDb(path.join(tempDir(), 'w.db')).db;

  it('skips log lines it already has and reports only new ones', () => {
    const db = open();
    try {
      const writer = createLogWriter(db);
      const rows = [
        { source: 'loki', stream: '{app="a"}', ts: 1_000_000, level: 'info' as const, message: 'one' },
        {
          source: 'loki',
          stream: '{app="a"}',
          ts: 1_000_000,
          level: 'info' as const,
          message: 'two',
          attrs: { k: 'v' },
        },
      ];
      expect(writer.write(rows)).toBe(2);
      expect(writer.write(rows)).toBe(0);
      const stored = db.prepare("SELECT attrs FROM logs WHERE message = 'two'").get() as { attrs: string };
      expect(JSON.parse(stored.attrs)).toEqual({ k: 'v' });
      expect(
        (db.prepare("SELECT COUNT(*) AS n FROM logs_fts WHERE logs_fts MATCH 'two'").get() as { n: number })
          .n,
      ).toBe(1);
    } finally {
      db.close();
    }
  });

  it('writes batches larger than one statement and counts only the new rows', () => {
    const db = open();
    try {
      const writer = createLogWriter(db);
      const line = (i: number) => ({
        source: 'file',
        ts: 1_000_000 + i,
        level: 'info' as const,
        message: `line ${i}`,
      });
      const first = Array.from({ length: 250 }, (_, i) => line(i));
      expect(writer.write(first)).toBe(250);
      const second = Array.from({ length: 260 }, (_, i) => line(i + 5));
      expect(writer.write(second)).toBe(15);
      expect(writer.write([line(0), line(0), line(999)])).toBe(1);
      expect((db.prepare('SELECT COUNT(*) AS n FROM logs').get() as { n: number }).n).toBe(266);
    } finally {
      db.close();
    }
  });

  it('finds a metric series by its labels in any order and replaces re-pulled points', () => {
    const db = open();
    try {
      const writer = createMetricWriter(db);
      const a = writer.seriesId({ source: 'prom', name: 'up', labels: { service: 'api', job: 'x' } });
      expect(writer.seriesId({ source: 'prom', name: 'up', labels: { job: 'x', service: 'api' } })).toBe(a);
      expect(
        createMetricWriter(db).seriesId({ source: 'prom', name: 'up', labels: { job: 'x', service: 'api' } }),
      ).toBe(a);
      expect(canonicalLabels({ b: '2', a: '1' })).toBe('{"a":"1","b":"2"}');
      expect(writer.writePoints([{ seriesId: a, ts: 15_000_000, value: 1 }])).toBe(1);
      expect(
        writer.writePoints([
          { seriesId: a, ts: 15_000_000, value: 0 },
          { seriesId: a, ts: 30_000_000, value: NaN },
        ]),
      ).toBe(1);
      const row = db.prepare('SELECT service, kind FROM metric_series WHERE id = ?').get(a);
      expect(row).toEqual({ service: 'api', kind: 'gauge' });
      expect(db.prepare('SELECT ts, value FROM metric_points').all()).toEqual([{ ts: 15_000_000, value: 0 }]);
    } finally {
      db.close();
    }
  });

  it('writes spans once and keeps alerts linked to incidents on re-pull', () => {
    const db = open();
    try {
      const span = {
        traceId: '0af7651916cd43dd8448eb211c80319c',
        spanId: 'b7ad6b7169203331',
        source: 'otlp',
        service: 'api',
        name: 'GET /',
        kind: 'server' as const,
        startTs: 1_000_000,
        durationUs: 1500,
        attrs: { 'http.status_code': 200 },
      };
      expect(createSpanWriter(db).write([span, span])).toBe(1);

      insertIncident(db, {
        id: 'INC-1',
        title: 't',
        severity: 'SEV3',
        status: 'open',
        startedAt: 1,
        createdAt: 1,
      });
      const alert = {
        source: 'am',
        fingerprint: 'f1',
        alertname: 'Down',
        status: 'firing' as const,
        startsAt: 5,
        updatedAt: 5,
      };
      const id = upsertAlert(db, { ...alert, incidentId: 'INC-1' });
      expect(upsertAlert(db, { ...alert, status: 'resolved', endsAt: 9, updatedAt: 9 })).toBe(id);
      expect(db.prepare('SELECT status, ends_at, incident_id FROM alerts').all()).toEqual([
        { status: 'resolved', ends_at: 9, incident_id: 'INC-1' },
      ]);

      const change = { source: 'ci', ts: 7, service: 'api', kind: 'deploy' as const, title: 'Deploy api v2' };
      expect(insertChange(db, change)).toBe(true);
      expect(insertChange(db, change)).toBe(false);
      const entry = appendTimeline(db, {
        incidentId: 'INC-1',
        ts: 8,
        kind: 'note',
        title: 'n',
        data: { a: 1 },
        createdAt: 8,
      });
      expect(db.prepare('SELECT kind, data FROM incident_events WHERE id = ?').get(entry)).toEqual({
        kind: 'note',
        data: '{"a":1}',
      });
    } finally {
      db.close();
    }
  });
});
