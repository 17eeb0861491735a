import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, IncidentSummary } from '../../shared/model/incident';
import { openWorkspaceDb } from '../../electron/core/db/open';
import { getIncident } from '../../electron/core/incidents/queries';
import { runIwb } from '../support/cli';

let dir: string;
let db: string;
const env = { IWB_USER: 'cli.oncall' };

// One workspace for the whole file: each command is its own process, so the file must outlive each test.
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iwb-incident-cli-'));
  db = path.join(dir, 'workspace.db');
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function create(...args: string[]): IncidentDetail {
  const result = runIwb(['incident', 'create', ...args, '--json', '--db', db], env);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as IncidentDetail;
}

describe('iwb incident', () => {
  it('creates an incident with its services and commander, and lists it', () => {
    const created = create(
      '--title',
      'Checkout 5xx spike',
      '--severity',
      'SEV2',
      '--service',
      'checkout',
      '--service',
      'payments',
      '--commander',
      'Ana Costa',
    );
    expect(created.id).toMatch(/^INC-\d{4}-\d{4}-checkout-5xx-spike$/);
    expect(created).toMatchObject({ status: 'open', severity: 'SEV2', commander: 'Ana Costa' });
    expect(created.services).toEqual(['checkout', 'payments']);
    expect(created.timeline[0]).toMatchObject({ kind: 'status', actor: 'cli.oncall' });

    const listed = JSON.parse(runIwb(['incident', 'list', '--json', '--db', db]).stdout) as IncidentSummary[];
    expect(listed.map((i) => i.id)).toContain(created.id);

    const text = runIwb(['incident', 'list', '--db', db]);
    expect(text.stdout).toMatch(
      new RegExp(`^${created.id}  SEV2  open .*checkout,payments  Checkout 5xx spike$`, 'm'),
    );
  });

  it('moves an incident forward, and refuses to move it back with one sentence', () => {
    const { id } = create('--title', 'Search degraded', '--severity', 'SEV3', '--service', 'search');
    const ack = runIwb(['incident', 'status', id, 'acknowledged', '--db', db], env);
    expect(ack.code).toBe(0);
    expect(ack.stdout).toBe(`${id} is now acknowledged.\n`);
    expect(runIwb(['incident', 'status', id, 'resolved', '--db', db], env).code).toBe(0);

    const back = runIwb(['incident', 'status', id, 'investigating', '--db', db], env);
    expect(back.code).toBe(1);
    expect(back.stderr).toBe(
      `iwb: ${id}: An incident that is resolved cannot go back to investigating; only a mitigated incident may return to investigating.\n`,
    );

    const unknown = runIwb(['incident', 'status', id, 'fixed', '--db', db], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^iwb: <status>: .*"closed"/);
  });

  it('adds notes from the command line or from a Markdown file', () => {
    const { id } = create('--title', 'Kafka lag', '--severity', 'SEV4');
    expect(runIwb(['incident', 'note', id, '--text', 'Consumers restarted', '--db', db], env).stdout).toBe(
      `Note added to ${id}.\n`,
    );
    const file = path.join(dir, 'note.md');
    fs.writeFileSync(file, '# Lag cleared\n\nPartition 7 caught up at 14:02.\n');
    expect(runIwb(['incident', 'note', id, '--file', file, '--db', db], env).code).toBe(0);

    const { db: opened } = openWorkspaceDb(db);
    try {
      const notes = getIncident(opened, id).timeline.filter((e) => e.kind === 'note');
      expect(notes.map((n) => [n.title, n.body, n.actor])).toEqual([
        ['Consumers restarted', 'Consumers restarted', 'cli.oncall'],
        ['Lag cleared', '# Lag cleared\n\nPartition 7 caught up at 14:02.', 'cli.oncall'],
      ]);
    } finally {
      opened.close();
    }
    const missing = runIwb(['incident', 'note', id, '--file', path.join(dir, 'nope.md'), '--db', db], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^iwb: Cannot read the note file .*nope\.md: /);
  });

  it('names the bad flag when the severity is not one it knows', () => {
    const result = runIwb(['incident', 'create', '--title', 'X', '--severity', 'SEV9', '--db', db], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^iwb: --severity: .*"SEV1"/);
  });

  it('names an incident that does not exist', () => {
    const result = runIwb(['incident', 'note', 'INC-NOPE', '--text', 'hi', '--db', db], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("iwb: There is no incident 'INC-NOPE' in this workspace.\n");
  });
});
