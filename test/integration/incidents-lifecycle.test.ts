import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArgsOf, MethodName, ResultOf } from '../../shared/api';
import type { CallOutcome } from '../../shared/contract';
import { createCore, type Core } from '../../electron/core/app';
import { loadDemo } from '../../electron/core/demo';
import { upsertAlert } from '../../electron/core/db/writers/events';
import { openIncidentsFromAlerts } from '../../electron/core/incidents/from-alerts';
import { createIncident, transitionIncident } from '../../electron/core/incidents/manage';
import { getIncident, listIncidents } from '../../electron/core/incidents/queries';

const MIN = 60_000_000;
const HOUR = 60 * MIN;
const at = (iso: string) => Date.parse(iso) * 1000;

let dir: string;
let core: Core;
let previousUser: string | undefined;

async function call<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>> {
  const outcome = await core.dispatch(method, args);
  if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
  return outcome.result as ResultOf<M>;
}

const failureOf = (outcome: CallOutcome) => (outcome.ok ? null : outcome.error);

// One workspace with the demo loaded for the whole file: loading the demo takes seconds.
beforeAll(() => {
  previousUser = process.env.IWB_USER;
  process.env.IWB_USER = 'riya.oncall';
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iwb-incidents-'));
  core = createCore({ dbPath: path.join(dir, 'workspace.db') });
  loadDemo(core.db);
}, 120_000);

afterAll(() => {
  core.close();
  fs.rmSync(dir, { recursive: true, force: true });
  if (previousUser === undefined) delete process.env.IWB_USER;
  else process.env.IWB_USER = previousUser;
});

describe('creating an incident by hand', () => {
  it('opens it with a dated id from the title, detected now, and says so on the timeline', async () => {
    const created = await call('createIncident', {
      title: 'Checkout: card payments failing!',
      severity: 'SEV2',
      services: ['checkout', 'payments'],
      commander: 'Ana Costa',
    });
    const day = new Date(created.startedAt / 1000).toISOString();
    expect(created.id).toBe(
      `INC-${day.slice(0, 4)}-${day.slice(5, 7)}${day.slice(8, 10)}-checkout-card-payments-failing`,
    );
    expect(created).toMatchObject({ status: 'open', severity: 'SEV2', commander: 'Ana Costa' });
    expect(created.services).toEqual(['checkout', 'payments']);
    expect(created.detectedAt).not.toBeNull();
    expect(created.timeline).toEqual([
      expect.objectContaining({ kind: 'status', title: 'Incident opened as SEV2', actor: 'riya.oncall' }),
    ]);
  });

  it('gives a second incident with the same title on the same day its own id', async () => {
    const first = await call('createIncident', { title: 'DNS flapping', severity: 'SEV3' });
    const second = await call('createIncident', { title: 'DNS flapping', severity: 'SEV3' });
    expect(second.id).toBe(`${first.id}-2`);
  });

  it('refuses a title that is only blanks, naming the field', async () => {
    const error = failureOf(await core.dispatch('createIncident', { title: '   ', severity: 'SEV2' }));
    expect(error?.code).toBe('invalid_args');
    expect(error?.message).toMatch(/title/);
  });
});

