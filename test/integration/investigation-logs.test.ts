import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingDraft, type FindingDraft } from '../../shared/model/investigation';
import { openWorkspaceDb, type Db } from '../../electron/core/db/open';
import { DEMO_INCIDENT_ID, loadDemo } from '../../electron/core/demo';
import type { AnalysisWindow, Analyzer } from '../../electron/core/investigation/analyzer';
import {
  defaultLogPatternRules,
  logPatternsAnalyzer,
  type LogPatternRule,
} from '../../electron/core/investigation/analyzers/log-patterns';
import { logTemplatesAnalyzer } from '../../electron/core/investigation/analyzers/log-templates';
import { logVolumeAnalyzer } from '../../electron/core/investigation/analyzers/log-volume';
import {
  metricThresholdsAnalyzer,
  type MetricThresholdRule,
} from '../../electron/core/investigation/analyzers/metric-thresholds';
import { deleteRule, saveRule } from '../../electron/core/investigation/rules';
import { tempDir } from '../support/temp';
import { unexpectedWarning } from '../support/analyzers';

const utc = (time: string) => Date.parse(`2026-11-18T${time}Z`) * 1000;
const QUIET = ['payments', 'inventory'];

let db: Db;
let window: AnalysisWindow;

beforeAll(() => {
  db = openWorkspaceDb(path.join(tempDir(), 'workspace.db')).db;
  loadDemo(db);
  const incident = db
    .prepare(
      'SELECT started_at AS startedAt, resolved_at AS resolvedAt, services FROM incidents WHERE id = ?',
    )
    .get(DEMO_INCIDENT_ID) as { startedAt: number; resolvedAt: number; services: string };
  const from = incident.startedAt - 30 * 60_000_000;
  const length = incident.resolvedAt - from;
  window = {
    incidentId: DEMO_INCIDENT_ID,
    from,
    to: incident.resolvedAt,
    baselineFrom: from - length,
    baselineTo: from,
    services: JSON.parse(incident.services) as string[],
  };
}, 120_000);

afterAll(() => db?.close());

function run(analyzer: Analyzer, warnings?: string[]): FindingDraft[] {
  const started = performance.now();
  const findings = analyzer.run({
    db,
    window,
    warn: warnings ? (message) => warnings.push(message) : unexpectedWarning,
  });
  console.log(
    `${analyzer.id}: ${findings.length} findings in ${(performance.now() - started).toFixed(0)} ms`,
  );
  for (const finding of findings) findingDraft.parse(finding);
  return findings;
}

const near = (ts: number | null, time: string, minutes: number) =>
  ts !== null && Math.abs(ts - utc(time)) <= minutes * 60_000_000;

