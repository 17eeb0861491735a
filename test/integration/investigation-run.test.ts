import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Investigation } from '../../shared/model/investigation';
import { createCore, type Core } from '../../electron/core/app';
import { DEMO_INCIDENT_ID, DEPLOY_AT } from '../../electron/core/demo/scenario';
import { tempDir } from '../support/temp';

let core: Core;
let first: Investigation;
const progress: string[] = [];

async function call<T>(method: string, args: unknown): Promise<T> {
  const outcome = await core.dispatch(method, args);
  if (!outcome.ok) throw new Error(`${method} failed: ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.result as T;
}

beforeAll(async () => {
  core = createCore({ dbPath: path.join(tempDir(), 'workspace.db') });
  await call('loadDemo', {});
  core.bus.subscribe((event, payload) => {
    if (event === 'progress' && 'label' in payload && payload.task === 'investigation') {
      progress.push(payload.label);
    }
  });
  first = await call<Investigation>('runInvestigation', { incidentId: DEMO_INCIDENT_ID });
}, 180_000);

afterAll(() => core?.close());

const timeline = async () =>
  (
    await call<{ timeline: { kind: string; title: string; ref: { type: string; id: string } | null }[] }>(
      'getIncident',
      {
        id: DEMO_INCIDENT_ID,
      },
    )
  ).timeline;

describe('an investigation of the demo incident', () => {
  it('ranks the real cause first: the pool shrunk by the checkout deploy', () => {
    const [top, second] = first.hypotheses;
    expect(top?.ruleId).toBe('pool-misconfig-new-version');
    expect(top?.service).toBe('checkout');
    expect(top?.probability).toBeGreaterThan(second?.probability ?? 0);
    expect(top?.rationale).toMatch(/db-pool/);
    expect(top?.evidence.length).toBeGreaterThan(1);
    expect(top?.testPlan.some((step) => step.runbook === 'db-connection-pool-exhaustion')).toBe(true);
  });

  it('keeps every analyzer on the record and backs every finding with evidence', () => {
    expect(first.runs.map((run) => run.analyzer)).toEqual(
      expect.arrayContaining(['changes', 'log-patterns', 'traces']),
    );
    expect(first.runs.every((run) => run.error === null)).toBe(true);
    expect(first.findings.length).toBeGreaterThan(20);
    for (const finding of first.findings) expect(finding.evidence.length, finding.title).toBeGreaterThan(0);
    const deploy = first.findings.find((f) => f.analyzer === 'changes' && f.onset === DEPLOY_AT);
    expect(deploy?.tags).toContain('deploy');
    expect(progress).toEqual(expect.arrayContaining(first.runs.map((run) => run.title)));
  });

  it('puts finding onsets and proposed hypotheses on the timeline, linked to them', async () => {
    const entries = await timeline();
    const findingEntries = entries.filter(
      (entry) => entry.kind === 'finding' && entry.ref?.type === 'finding',
    );
    expect(findingEntries.length).toBeGreaterThan(5);
    const ids = new Set(first.findings.map((f) => String(f.id)));
    expect(findingEntries.every((entry) => ids.has(entry.ref?.id ?? ''))).toBe(true);
    expect(
      entries.some((entry) => entry.kind === 'hypothesis' && /^Proposed: Connection pool/.test(entry.title)),
    ).toBe(true);
  });

  it('moves a probability when evidence is attached or refutes it, and records who did it', async () => {
    const target = first.hypotheses.find((h) => h.ruleId === 'dependency-outage') ?? first.hypotheses.at(-1)!;
    const evidence = first.findings.find((f) => f.analyzer === 'what-changed')!.evidence[0]!;
    const refuted = await call<Investigation>('linkEvidence', {
      hypothesisId: target.id,
      evidenceId: evidence.id,
      stance: 'refutes',
    });
    const after = refuted.hypotheses.find((h) => h.id === target.id)!;
    expect(after.probability).toBeLessThan(target.probability);
    expect(after.evidence).toContainEqual({ evidenceId: evidence.id, stance: 'refutes' });
    const entries = await timeline();
    expect(entries.at(-1)?.title).toBe(`Evidence refutes: ${target.description}`);
  });

  it("proposes the confirmed hypothesis as root cause and keeps the engineer's work across a re-run", async () => {
    const top = first.hypotheses[0]!;
    const confirmed = await call<Investigation>('updateHypothesis', {
      hypothesisId: top.id,
      status: 'confirmed',
    });
    expect(confirmed.rootCauseHypothesisId).toBe(top.id);
    expect(confirmed.rootCause).toBe(top.description);
    const own = await call<{ id: number }>('addHypothesis', {
      investigationId: first.id,
      description: 'Payments slowed down the checkout path',
    });
    const refutedBefore = confirmed.hypotheses.find((h) => h.evidence.some((e) => e.stance === 'refutes'))!;

    const rerun = await call<Investigation>('runInvestigation', { incidentId: DEMO_INCIDENT_ID });
    expect(rerun.id).toBe(first.id);
    expect(rerun.hypotheses.find((h) => h.id === top.id)?.status).toBe('confirmed');
    expect(rerun.hypotheses.find((h) => h.id === own.id)?.description).toBe(
      'Payments slowed down the checkout path',
    );
    expect(rerun.rootCauseHypothesisId).toBe(top.id);
    const relinked = rerun.hypotheses.find((h) => h.id === refutedBefore.id)!;
    expect(relinked.evidence.filter((e) => e.stance === 'refutes')).toHaveLength(1);
    expect(relinked.probability).toBeCloseTo(refutedBefore.probability, 5);
    const findingEntries = (await timeline()).filter((entry) => entry.kind === 'finding');
    const surest = rerun.findings.filter((f) => f.onset !== null && f.confidence >= 0.8);
    expect(findingEntries.length).toBe(Math.min(20, surest.length));
  });

  it('refuses evidence from elsewhere and bad rules with a sentence naming the problem', async () => {
    const outcome = await core.dispatch('linkEvidence', {
      hypothesisId: first.hypotheses[0]!.id,
      evidenceId: 987_654_321,
      stance: 'supports',
    });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.code).toBe('not_found');
    const bad = await core.dispatch('saveAnalysisRule', {
      kind: 'hypothesis',
      definition: { id: 'mine', cause: 'Cosmic rays', all: ['solar-flare'], prior: 0.1, category: 'space' },
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/all\.0/);
  });

  it('uses a hypothesis rule the engineer saved', async () => {
    await call('saveAnalysisRule', {
      kind: 'hypothesis',
      definition: {
        id: 'gateway-retry-storm',
        cause: 'Gateway retries amplify a failing upstream',
        category: 'retry storm',
        all: ['connection-reset'],
        any: ['error-spike'],
        prior: 0.3,
      },
    });
    const listed = await call<{ rules: { id: string; builtin: boolean }[] }>('listAnalysisRules', {
      kind: 'hypothesis',
    });
    expect(listed.rules.find((rule) => rule.id === 'gateway-retry-storm')?.builtin).toBe(false);
    const rerun = await call<Investigation>('runInvestigation', { incidentId: DEMO_INCIDENT_ID });
    const mine = rerun.hypotheses.find((h) => h.ruleId === 'gateway-retry-storm');
    expect(mine?.service).toBe('api-gateway');
    await call('resetAnalysisRule', { id: 'gateway-retry-storm' });
  });
});