describe('moving through the lifecycle', () => {
  it('stamps each status reached and derives the key times from the stamps', () => {
    const start = at('2026-10-02T09:00:00Z');
    const id = createIncident(
      core.db,
      { title: 'Search timeouts', severity: 'SEV3', services: ['search'] },
      start + 4 * MIN,
    );
    core.db.prepare('UPDATE incidents SET started_at = ? WHERE id = ?').run(start, id);
    transitionIncident(core.db, { id, status: 'acknowledged' }, start + 9 * MIN);
    transitionIncident(core.db, { id, status: 'investigating' }, start + 12 * MIN);
    transitionIncident(core.db, { id, status: 'mitigated' }, start + 50 * MIN);
    transitionIncident(core.db, { id, status: 'resolved' }, start + 2 * HOUR);
    transitionIncident(core.db, { id, status: 'closed' }, start + 26 * HOUR);

    const incident = getIncident(core.db, id);
    expect(incident.status).toBe('closed');
    expect(incident.keyTimes).toEqual({
      toDetect: 4 * MIN,
      toAcknowledge: 9 * MIN,
      toMitigate: 50 * MIN,
      toResolve: 2 * HOUR,
    });
    expect(incident.closedAt).toBe(start + 26 * HOUR);
    const moves = incident.timeline.filter((e) => e.kind === 'status');
    expect(moves.map((e) => [e.title, e.ts - start, e.actor])).toEqual([
      ['Incident opened as SEV3', 4 * MIN, 'riya.oncall'],
      ['Open → Acknowledged', 9 * MIN, 'riya.oncall'],
      ['Acknowledged → Investigating', 12 * MIN, 'riya.oncall'],
      ['Investigating → Mitigated', 50 * MIN, 'riya.oncall'],
      ['Mitigated → Resolved', 2 * HOUR, 'riya.oncall'],
      ['Resolved → Closed', 26 * HOUR, 'riya.oncall'],
    ]);
  });

  it('stamps only the reached status when steps are skipped', async () => {
    const { id } = await call('createIncident', { title: 'Queue backlog', severity: 'SEV4' });
    const resolved = await call('transitionIncident', { id, status: 'resolved' });
    expect(resolved.status).toBe('resolved');
    expect(resolved.resolvedAt).not.toBeNull();
    expect([resolved.acknowledgedAt, resolved.mitigatedAt, resolved.closedAt]).toEqual([null, null, null]);
    expect(resolved.keyTimes.toAcknowledge).toBeNull();
    expect(resolved.keyTimes.toResolve).toBe((resolved.resolvedAt as number) - resolved.startedAt);
  });

  it('refuses to go backwards with a sentence, and leaves the incident as it was', async () => {
    const { id } = await call('createIncident', { title: 'Login errors', severity: 'SEV2' });
    await call('transitionIncident', { id, status: 'resolved' });
    const error = failureOf(await core.dispatch('transitionIncident', { id, status: 'acknowledged' }));
    expect(error).toEqual({
      code: 'conflict',
      message: `${id}: An incident that is resolved cannot go back to acknowledged; only a mitigated incident may return to investigating.`,
    });
    const after = await call('getIncident', { id });
    expect(after.status).toBe('resolved');
    expect(after.acknowledgedAt).toBeNull();
    expect(after.timeline.filter((e) => e.kind === 'status')).toHaveLength(2);
  });

  it('lets a mitigated incident return to investigating when the problem recurs', async () => {
    const { id } = await call('createIncident', { title: 'Cache evictions', severity: 'SEV3' });
    await call('transitionIncident', { id, status: 'mitigated' });
    const recurred = await call('transitionIncident', { id, status: 'investigating' });
    expect(recurred.status).toBe('investigating');
    expect(recurred.mitigatedAt).toBeNull();
    expect(recurred.timeline.at(-1)).toMatchObject({
      kind: 'status',
      title: 'Problem recurred: back to investigating',
    });
  });

  it('names an incident that does not exist', async () => {
    const error = failureOf(await core.dispatch('transitionIncident', { id: 'INC-NOPE', status: 'closed' }));
    expect(error).toEqual({
      code: 'not_found',
      message: "There is no incident 'INC-NOPE' in this workspace.",
    });
  });
});

describe('editing and notes', () => {
  it('edits commander, roles, services and impact, noting each change on the timeline', async () => {
    const { id } = await call('createIncident', { title: 'Image CDN slow', severity: 'SEV3' });
    const updated = await call('updateIncident', {
      id,
      commander: 'Li Wei',
      roles: { communications: 'Sam Ortiz', scribe: 'Ana Costa' },
      services: ['frontend', 'cdn'],
      customerImpact: 'Product images load in 4 s instead of 300 ms.',
      severity: 'SEV2',
    });
    expect(updated).toMatchObject({
      commander: 'Li Wei',
      roles: { communications: 'Sam Ortiz', scribe: 'Ana Costa' },
      services: ['frontend', 'cdn'],
      customerImpact: 'Product images load in 4 s instead of 300 ms.',
      severity: 'SEV2',
    });
    const changes = updated.timeline.filter((e) => e.kind === 'change').map((e) => e.title);
    expect(changes).toEqual(
      expect.arrayContaining([
        'Commander: Li Wei',
        'Roles: communications: Sam Ortiz, scribe: Ana Costa',
        'Affected services: frontend, cdn',
        'Severity: SEV2',
        'Customer impact updated',
      ]),
    );
    const again = await call('updateIncident', { id, commander: 'Li Wei' });
    expect(again.timeline).toHaveLength(updated.timeline.length);
  });

  it('adds a Markdown note to the timeline, signed, titled by its first line', async () => {
    const { id } = await call('createIncident', { title: 'Disk pressure', severity: 'SEV4' });
    const markdown = '## Rolled back\n\nRolled **v2.3** back to `v2.2` on node-7.';
    const withNote = await call('addIncidentNote', { id, markdown });
    expect(withNote.timeline.at(-1)).toMatchObject({
      kind: 'note',
      title: 'Rolled back',
      body: markdown,
      actor: 'riya.oncall',
    });
  });
});

