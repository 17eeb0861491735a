import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunbookRunEvent, RunbookSummary, RunViewData } from '../../shared/methods/runbooks';
import { createCore, type Core } from '../../electron/core/app';
import { DEMO_INCIDENT_ID } from '../../electron/core/demo/scenario';

let core: Core;
/** Kept for the whole file: tempDir() would remove it after the first test while later ones still run. */
let dir: string;
let runbookFile: string;
const events: RunbookRunEvent[] = [];

async function call<T>(method: string, args: unknown): Promise<T> {
  const outcome = await core.dispatch(method, args);
  if (!outcome.ok) throw new Error(`${method} failed: ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.result as T;
}

const greeting = `id: greet-service
title: Greet the service
description: Says hello to **{{params.who}}**.
parameters:
  - name: who
    default: checkout
steps:
  - id: hello
    title: Say hello
    type: command
    safe: true
    run: echo "hello {{params.who}}"
    outputs:
      - name: said
        regex: 'hello (\\w+)'
  - id: heard
    title: The greeting came back
    type: check
    check:
      step: hello
      contains: hello checkout
  - id: wave
    title: Wave
    type: manual
`;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iwb-runbooks-'));
  fs.mkdirSync(path.join(dir, 'runbooks'));
  runbookFile = path.join(dir, 'runbooks', 'greet-service.yaml');
  fs.writeFileSync(runbookFile, greeting);
  fs.writeFileSync(
    path.join(dir, 'runbooks', 'broken.yaml'),
    'id: broken\ntitle: Broken\nsteps:\n  - id: x\n    type: nope\n',
  );
  core = createCore({ dbPath: path.join(dir, 'workspace.db') });
  await call('loadDemo', {});
  core.bus.subscribe((event, payload) => {
    if (event === 'runbookRun') events.push(payload as RunbookRunEvent);
  });
}, 180_000);

afterAll(() => {
  core?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the runbook library', () => {
  it('suggests the pool runbook for the demo incident, with the reason, ahead of the others', async () => {
    const list = await call<RunbookSummary[]>('listRunbooks', { incidentId: DEMO_INCIDENT_ID });
    const pool = list.find((r) => r.id === 'db-connection-pool-exhaustion');
    expect(pool?.suggested?.reasons).toContain('alert CheckoutHighErrorRate');
    expect(pool?.trusted).toBe(true);
    const firstUnsuggested = list.findIndex((r) => r.suggested === null);
    expect(list.indexOf(pool as RunbookSummary)).toBeLessThan(firstUnsuggested);
    expect(list.find((r) => r.id === 'disk-full')?.suggested).toBeNull();
  });

  it("lists the workspace's own runbooks and places a broken file's problems by line", async () => {
    const list = await call<RunbookSummary[]>('listRunbooks', {});
    expect(list.find((r) => r.id === 'greet-service')?.stepTypes).toEqual({
      command: 1,
      check: 1,
      manual: 1,
    });
    const broken = list.find((r) => r.file.endsWith('broken.yaml'));
    expect(broken?.problems[0]?.line).toBe(5);
    expect(broken?.problems[0]?.field).toBe('steps[0].type');
  });
});

describe('a run of a workspace runbook', () => {
  let view: RunViewData;

  it('shows the command with its variables filled before anything runs', async () => {
    view = await call<RunViewData>('startRunbookRun', { file: runbookFile, incidentId: DEMO_INCIDENT_ID });
    expect(view.trusted).toBe(true);
    expect(view.steps).toEqual([]);
    expect(view.next).toMatchObject({ type: 'command', display: 'echo "hello checkout"' });
    expect(view.safeBatch).toEqual(['echo "hello checkout"']);
  });

  it('refuses a command other than the one shown', async () => {
    const outcome = await core.dispatch('confirmRunbookStep', { runId: view.run.id, command: 'rm -rf /' });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.code).toBe('conflict');
  });

  it('runs the confirmed command, streams and records its output, then checks it', async () => {
    const display = view.next?.type === 'command' ? view.next.display : '';
    view = await call<RunViewData>('confirmRunbookStep', { runId: view.run.id, command: display });
    const [hello, heard] = view.steps;
    expect(hello).toMatchObject({
      stepId: 'hello',
      status: 'succeeded',
      exitCode: 0,
      stdout: 'hello checkout\n',
    });
    expect(hello?.outputs.values).toEqual({ said: 'checkout' });
    expect(heard).toMatchObject({ stepId: 'heard', status: 'succeeded' });
    expect(view.next).toMatchObject({ type: 'manual', id: 'wave' });
    const streamed = events
      .filter((e) => e.type === 'output' && e.runId === view.run.id)
      .map((e) => (e.type === 'output' ? e.text : ''))
      .join('');
    expect(streamed).toBe('hello checkout\n');
  });

  it('finishes with a note and writes every step to the incident timeline', async () => {
    view = await call<RunViewData>('completeManualStep', { runId: view.run.id, note: 'waved' });
    expect(view.run.status).toBe('succeeded');
    const incident = await call<{ timeline: { kind: string; title: string; body: string | null }[] }>(
      'getIncident',
      { id: DEMO_INCIDENT_ID },
    );
    const runbookEntries = incident.timeline.filter((e) => e.kind === 'runbook');
    expect(runbookEntries.some((e) => /hello succeeded \(exit 0/.test(e.title))).toBe(true);
    expect(runbookEntries.find((e) => /wave succeeded/.test(e.title))?.body).toBe('waved');
    const runs = await call<{ id: number; status: string }[]>('listRunbookRuns', {
      incidentId: DEMO_INCIDENT_ID,
    });
    expect(runs[0]).toMatchObject({ id: view.run.id, status: 'succeeded' });
  });
});

describe('a runbook from outside the runbooks folder', () => {
  it('runs no command until a person trusts this exact version', async () => {
    const outside = path.join(dir, 'downloaded.yaml');
    fs.writeFileSync(outside, greeting);
    let view = await call<RunViewData>('startRunbookRun', { file: outside, incidentId: null });
    expect(view.trusted).toBe(false);
    expect(view.safeBatch).toEqual([]);
    const display = view.next?.type === 'command' ? view.next.display : '';
    const refused = await core.dispatch('confirmRunbookStep', { runId: view.run.id, command: display });
    expect(refused.ok ? null : refused.error.code).toBe('forbidden');
    view = await call<RunViewData>('trustRunbook', { runId: view.run.id });
    expect(view.trusted).toBe(true);
    view = await call<RunViewData>('confirmRunbookStep', { runId: view.run.id, command: display });
    expect(view.steps[0]).toMatchObject({ stepId: 'hello', status: 'succeeded', stdout: 'hello checkout\n' });
  });
});
