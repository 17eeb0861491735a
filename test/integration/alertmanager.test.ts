import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceType } from '../../shared/model/source';
import { openWorkspaceDb, type Db } from '../../electron/core/db/open';
import { canonicalLabels } from '../../electron/core/db/writers/metrics';
import { openIncidentsFromAlerts } from '../../electron/core/incidents/from-alerts';
import { alertmanagerConnector } from '../../electron/core/ingest/connectors/alertmanager';
import { FileSecretStore } from '../../electron/core/ingest/secrets';
import { SourceRegistry } from '../../electron/core/ingest/sources';
import { SyncEngine } from '../../electron/core/ingest/sync';
import type { Connector } from '../../electron/core/ingest/types';
import { ALERTMANAGER_BIN, startAlertmanager, type AlertmanagerServer } from '../support/alertmanager-server';

const missing = !fs.existsSync(ALERTMANAGER_BIN);
if (missing) console.warn(`Skipping the Alertmanager tests: ${ALERTMANAGER_BIN} is not installed.`);

const MINUTE_MS = 60_000;
// Alertmanager keeps alert times to the millisecond; a whole-minute base keeps the expected values exact.
const BASE_MS = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS - 30 * MINUTE_MS;

interface PostedAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  generatorURL?: string;
}

function alert(
  labels: Record<string, string>,
  annotations: Record<string, string>,
  minutesAfterBase: number,
  extra: Partial<PostedAlert> = {},
): PostedAlert {
  const startsAt = new Date(BASE_MS + minutesAfterBase * MINUTE_MS + 123).toISOString();
  return { labels, annotations, startsAt, ...extra };
}

const checkoutA = alert(
  { alertname: 'HighLatency', service: 'checkout', severity: 'critical', instance: 'a' },
  { summary: 'p99 latency above 2s on checkout' },
  0,
  { generatorURL: 'http://prometheus.example/graph?g0.expr=latency' },
);
const checkoutB = alert(
  { alertname: 'HighLatency', service: 'checkout', severity: 'critical', instance: 'b' },
  { summary: 'p99 latency above 2s on checkout' },
  1,
);
const payments = alert(
  { alertname: 'HighLatency', service: 'payments', severity: 'warning', instance: 'c' },
  { summary: 'p99 latency above 1s on payments' },
  2,
);
const disk = alert(
  { alertname: 'DiskFull', job: 'node', severity: 'info' },
  { description: '/var is 95% full' },
  3,
);
const budget = alert({ alertname: 'ErrorBudgetBurn', service: 'checkout', severity: 'page' }, {}, 4);
const checkoutC = alert(
  { alertname: 'HighLatency', service: 'checkout', severity: 'critical', instance: 'd' },
  { summary: 'p99 latency above 2s on checkout' },
  5,
);

interface StoredAlert {
  id: number;
  fingerprint: string;
  alertname: string;
  service: string | null;
  severity: string | null;
  status: string;
  starts_at: number;
  summary: string | null;
  labels: string;
  annotations: string;
  generator_url: string | null;
  incident_id: string | null;
}

function storedAlerts(db: Db): StoredAlert[] {
  return db
    .prepare(
      `SELECT id, fingerprint, alertname, service, severity, status, starts_at, summary, labels, annotations,
         generator_url, incident_id FROM alerts ORDER BY starts_at`,
    )
    .all() as StoredAlert[];
}

function byInstance(db: Db, posted: PostedAlert): StoredAlert {
  const found = storedAlerts(db).find((a) => a.labels === canonicalLabels(posted.labels));
  if (!found) throw new Error(`alert ${JSON.stringify(posted.labels)} was not stored`);
  return found;
}

function count(db: Db, table: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}

