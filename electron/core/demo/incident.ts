import type { Db } from '../db/open';
import {
  appendTimeline,
  insertChange,
  insertIncident,
  upsertAlert,
  type AlertRow,
  type TimelineInput,
} from '../db/writers/events';
import {
  DEMO_INCIDENT_ID,
  DEMO_SOURCE,
  DEPLOY_AT,
  FLAG_CHANGE_AT,
  GATEWAY_CONFIG_AT,
  INVENTORY_DEPLOY_AT,
  ONSET_AT,
  ROLLBACK_AT,
  utc,
} from './scenario';

const COMMANDER = 'Priya Raman';
const DETECTED_AT = utc(11, 47, 25);
const ACKNOWLEDGED_AT = utc(11, 51, 2);
const INVESTIGATING_AT = utc(11, 53, 40);
const RESOLVED_AT = utc(12, 58);

const PROMETHEUS = 'http://prometheus.monitoring.svc:9090/graph?g0.tab=1&g0.expr=';

interface DemoAlert extends AlertRow {
  firedTitle: string;
}

const ALERTS: readonly DemoAlert[] = [
  {
    source: DEMO_SOURCE,
    fingerprint: '3f6c2a91d07be458',
    alertname: 'CheckoutLatencySLOBurn',
    service: 'checkout',
    severity: 'warning',
    status: 'resolved',
    startsAt: DETECTED_AT,
    endsAt: utc(12, 44, 25),
    summary: 'checkout is burning its 99.5% latency SLO 14x faster than allowed (1h/5m windows)',
    labels: {
      alertname: 'CheckoutLatencySLOBurn',
      service: 'checkout',
      severity: 'warning',
      slo: 'checkout-latency-p95-300ms',
      namespace: 'shop',
      team: 'checkout',
    },
    annotations: {
      summary: 'checkout is burning its 99.5% latency SLO 14x faster than allowed (1h/5m windows)',
      description:
        'More than 7% of checkout requests over the last 5 minutes were slower than 300 ms (p95 is 4.8 s).',
      runbook_url: 'https://runbooks.shop.example/checkout/latency-slo-burn',
    },
    generatorUrl: `${PROMETHEUS}slo%3Acheckout_latency%3Aburn_rate5m+%3E+14.4`,
    firedTitle: 'CheckoutLatencySLOBurn firing (warning)',
  },
  {
    source: DEMO_SOURCE,
    fingerprint: '8c1f3a9b2d4e6f70',
    alertname: 'CheckoutHighErrorRate',
    service: 'checkout',
    severity: 'critical',
    status: 'resolved',
    startsAt: utc(11, 48, 10),
    endsAt: utc(12, 39, 10),
    summary: 'checkout 5xx rate is 18.7% (threshold 5%) for 2 minutes',
    labels: {
      alertname: 'CheckoutHighErrorRate',
      service: 'checkout',
      severity: 'critical',
      namespace: 'shop',
      team: 'checkout',
    },
    annotations: {
      summary: 'checkout 5xx rate is 18.7% (threshold 5%) for 2 minutes',
      description:
        'sum(rate(http_requests_total{service="checkout",status_class="5xx"}[2m])) / sum(rate(http_requests_total{service="checkout"}[2m])) > 0.05',
      runbook_url: 'https://runbooks.shop.example/checkout/high-error-rate',
    },
    generatorUrl: `${PROMETHEUS}service%3Ahttp_errors%3Aratio_rate2m%7Bservice%3D%22checkout%22%7D+%3E+0.05`,
    firedTitle: 'CheckoutHighErrorRate firing (critical)',
  },
  {
    source: DEMO_SOURCE,
    fingerprint: 'b52e07c4a19f3d86',
    alertname: 'ApiGatewayUpstream5xx',
    service: 'api-gateway',
    severity: 'warning',
    status: 'resolved',
    startsAt: utc(11, 49, 40),
    endsAt: utc(12, 37, 40),
    summary: 'api-gateway returns 5xx for 7.9% of requests to upstream checkout',
    labels: {
      alertname: 'ApiGatewayUpstream5xx',
      service: 'api-gateway',
      upstream: 'checkout',
      severity: 'warning',
      namespace: 'shop',
      team: 'platform',
    },
    annotations: {
      summary: 'api-gateway returns 5xx for 7.9% of requests to upstream checkout',
      description:
        'Upstream checkout answers with 500/502/504; check the upstream service before the gateway.',
      runbook_url: 'https://runbooks.shop.example/api-gateway/upstream-5xx',
    },
    generatorUrl: `${PROMETHEUS}sum+by+%28upstream%29+%28rate%28upstream_request_errors_total%5B5m%5D%29%29+%3E+1`,
    firedTitle: 'ApiGatewayUpstream5xx firing (warning)',
  },
];

