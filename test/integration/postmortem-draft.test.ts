import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PostmortemDraft } from '../../shared/methods/postmortem';
import type { Hypothesis, Investigation } from '../../shared/model/investigation';
import { openWorkspaceDb } from '../../electron/core/db/open';
import { DEMO_INCIDENT_ID, loadDemo } from '../../electron/core/demo/index';
import { updateHypothesis } from '../../electron/core/investigation/hypotheses/actions';
import { runInvestigation } from '../../electron/core/investigation/run';
import { draftPostmortem } from '../../electron/core/postmortem/draft';

const SECTIONS = [
  'Summary',
  'Impact',
  'Root causes',
  'Trigger',
  'Resolution',
  'Detection',
  'Action items',
  'Lessons learned',
  'Timeline',
  'Supporting information',
];

let before: PostmortemDraft;
let after: PostmortemDraft;
let top: Hypothesis;
let investigation: Investigation;
let timelineEntries: number;

/** One demo workspace, drafted before and after its most likely hypothesis is confirmed. */
beforeAll(async () => {
  const { db } = openWorkspaceDb(`${fs.mkdtempSync(path.join(os.tmpdir(), 'iwb-pm-draft-'))}/ws.db`);
  loadDemo(db);
  investigation = await runInvestigation(db, DEMO_INCIDENT_ID);
  const first = investigation.hypotheses[0];
  if (!first) throw new Error('the demo investigation proposed no hypothesis');
  top = first;
  before = draftPostmortem(db, DEMO_INCIDENT_ID);
  updateHypothesis(db, { hypothesisId: top.id, status: 'confirmed' });
  after = draftPostmortem(db, DEMO_INCIDENT_ID);
  timelineEntries = db
    .prepare('SELECT COUNT(*) AS n FROM incident_events WHERE incident_id = ?')
    .pluck()
    .get(DEMO_INCIDENT_ID) as number;
  db.close();
  fs.rmSync(path.dirname(db.name), { recursive: true, force: true });
});

/** The part of a Markdown document between `## name` and the next `## `. */
function section(markdown: string, name: string): string {
  const start = markdown.indexOf(`\n## ${name}\n`);
  const end = markdown.indexOf('\n## ', start + 4);
  return markdown.slice(start, end < 0 ? undefined : end);
}

describe('post-mortem draft of the demo incident', () => {
  it('holds the confirmed root cause, the deploy, the alerts, runbook steps and a chart', () => {
    const draft = after;
    const md = draft.markdown;

    const positions = SECTIONS.map((name) => md.indexOf(`\n## ${name}\n`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);

    expect(section(md, 'Root causes')).toContain(top.description);
    expect(section(md, 'Root causes')).toContain(`(#hypothesis/${top.id})`);
    expect(section(md, 'Trigger')).toContain('v2.14.0');
    for (const alert of ['CheckoutHighErrorRate', 'CheckoutLatencySLOBurn', 'ApiGatewayUpstream5xx']) {
      expect(section(md, 'Detection')).toContain(alert);
    }
    const runbooks = top.testPlan.filter((s) => s.runbook).map((s) => `\`${s.runbook}\``);
    expect(runbooks.length).toBeGreaterThan(0);
    for (const runbook of runbooks) expect(section(md, 'Resolution')).toContain(runbook);

    const chartBlocks = [...md.matchAll(/```chart\n(\{.*\})\n```/g)].map(
      (m) => JSON.parse(m[1] ?? '') as { evidenceId: number },
    );
    expect(chartBlocks.length).toBeGreaterThanOrEqual(1);
    const evidenceIds = investigation.findings.flatMap((f) => f.evidence.map((e) => e.id));
    for (const block of chartBlocks) expect(evidenceIds).toContain(block.evidenceId);
    expect(draft.charts.map((c) => c.evidenceId)).toEqual(chartBlocks.map((b) => b.evidenceId));
    expect(draft.charts[0]?.values.length).toBeGreaterThan(1);

    expect(md).toContain('> **Author:** Describe');
    expect(section(md, 'Lessons learned')).toContain('> **Author:**');

    const timelineRows = section(md, 'Timeline')
      .split('\n')
      .filter((l) => /^\| (\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d \|/.test(l));
    expect(timelineRows.length).toBe(timelineEntries);
  });

  it('ends every generated sentence with a reference the sources list resolves', () => {
    const draft = after;
    const prose = draft.markdown.split('\n').filter((line) => {
      const t = line.trim();
      return (
        t !== '' &&
        !t.startsWith('#') &&
        !t.startsWith('> **Author:**') &&
        !t.startsWith('```') &&
        !t.startsWith('{"evidenceId"') &&
        !/^\|[-|]+\|$/.test(t) &&
        !t.startsWith('| Time') &&
        !t.startsWith('| Action item') &&
        t !== '**Authors:**'
      );
    });
    expect(prose.length).toBeGreaterThan(20);
    for (const line of prose) expect(line, line).toMatch(/\[↗\]\(#[a-z_]+\/[^)]+\)( \|)?$/);
    const keys = new Set(draft.sources.map((s) => `${s.kind}/${s.id}`));
    for (const match of draft.markdown.matchAll(/\(#([a-z_]+\/[^)\s]+)\)/g))
      expect(keys.has(match[1] ?? '')).toBe(true);
  });

  it('leaves the root cause to the author, with the top hypotheses as candidates, until one is confirmed', () => {
    const rootCause = section(before.markdown, 'Root causes');
    expect(rootCause).toContain('> **Author:** No hypothesis is confirmed yet');
    for (const h of investigation.hypotheses.slice(0, 3)) expect(rootCause).toContain(`> - ${h.description}`);
    expect(
      rootCause.split('\n').filter((l) => l.trim() && !l.startsWith('>') && !l.startsWith('##')),
    ).toEqual([]);
  });
});
