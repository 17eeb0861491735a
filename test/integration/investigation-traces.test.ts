import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingDraft, type FindingDraft } from '../../shared/model/investigation';
import { openWorkspaceDb, type Db } from '../../electron/core/db/open';
import { loadDemo } from '../../electron/core/demo';
import type { AnalysisWindow } from '../../electron/core/investigation/analyzer';
import { changesAnalyzer } from '../../electron/core/investigation/analyzers/changes';
import { tracesAnalyzer } from '../../electron/core/investigation/analyzers/traces';
import { whatChangedAnalyzer } from '../../electron/core/investigation/analyzers/what-changed';
import { tempDir } from '../support/temp';
import { unexpectedWarning } from '../support/analyzers';

const utc = (time: string) => Date.parse(`2026-11-18T${time}Z`) * 1000;

let db: Db;
let window: AnalysisWindow;

/** Loading takes seconds and every test only reads, so the whole file shares one load. */
beforeAll(() => {
  db = openWorkspaceDb(path.join(tempDir('iwb-inv-traces-'), 'workspace.db')).db;
  const { incidentId } = loadDemo(db);
  const incident = db
    .prepare('SELECT started_at, resolved_at, services FROM incidents WHERE id = ?')
    .get(incidentId) as {
    started_at: number;
    resolved_at: number;
    services: string;
  };
  const from = incident.started_at - 30 * 60_000_000;
  const length = incident.resolved_at - from;
  window = {
    incidentId,
    from,
    to: incident.resolved_at,
    baselineFrom: from - length,
    baselineTo: from,
    services: JSON.parse(incident.services) as string[],
  };
}, 180_000);

afterAll(() => {
  db?.close();
});

function valid(findings: FindingDraft[]): FindingDraft[] {
  for (const finding of findings) {
    findingDraft.parse(finding);
    expect(finding.evidence.length).toBeGreaterThan(0);
    expect(finding.evidence.some((e) => e.preview !== null)).toBe(true);
  }
  return findings;
}

describe('traces analyzer on the demo', () => {
  it('finds checkout errors and a checkout latency regression that start around 11:44', () => {
    const findings = valid(tracesAnalyzer.run({ db, window, warn: unexpectedWarning }));
    const errors = findings.find((f) => f.service === 'checkout' && f.tags.includes('error-spike'));
    const latency = findings.find(
      (f) => f.service === 'checkout' && f.type === 'anomaly' && f.tags.includes('latency'),
    );
    expect(errors).toBeDefined();
    expect(latency).toBeDefined();
    for (const finding of [errors, latency]) {
      expect(finding?.onset).toBeGreaterThanOrEqual(utc('11:42:00'));
      expect(finding?.onset).toBeLessThanOrEqual(utc('11:50:00'));
      const ref = finding?.evidence[0]?.ref;
      expect(ref?.kind === 'spans' && ref.traceIds.length > 0).toBe(true);
    }
  });

  it('puts checkout on the critical path of the slowest traces', () => {
    const path = tracesAnalyzer
      .run({ db, window, warn: unexpectedWarning })
      .find((f) => f.type === 'pattern' && f.tags.includes('latency'));
    expect(path?.service).toBe('checkout');
  });

  it('reports nothing for the quiet services and no new dependency', () => {
    const findings = tracesAnalyzer.run({ db, window, warn: unexpectedWarning });
    expect(findings.filter((f) => f.service === 'payments' || f.service === 'inventory')).toEqual([]);
    expect(findings.filter((f) => f.tags.includes('new-edge'))).toEqual([]);
  });
});

describe('what-changed analyzer on the demo', () => {
  it('names checkout v2.14.0 as over-represented among failed requests, tagged as a deploy', () => {
    const findings = valid(whatChangedAnalyzer.run({ db, window, warn: unexpectedWarning }));
    const version = findings.find(
      (f) => f.service === 'checkout' && f.title.includes('v2.14.0') && f.tags.includes('error-spike'),
    );
    expect(version?.tags).toContain('deploy');
    expect(version?.description).toMatch(/did not occur at all in the baseline/);
    expect(findings.filter((f) => f.service === 'payments' || f.service === 'inventory')).toEqual([]);
  });
});

describe('changes analyzer on the demo', () => {
  it('ranks the checkout v2.14.0 deploy above the red herrings', () => {
    const findings = valid(changesAnalyzer.run({ db, window, warn: unexpectedWarning }));
    const confidence = (title: string) => findings.find((f) => f.title.startsWith(title))?.confidence ?? -1;
    const culprit = confidence('Deploy checkout v2.14.0');
    expect(culprit).toBeGreaterThan(confidence('Deploy inventory v3.8.2'));
    expect(culprit).toBeGreaterThan(confidence('Raise /api/search rate limit'));
    expect(culprit).toBeGreaterThan(confidence('Enable recommendations-carousel'));
    expect(confidence('Deploy inventory v3.8.2')).toBeGreaterThanOrEqual(0);
    expect(findings[0]?.tags).toContain('deploy');
    expect(findings.filter((f) => f.tags.includes('alert')).length).toBe(3);
  });
});