/** The changes around the incident: the culprit, its rollback, and unrelated ones an analyzer must rule out. */
function writeChanges(db: Db): Map<number, string> {
  const changes = [
    {
      ts: INVENTORY_DEPLOY_AT,
      service: 'inventory',
      kind: 'deploy' as const,
      title: 'Deploy inventory v3.8.2',
      version: 'v3.8.2',
      author: 'ci-bot',
      attrs:
        '{"previous_version":"v3.8.1","commit":"91d0c7e","pipeline":"inventory/deploy#977","changelog":["Paginate stock reconciliation","Bump jackson-databind to 2.18.2"]}',
    },
    {
      ts: GATEWAY_CONFIG_AT,
      service: 'api-gateway',
      kind: 'config' as const,
      title: 'Raise /api/search rate limit to 200 r/s',
      version: null,
      author: 'j.okafor',
      attrs:
        '{"file":"gateway/limits.conf","diff":{"limit_req.search_per_ip.rate":["50r/s","200r/s"],"limit_req.search_per_ip.burst":[100,400]},"ticket":"PLAT-2291"}',
    },
    {
      ts: FLAG_CHANGE_AT,
      service: 'frontend',
      kind: 'feature_flag' as const,
      title: 'Enable recommendations-carousel for 10% of users',
      version: null,
      author: 'm.lindqvist',
      attrs: '{"flag":"recommendations-carousel","rollout":[0,10]}',
    },
    {
      ts: DEPLOY_AT,
      service: 'checkout',
      kind: 'deploy' as const,
      title: 'Deploy checkout v2.14.0',
      version: 'v2.14.0',
      author: 'ci-bot',
      attrs:
        '{"previous_version":"v2.13.4","commit":"4f9c2e1","pipeline":"checkout/deploy#1842","changelog":["Move datasource settings into the Helm chart values","Upgrade HikariCP to 5.1.0","Validate postcode before address lookup"],"helm_values_diff":{"datasource.hikari.maximumPoolSize":[50,5],"datasource.hikari.minimumIdle":[10,5]}}',
    },
    {
      ts: ROLLBACK_AT,
      service: 'checkout',
      kind: 'deploy' as const,
      title: 'Rollback checkout to v2.13.4',
      version: 'v2.13.4',
      author: 'priya.raman',
      attrs:
        '{"previous_version":"v2.14.0","rollback":true,"pipeline":"checkout/rollback#63","reason":"INC-2026-1118-checkout"}',
    },
  ];
  const ids = new Map<number, string>();
  const findId = db.prepare(
    'SELECT id FROM changes WHERE source = ? AND ts = ? AND service = ? AND kind = ? AND title = ?',
  );
  for (const change of changes) {
    insertChange(db, { source: DEMO_SOURCE, ...change });
    const row = findId.get(DEMO_SOURCE, change.ts, change.service, change.kind, change.title) as {
      id: number;
    };
    ids.set(change.ts, String(row.id));
  }
  return ids;
}