describe.skipIf(missing)(
  'Alertmanager connector and incidents from alerts, against a real Alertmanager',
  () => {
    let server: AlertmanagerServer;
    let db: Db;
    let engine: SyncEngine;
    let dir: string;
    let silenceId: string;

    beforeAll(async () => {
      server = await startAlertmanager();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iwb-am-test-'));
      db = openWorkspaceDb(path.join(dir, 'workspace.db')).db;
      const connectors = new Map<SourceType, Connector>([['alertmanager', alertmanagerConnector]]);
      const registry = new SourceRegistry(
        db,
        new FileSecretStore(path.join(dir, 'secrets.json')),
        connectors,
      );
      registry.add({ name: 'am', type: 'alertmanager', url: server.url });
      engine = new SyncEngine(db, registry, connectors);

      await server.post('alerts', [checkoutA, checkoutB, payments, disk, budget]);
      const silence = (await server.post('silences', {
        matchers: [{ name: 'alertname', value: 'DiskFull', isRegex: false, isEqual: true }],
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 60 * MINUTE_MS).toISOString(),
        createdBy: 'oncall@example.com',
        comment: 'cleaning /var',
      })) as { silenceID: string };
      silenceId = silence.silenceID;
    }, 60_000);

    afterAll(async () => {
      db?.close();
      await server?.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    const sync = () => engine.sync({ from: BASE_MS * 1000, to: Date.now() * 1000 });

    it('stores every listed alert, silenced ones included, with its labels and status, and the silence', async () => {
      const report = await sync();
      expect(report.sources).toEqual([expect.objectContaining({ name: 'am', status: 'ok', errors: [] })]);

      const listed = (await (await fetch(`${server.url}/api/v2/alerts`)).json()) as Array<{
        fingerprint: string;
        labels: Record<string, string>;
      }>;
      const fingerprints = new Map(listed.map((a) => [canonicalLabels(a.labels), a.fingerprint]));
      const stored = storedAlerts(db);
      expect(stored).toHaveLength(5);
      for (const posted of [checkoutA, checkoutB, payments, disk, budget]) {
        const row = byInstance(db, posted);
        expect(row).toMatchObject({
          fingerprint: fingerprints.get(canonicalLabels(posted.labels)),
          alertname: posted.labels.alertname,
          service: posted.labels.service ?? posted.labels.job,
          severity: posted.labels.severity,
          status: 'firing',
          starts_at: Date.parse(posted.startsAt) * 1000,
          summary: posted.annotations.summary ?? posted.annotations.description ?? null,
          annotations: canonicalLabels(posted.annotations),
          generator_url: posted.generatorURL ?? null,
          incident_id: null,
        });
      }

      const silences = db
        .prepare('SELECT id, source, matchers, created_by, comment, state FROM silences')
        .all();
      expect(silences).toEqual([
        {
          id: silenceId,
          source: 'am',
          matchers: '{alertname="DiskFull"}',
          created_by: 'oncall@example.com',
          comment: 'cleaning /var',
          state: 'active',
        },
      ]);
    });

    it('opens one incident per alertname and service, with the alerts attached and on the timeline, once', async () => {
      const first = openIncidentsFromAlerts(db);
      expect(first.attached).toBe(5);
      expect(first.created).toHaveLength(4);

      const day = new Date(BASE_MS).toISOString().slice(0, 10).replace(/-/g, '');
      const incidents = db
        .prepare(
          'SELECT id, title, severity, status, services, started_at, origin FROM incidents ORDER BY started_at',
        )
        .all();
      expect(incidents).toEqual([
        {
          id: `INC-${day}-highlatency-checkout`,
          title: checkoutA.annotations.summary,
          severity: 'SEV2',
          status: 'open',
          services: '["checkout"]',
          started_at: Date.parse(checkoutA.startsAt) * 1000,
          origin: 'alertmanager',
        },
        {
          id: `INC-${day}-highlatency-payments`,
          title: payments.annotations.summary,
          severity: 'SEV3',
          status: 'open',
          services: '["payments"]',
          started_at: Date.parse(payments.startsAt) * 1000,
          origin: 'alertmanager',
        },
        expect.objectContaining({
          id: `INC-${day}-diskfull-node`,
          severity: 'SEV4',
          services: '["node"]',
          started_at: Date.parse(disk.startsAt) * 1000,
        }),
        expect.objectContaining({
          id: `INC-${day}-errorbudgetburn-checkout`,
          title: 'ErrorBudgetBurn on checkout firing',
          severity: 'SEV2',
        }),
      ]);
      expect(new Set(first.created)).toEqual(new Set(incidents.map((i) => (i as { id: string }).id)));

      const checkoutIncident = `INC-${day}-highlatency-checkout`;
      expect(byInstance(db, checkoutA).incident_id).toBe(checkoutIncident);
      expect(byInstance(db, checkoutB).incident_id).toBe(checkoutIncident);
      const timeline = db
        .prepare(
          "SELECT incident_id, kind, ref_type, ref_id FROM incident_events WHERE kind = 'alert' ORDER BY ts",
        )
        .all();
      expect(timeline).toHaveLength(5);
      expect(timeline.slice(0, 2)).toEqual([
        {
          incident_id: checkoutIncident,
          kind: 'alert',
          ref_type: 'alert',
          ref_id: String(byInstance(db, checkoutA).id),
        },
        {
          incident_id: checkoutIncident,
          kind: 'alert',
          ref_type: 'alert',
          ref_id: String(byInstance(db, checkoutB).id),
        },
      ]);

      expect(openIncidentsFromAlerts(db)).toEqual({ created: [], attached: 0 });
      expect(count(db, 'incidents')).toBe(4);
      expect(count(db, 'incident_events')).toBe(5);
    });

    it('attaches a new alert of a known group to its open incident', async () => {
      await server.post('alerts', [checkoutC]);
      await sync();
      expect(openIncidentsFromAlerts(db)).toEqual({ created: [], attached: 1 });
      const incident = byInstance(db, checkoutA).incident_id;
      expect(byInstance(db, checkoutC).incident_id).toBe(incident);
      expect(count(db, 'incidents')).toBe(4);
    });

    it('keeps an alert Alertmanager no longer lists, and keeps links to incidents across syncs', async () => {
      await server.post('alerts', [{ ...payments, endsAt: new Date(Date.now() - 1000).toISOString() }]);
      const listed = (await (await fetch(`${server.url}/api/v2/alerts`)).json()) as unknown[];
      expect(listed).toHaveLength(5);

      const before = storedAlerts(db);
      await sync();
      expect(storedAlerts(db).map((a) => [a.fingerprint, a.incident_id])).toEqual(
        before.map((a) => [a.fingerprint, a.incident_id]),
      );
      expect(openIncidentsFromAlerts(db)).toEqual({ created: [], attached: 0 });
    });
  },
);
