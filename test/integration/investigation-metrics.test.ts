import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingDraft } from '../../shared/model/investigation';
import { findingDraft } from '../../shared/model/investigation';
import type { AnalysisWindow } from '../../electron/core/investigation/analyzer';
import { correlationAnalyzer } from '../../electron/core/investigation/analyzers/correlation';
import { metricAnomaliesAnalyzer } from '../../electron/core/investigation/analyzers/metric-anomalies';
import { openWorkspaceDb, type Db } from '../../electron/core/db/open';
import { loadDemo, DEMO_INCIDENT_ID } from '../../electron/core/demo';
import { tempDir } from '../support/temp';
import { unexpectedWarning } from '../support/analyzers';

const MINUTE = 60_000_000;
let db: Db;
let window: AnalysisWindow;
let anomalies: FindingDraft[];
let correlations: FindingDraft[];

beforeAll(() => {
  db = openWorkspaceDb(path.join(tempDir('iwb-metrics-'), 'w.db')).db;
  loadDemo(db);
  const incident = db
    .prepare('SELECT started_at, resolved_at, services FROM incidents WHERE id = ?')
    .get(DEMO_INCIDENT_ID) as { started_at: number; resolved_at: number; services: string };
  const from = incident.started_at - 30 * MINUTE;
  const to = incident.resolved_at;
  window = {
    incidentId: DEMO_INCIDENT_ID,
    from,
    to,
    baselineFrom: from - (to - from),
    baselineTo: from,
    services: JSON.parse(incident.services) as string[],
  };
  anomalies = metricAnomaliesAnalyzer.run({ db, window, warn: unexpectedWarning });
  correlations = correlationAnalyzer.run({ db, window, warn: unexpectedWarning });
}, 120_000);

afterAll(() => db.close());

const at = (iso: string) => Date.parse(iso) * 1000;

describe('metric anomalies on the demo', () => {
  it('reports the checkout pool saturation and latency rise near 11:44, with their tags', () => {
    const pool = anomalies.find(
      (f) => f.service === 'checkout' && f.title.includes('db_pool_pending_requests'),
    );
    expect(pool?.tags).toContain('db-pool');
    expect(Math.abs(pool!.onset! - at('2026-11-18T11:44:00Z'))).toBeLessThan(5 * MINUTE);
    const latency = anomalies.find((f) => f.service === 'checkout' && f.tags.includes('latency'));
    expect(latency?.onset).toBeGreaterThan(at('2026-11-18T11:40:00Z'));
    const errors = anomalies.find((f) => f.service === 'checkout' && f.title.includes('5xx'));
    expect(errors?.tags).toContain('error-spike');
    expect(errors?.description).toMatch(/baseline median/);
  });

  it('reports each series once, every finding valid and backed by a previewed series', () => {
    const titles = anomalies.map((f) => f.title);
    expect(new Set(titles).size).toBe(titles.length);
    for (const finding of anomalies) {
      expect(findingDraft.safeParse(finding).success).toBe(true);
      expect(finding.evidence[0]?.ref.kind).toBe('series');
      expect(finding.evidence[0]?.preview?.kind).toBe('line');
      expect(finding.onset).toBeGreaterThanOrEqual(window.from);
    }
  });

  it('stays quiet about services the incident did not touch', () => {
    expect(anomalies.filter((f) => f.service === 'payments' || f.service === 'inventory')).toEqual([]);
  });
});

describe('metric correlation on the demo', () => {
  it('ties checkout pool pressure to checkout errors or latency with r, rho and a lag', () => {
    const pool = correlations.find(
      (f) => f.service === 'checkout' && f.title.includes('db_pool_pending_requests'),
    );
    expect(pool).toBeDefined();
    expect(pool!.description).toMatch(/r = 0\.\d\d, rho = -?0\.\d\d/);
    expect(pool!.evidence.length).toBeGreaterThan(1);
  });

  it('never correlates a series with itself or a sibling quantile, and only reports strong pairs', () => {
    for (const finding of correlations) {
      expect(findingDraft.safeParse(finding).success).toBe(true);
      const [source, ...targets] = finding.evidence;
      for (const target of targets) {
        if (target.ref.kind !== 'series' || source?.ref.kind !== 'series') continue;
        expect(target.ref.seriesIds).not.toContain(source.ref.seriesIds[0]);
      }
      if (finding.title.includes('http_request_duration_seconds'))
        expect(finding.title).not.toMatch(/latency/);
      for (const r of finding.description.matchAll(/r = (-?\d\.\d\d)/g)) {
        expect(Math.abs(Number(r[1]))).toBeGreaterThanOrEqual(0.7);
      }
    }
    expect(correlations.filter((f) => f.service === 'payments' || f.service === 'inventory')).toEqual([]);
  });
});