/** Changes, the incident, its alerts and timeline; returns the number of alerts. */
export function writeIncident(db: Db): number {
  const changeIds = writeChanges(db);
  insertIncident(db, {
    id: DEMO_INCIDENT_ID,
    title: 'Checkout latency and errors after v2.14.0 deploy',
    severity: 'SEV2',
    status: 'resolved',
    summary:
      'Checkout v2.14.0 moved its datasource settings into the Helm chart, whose default maximumPoolSize is 5 (it was 50). ' +
      'Under lunchtime traffic the connection pool was exhausted two minutes after the rollout: requests queued for ' +
      'up to 5 s and about a fifth failed with HikariPool timeouts, surfacing as 500/502/504 at api-gateway and frontend. ' +
      'Rolling back to v2.13.4 at 12:31 restored the pool; error rate and latency were at baseline by 12:40.',
    customerImpact:
      'From 11:44 to 12:40 UTC about one checkout attempt in five failed and the rest took up to 5 s. Browsing, ' +
      'search and payments for orders already placed were not affected.',
    commander: COMMANDER,
    roles: { commander: COMMANDER, communications: 'Marco Lindqvist', operations: 'Dan Kowalski' },
    services: ['checkout', 'api-gateway', 'frontend'],
    startedAt: ONSET_AT,
    detectedAt: DETECTED_AT,
    acknowledgedAt: ACKNOWLEDGED_AT,
    mitigatedAt: ROLLBACK_AT,
    resolvedAt: RESOLVED_AT,
    origin: 'demo',
    createdAt: DETECTED_AT + 4_000_000,
    updatedAt: RESOLVED_AT,
  });

  const timeline = (entry: Omit<TimelineInput, 'incidentId' | 'createdAt'>) =>
    appendTimeline(db, { ...entry, incidentId: DEMO_INCIDENT_ID, createdAt: entry.ts });

  timeline({
    ts: DEPLOY_AT,
    kind: 'deploy',
    title: 'Deploy checkout v2.14.0',
    body: 'Rolled out by ci-bot (pipeline checkout/deploy#1842).',
    actor: 'ci-bot',
    refType: 'change',
    refId: changeIds.get(DEPLOY_AT) ?? null,
  });
  for (const { firedTitle, ...alert } of ALERTS) {
    const id = upsertAlert(db, {
      ...alert,
      incidentId: DEMO_INCIDENT_ID,
      updatedAt: alert.endsAt ?? alert.startsAt,
    });
    timeline({
      ts: alert.startsAt,
      kind: 'alert',
      title: firedTitle,
      body: alert.summary ?? null,
      actor: 'Alertmanager',
      refType: 'alert',
      refId: id,
    });
    timeline({
      ts: alert.endsAt ?? alert.startsAt,
      kind: 'alert',
      title: `${alert.alertname} resolved`,
      actor: 'Alertmanager',
      refType: 'alert',
      refId: id,
    });
  }
  const status = (ts: number, from: string, to: string, title: string, actor: string, body?: string) =>
    timeline({ ts, kind: 'status', title, body: body ?? null, actor, data: { from, to } });

  status(
    ACKNOWLEDGED_AT,
    'open',
    'acknowledged',
    `Acknowledged by ${COMMANDER}`,
    COMMANDER,
    'Paged via CheckoutHighErrorRate.',
  );
  status(
    INVESTIGATING_AT,
    'acknowledged',
    'investigating',
    'Status changed to investigating',
    COMMANDER,
    'Incident channel #inc-2026-1118-checkout opened; Dan Kowalski on operations.',
  );
  timeline({
    ts: utc(11, 58, 15),
    kind: 'note',
    title: 'Checkout logs full of HikariPool timeouts',
    body: "Checkout pods are up and pass liveness, but the logs are full of 'HikariPool-1 - Connection is not available, request timed out after 5000ms'. Postgres looks healthy: CPU at 18%, no lock waits, fewer client connections than usual.",
    actor: 'Dan Kowalski',
  });
  timeline({
    ts: utc(12, 9, 30),
    kind: 'note',
    title: 'Payments and inventory are fine',
    body: 'Payments and inventory latency and errors are normal; the drop in authorizations is checkout failing before it calls payments.',
    actor: 'Aiko Tanaka',
  });
  timeline({
    ts: utc(12, 17, 50),
    kind: 'note',
    title: 'v2.14.0 ships maximumPoolSize=5',
    body: 'v2.14.0 moved the datasource settings into the Helm chart; the chart default sets maximumPoolSize=5 (was 50) and the pool stats show total=5, active=5, waiting>20 on every new pod. Proposing a rollback to v2.13.4.',
    actor: 'Dan Kowalski',
  });
  timeline({
    ts: ROLLBACK_AT,
    kind: 'deploy',
    title: 'Rollback checkout to v2.13.4',
    body: 'Rolled back by priya.raman (pipeline checkout/rollback#63).',
    actor: 'priya.raman',
    refType: 'change',
    refId: changeIds.get(ROLLBACK_AT) ?? null,
  });
  status(
    ROLLBACK_AT,
    'investigating',
    'mitigated',
    'Status changed to mitigated',
    COMMANDER,
    'Rollback to v2.13.4 in progress; new pods start with a 50-connection pool.',
  );
  timeline({
    ts: utc(12, 42, 5),
    kind: 'note',
    title: 'Error rate and latency back to baseline',
    body: 'checkout p95 is 118 ms and 5xx is 0.2% again; no pool waits since 12:38.',
    actor: 'Dan Kowalski',
  });
  status(
    RESOLVED_AT,
    'mitigated',
    'resolved',
    'Status changed to resolved',
    COMMANDER,
    'Stable for 15 minutes after the rollback. Follow-up: pin pool settings in the service repo and alert on db_pool_pending_requests.',
  );
  return ALERTS.length;
}