describe('log and metric analyzers on the demo incident', () => {
  it('finds checkout DB pool timeouts in the logs from about 11:44 and nothing in quiet services', () => {
    const findings = run(logPatternsAnalyzer);
    const pool = findings.find(
      (f) =>
        f.service === 'checkout' &&
        (f.tags.includes('db-pool') || f.tags.includes('connection-timeout')) &&
        near(f.onset, '11:45', 3),
    );
    expect(pool, JSON.stringify(findings.map((f) => f.title))).toBeDefined();
    expect(pool?.tags).toContain('db-pool');
    expect(pool?.description).toMatch(/\d+ checkout log lines/);
    const preview = pool?.evidence[0]?.preview;
    expect(
      preview?.kind === 'lines' && preview.lines.some((l) => /Connection is not available/.test(l.message)),
    ).toBe(true);
    expect(findings.filter((f) => f.service !== null && QUIET.includes(f.service))).toEqual([]);
  });

  it('ranks the new checkout templates of the incident, with examples of each', () => {
    const findings = run(logTemplatesAnalyzer);
    expect(findings.length).toBeLessThanOrEqual(10);
    const checkoutNew = findings.filter((f) => f.service === 'checkout' && f.tags.includes('new-template'));
    expect(checkoutNew.length).toBeGreaterThan(0);
    expect(
      checkoutNew.some((f) =>
        /Connection is not available|obtain connection|database connection/.test(f.title),
      ),
    ).toBe(true);
    for (const finding of checkoutNew) {
      expect(near(finding.onset, '11:46', 5)).toBe(true);
      const evidence = finding.evidence[0];
      expect(evidence?.ref.kind).toBe('template');
      expect(evidence?.ref.kind === 'template' && evidence.ref.logIds.length).toBeGreaterThan(0);
    }
    expect(findings.filter((f) => f.service !== null && QUIET.includes(f.service))).toEqual([]);
  });

  it('reports the checkout error volume spike with its onset, and no spike for payments or inventory', () => {
    const findings = run(logVolumeAnalyzer);
    const checkout = findings.find((f) => f.service === 'checkout' && /error log volume/.test(f.title));
    expect(checkout).toBeDefined();
    expect(near(checkout?.onset ?? null, '11:45', 3)).toBe(true);
    expect(checkout?.tags).toContain('error-spike');
    expect(checkout?.evidence[0]?.preview?.kind).toBe('bars');
    expect(findings.filter((f) => f.service !== null && QUIET.includes(f.service))).toEqual([]);
  });

  it('fires the HTTP error-rate threshold for checkout and no CPU, memory or quiet-service thresholds', () => {
    const findings = run(metricThresholdsAnalyzer);
    const errorRate = findings.find((f) => f.service === 'checkout' && /error rate/.test(f.title));
    expect(errorRate).toBeDefined();
    expect(near(errorRate?.onset ?? null, '11:45', 3)).toBe(true);
    expect(errorRate?.evidence[0]?.ref.kind).toBe('series');
    expect(errorRate?.evidence[0]?.preview?.kind).toBe('line');
    expect(findings.filter((f) => /CPU|Memory/.test(f.title))).toEqual([]);
    expect(findings.filter((f) => f.service !== null && QUIET.includes(f.service))).toEqual([]);
  });

  it('uses rules the user saved and reports a broken stored rule without failing', () => {
    const poolWaits: LogPatternRule = {
      id: 'user-slow-pool-acquire',
      name: 'Slow connection acquisition',
      pattern: String.raw`Acquired database connection after \d{4,} ms`,
      flags: '',
      severity: 'warning',
      tags: ['db-latency'],
      prefilter: ['Acquired'],
      levels: [],
    };
    const stackTraces = defaultLogPatternRules.find((r) => r.id === 'stack-trace');
    if (!stackTraces) throw new Error('the default stack-trace rule is missing');
    saveRule(db, 'log_pattern', poolWaits, true);
    saveRule(db, 'log_pattern', stackTraces, false);
    db.prepare(
      "INSERT INTO analysis_rules (id, kind, definition, enabled, builtin, updated_at) VALUES ('user-broken', 'log_pattern', ?, 1, 0, 0)",
    ).run(JSON.stringify({ ...poolWaits, id: 'user-broken', pattern: '(unclosed' }));
    try {
      const warnings: string[] = [];
      const findings = run(logPatternsAnalyzer, warnings);
      expect(findings.find((f) => f.title === 'Slow connection acquisition in checkout')?.tags).toEqual([
        'db-latency',
      ]);
      expect(findings.filter((f) => f.tags.includes('stack-trace'))).toEqual([]);
      expect(warnings).toEqual([expect.stringMatching(/user-broken: pattern: does not compile/)]);
      expect(findings.some((f) => f.tags.includes('db-pool'))).toBe(true);
    } finally {
      for (const id of ['user-slow-pool-acquire', 'stack-trace', 'user-broken']) deleteRule(db, id);
    }
  });

  it('evaluates a user metric rule with label matchers and holds it to its duration', () => {
    const pending = (id: string, duration: string): MetricThresholdRule => ({
      id,
      name: `Pool queue above 10 for ${duration}`,
      signal: { kind: 'metric', metric: 'db_pool_pending_requests', matchers: { pool: 'HikariPool-1' } },
      op: '>',
      value: 10,
      for: duration,
      severity: 'warning',
      tags: ['db-pool'],
    });
    saveRule(db, 'metric_threshold', pending('user-pool-queue', '5m'), true);
    saveRule(db, 'metric_threshold', pending('user-pool-queue-all-day', '10h'), true);
    try {
      const findings = run(metricThresholdsAnalyzer);
      const queue = findings.filter((f) => f.title.startsWith('Pool queue above 10'));
      expect(queue.map((f) => [f.title, f.service])).toEqual([
        ['Pool queue above 10 for 5m in checkout', 'checkout'],
      ]);
      expect(near(queue[0]?.onset ?? null, '11:45', 5)).toBe(true);
    } finally {
      deleteRule(db, 'user-pool-queue');
      deleteRule(db, 'user-pool-queue-all-day');
    }
  });
});
