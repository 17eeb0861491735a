import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KbStatus, KbSyncReport, SimilarIncidentView } from '../../shared/methods/kb';
import { createCore, type Core } from '../../electron/core/app';
import { DEMO_INCIDENT_ID } from '../../electron/core/demo/scenario';
import { FileSecretStore } from '../../electron/core/ingest/secrets';

const SEED = path.resolve('knowledge-base');
let workspaceDir: string;
let core: Core;

async function call<T>(target: Core, method: string, args: unknown): Promise<T> {
  const outcome = await target.dispatch(method, args);
  if (!outcome.ok) throw new Error(`${method} failed: ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.result as T;
}

async function failure(
  target: Core,
  method: string,
  args: unknown,
): Promise<{ code: string; message: string }> {
  const outcome = await target.dispatch(method, args);
  if (outcome.ok) throw new Error(`${method} unexpectedly succeeded`);
  return outcome.error;
}

const seedCount = (folder: string) =>
  fs.readdirSync(path.join(SEED, folder)).filter((f) => f.endsWith('.md')).length;

// The workspace outlives single tests (the demo load is slow), so it is not a per-test tempDir().
beforeAll(() => {
  workspaceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iwb-kb-methods-'));
  core = createCore({
    dbPath: path.join(workspaceDir, 'workspace.db'),
    secrets: new FileSecretStore(path.join(workspaceDir, 'secrets.json'), undefined, {}),
  });
});

afterAll(() => {
  core?.close();
  fs.rmSync(workspaceDir, { recursive: true, force: true });
});

describe('a new workspace', () => {
  it('gets a searchable copy of the shipped knowledge base beside it', async () => {
    const status = await call<KbStatus>(core, 'getKbStatus', {});
    expect(status.dir).toBe(path.join(workspaceDir, 'knowledge-base'));
    expect(status.dirSource).toBe('default');
    expect(status.counts).toEqual({
      incident: seedCount('incidents'),
      symptom: seedCount('symptoms'),
      solution: seedCount('solutions'),
    });
    expect(status.problems).toEqual([]);
    expect(status.isGitRepo).toBe(false);
    expect(
      fs.existsSync(path.join(status.dir, 'incidents', 'KB-2023-1012-orders-hikari-pool-shrunk.md')),
    ).toBe(true);
  });

  it('finds the pool incident from a pasted log line, and says why', async () => {
    const results = await call<SimilarIncidentView[]>(core, 'similarToText', {
      text: 'HikariPool connection not available',
      k: 5,
    });
    const ids = results.map((r) => r.id);
    expect(ids.slice(0, 3).some((id) => /hikari|pool/.test(id))).toBe(true);
    expect(results[0]?.why.sharedTerms.length).toBeGreaterThan(0);
  });

  it('reads a document back with its front matter and body', async () => {
    const doc = await call<{
      kind: string;
      path: string;
      frontMatter: Record<string, unknown>;
      body: string;
    }>(core, 'getKbDocument', { id: 'KB-2023-1012-orders-hikari-pool-shrunk' });
    expect(doc.kind).toBe('incident');
    expect(doc.path).toBe('incidents/KB-2023-1012-orders-hikari-pool-shrunk.md');
    expect(doc.frontMatter.root_cause_category).toBe('deploy-regression');
    expect(doc.frontMatter).not.toHaveProperty('concepts');
    expect(doc.body).toMatch(/\S/);
    const symptoms = await call<{ kind: string }[]>(core, 'listKbDocuments', { kind: 'symptom' });
    expect(symptoms).toHaveLength(seedCount('symptoms'));
    const search = await call<{ id: string }[]>(core, 'listKbDocuments', { search: 'hikaricp' });
    expect(search.map((d) => d.id)).toContain('KB-2023-1012-orders-hikari-pool-shrunk');
  });

  it('keeps the remote token in the secrets store, never in the workspace settings', async () => {
    const status = await call<KbStatus>(core, 'setKbConfig', { token: 'kb-token-not-for-sqlite' });
    expect(status.hasToken).toBe(true);
    const settings = core.db.prepare('SELECT value FROM settings').all() as { value: string }[];
    expect(settings.some((s) => s.value.includes('kb-token-not-for-sqlite'))).toBe(false);
    expect(fs.readFileSync(path.join(workspaceDir, 'secrets.json'), 'utf8')).toContain(
      'kb-token-not-for-sqlite',
    );
  });
});

describe('similar past incidents for the demo incident', () => {
  it('ranks the HikariCP pool incident in the top 3 once the investigation ran, with why', async () => {
    await call(core, 'loadDemo', {});
    const before = await call<{ basedOn: string; results: SimilarIncidentView[] }>(
      core,
      'similarToIncident',
      {
        incidentId: DEMO_INCIDENT_ID,
      },
    );
    expect(before.basedOn).toBe('incident');
    await call(core, 'runInvestigation', { incidentId: DEMO_INCIDENT_ID });
    const after = await call<{ basedOn: string; results: SimilarIncidentView[] }>(core, 'similarToIncident', {
      incidentId: DEMO_INCIDENT_ID,
    });
    expect(after.basedOn).toBe('investigation');
    const top3 = after.results.slice(0, 3);
    const pool = top3.find((r) => r.id === 'KB-2023-1012-orders-hikari-pool-shrunk');
    expect(pool, top3.map((r) => r.id).join(', ')).toBeDefined();
    expect(pool?.why.summary).toMatch(/\S/);
    expect(pool?.why.rootCause).toMatch(/pool/i);
    expect(pool?.why.resolution).toMatch(/Rolled back/);
  }, 180_000);

  it('says clearly when the incident does not exist', async () => {
    const error = await failure(core, 'similarToIncident', { incidentId: 'INC-nope' });
    expect(error.code).toBe('not_found');
  });
});

describe('sync conflicts', () => {
  let other: Core;
  let kb: string;
  const original = 'incidents/KB-2024-0101-api-teapot.md';
  const copy = 'incidents/KB-2024-0101-api-teapot.conflict-20261124T130502Z.md';
  const doc = (title: string) => `---\nid: KB-2024-0101-api-teapot\ntitle: ${title}\n---\n\nBody.\n`;

  beforeAll(() => {
    kb = path.join(workspaceDir, 'team-kb');
    fs.mkdirSync(path.join(kb, 'incidents'), { recursive: true });
    other = createCore({
      dbPath: path.join(workspaceDir, 'other.db'),
      secrets: new FileSecretStore(path.join(workspaceDir, 'other-secrets.json'), undefined, {}),
    });
  });

  afterAll(() => other?.close());

  it('lists both versions and keeps the merged text when the engineer merges', async () => {
    await call(other, 'setKbConfig', { dir: kb });
    fs.writeFileSync(path.join(kb, original), doc('Theirs - API answers 418'));
    fs.writeFileSync(path.join(kb, copy), doc('Mine - API answers 418 to every request'));
    const status = await call<KbStatus>(other, 'getKbStatus', {});
    expect(status.dir).toBe(kb);
    expect(status.conflicts).toBe(1);
    const conflicts = await call<{ path: string; original: string }[]>(other, 'listKbConflicts', {});
    expect(conflicts).toEqual([expect.objectContaining({ path: copy, original })]);
    const both = await call<{ ours: string; theirs: string }>(other, 'getKbConflict', { path: copy });
    expect(both.ours).toContain('Mine -');
    expect(both.theirs).toContain('Theirs -');

    const merged = doc('Merged - API answers 418 to every request');
    await call(other, 'resolveKbConflict', { path: copy, resolution: { merged } });
    expect(fs.readFileSync(path.join(kb, original), 'utf8')).toBe(merged);
    expect(fs.existsSync(path.join(kb, copy))).toBe(false);
    expect(await call(other, 'listKbConflicts', {})).toEqual([]);
    const indexed = await call<{ title: string }>(other, 'getKbDocument', { id: 'KB-2024-0101-api-teapot' });
    expect(indexed.title).toBe('Merged - API answers 418 to every request');
  });

  it('keeps mine when asked, and refuses a path that is not a conflict', async () => {
    fs.writeFileSync(path.join(kb, copy), doc('Mine again'));
    await call(other, 'resolveKbConflict', { path: copy, resolution: 'ours' });
    expect(fs.readFileSync(path.join(kb, original), 'utf8')).toBe(doc('Mine again'));
    const error = await failure(other, 'resolveKbConflict', {
      path: '../workspace.db',
      resolution: 'theirs',
    });
    expect(error.code).toBe('not_found');
    expect(fs.existsSync(path.join(workspaceDir, 'workspace.db'))).toBe(true);
  });

  it('queues local edits when the remote is unreachable and says so', async () => {
    await call(other, 'setKbConfig', { remoteUrl: 'http://127.0.0.1:9/kb.git' });
    const labels: string[] = [];
    other.bus.subscribe((event, payload) => {
      if (event === 'progress' && 'label' in payload && payload.task === 'kb-sync')
        labels.push(payload.label);
    });
    const report = await call<KbSyncReport>(other, 'syncKb', {});
    expect(report.offline).toBe(true);
    expect(report.committed).toBe(true);
    expect(report.pushed).toBe(false);
    expect(labels.at(-1)).toBe('Sync finished');
    const status = await call<KbStatus>(other, 'getKbStatus', {});
    expect(status.isGitRepo).toBe(true);
    expect(status.remoteUrl).toBe('http://127.0.0.1:9/kb.git');
    expect(status.lastSync?.offline).toBe(true);
  });
});