describe('history statistics', () => {
  it('computes MTTR and MTBF per service over the demo and the incidents created here', async () => {
    const start = at('2026-07-10T08:00:00Z');
    const older = createIncident(
      core.db,
      { title: 'Checkout pool exhausted', severity: 'SEV1', services: ['checkout'] },
      start,
    );
    core.db.prepare('UPDATE incidents SET started_at = ? WHERE id = ?').run(start, older);
    transitionIncident(core.db, { id: older, status: 'resolved' }, start + 3 * HOUR);

    const all = listIncidents(core.db, { limit: 1000 }).filter((i) => i.services.includes('checkout'));
    const stats = await call('getIncidentStats', {});
    const checkout = stats.services.find((s) => s.service === 'checkout');
    const resolved = all.filter((i) => i.resolvedAt !== null);
    const starts = all.map((i) => i.startedAt).sort((a, b) => a - b);
    expect(checkout).toEqual({
      service: 'checkout',
      incidents: all.length,
      mttr: resolved.reduce((sum, i) => sum + ((i.resolvedAt as number) - i.startedAt), 0) / resolved.length,
      mtbf: ((starts.at(-1) as number) - (starts[0] as number)) / (starts.length - 1),
    });
    expect(stats.months[0]).toEqual({ month: '2026-07', counts: { SEV1: 1, SEV2: 0, SEV3: 0, SEV4: 0 } });
    expect(stats.months.map((m) => m.month)).toContain('2026-08');
    const total = stats.months.reduce((sum, m) => sum + Object.values(m.counts).reduce((a, b) => a + b), 0);
    expect(total).toBe(stats.incidents);

    const july = await call('getIncidentStats', { from: start, to: at('2026-07-31T23:59:59Z') });
    expect(july.incidents).toBe(1);
    expect(july.services).toEqual([{ service: 'checkout', incidents: 1, mttr: 3 * HOUR, mtbf: null }]);
  });
});

describe('incidents from Alertmanager alerts', () => {
  it('opens one incident per alertname and service, gathering the alerts of each group', () => {
    const startsAt = Date.now() * 1000 - 10 * MIN;
    const alert = (fingerprint: string, alertname: string, service: string | null, offset: number) =>
      upsertAlert(core.db, {
        source: 'alertmanager',
        fingerprint,
        alertname,
        service,
        severity: 'critical',
        status: 'firing',
        startsAt: startsAt + offset,
      });
    alert('f1', 'HighLatency', 'orders', 0);
    alert('f2', 'HighLatency', 'orders', MIN);
    alert('f3', 'HighLatency', 'billing', 0);
    alert('f4', 'ErrorBudgetBurn', 'orders', 0);

    const { created, attached } = openIncidentsFromAlerts(core.db);
    expect(created).toHaveLength(3);
    expect(attached).toBe(4);
    const alertsOf = created.map((id) =>
      getIncident(core.db, id)
        .alerts.map((a) => a.fingerprint)
        .sort(),
    );
    expect(alertsOf.sort()).toEqual([['f1', 'f2'], ['f3'], ['f4']]);

    alert('f5', 'HighLatency', 'orders', 2 * MIN);
    const again = openIncidentsFromAlerts(core.db);
    expect(again.created).toEqual([]);
    expect(again.attached).toBe(1);
  });
});
