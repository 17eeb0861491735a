import { z } from 'zod';
import type { AlertRow } from '../../db/writers/events';
import type { Connector, PullContext, SilenceRow } from '../types';
import { apiUrl } from './prometheus-api';

const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/;

/** Alertmanager writes nanosecond RFC 3339 times; the fraction is cut to µs by slicing, never by float maths. */
const isoMicros = z.string().transform((text, ctx) => {
  const match = RFC3339.exec(text);
  const ms = match ? Date.parse(`${match[1]}${match[3]}`) : Number.NaN;
  if (!match || Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: `'${text}' is not an RFC 3339 time` });
    return z.NEVER;
  }
  return ms * 1000 + Number((match[2] ?? '').padEnd(6, '0').slice(0, 6));
});

const stringMap = z.record(z.string(), z.string());

const alertsSchema = z.array(
  z.object({
    fingerprint: z.string().min(1),
    labels: stringMap,
    annotations: stringMap.default({}),
    startsAt: isoMicros,
    endsAt: isoMicros,
    generatorURL: z.string().optional(),
  }),
);

const silencesSchema = z.array(
  z.object({
    id: z.string().min(1),
    matchers: z.array(
      z.object({
        name: z.string(),
        value: z.string(),
        isRegex: z.boolean(),
        isEqual: z.boolean().default(true),
      }),
    ),
    startsAt: isoMicros,
    endsAt: isoMicros,
    createdBy: z.string().optional(),
    comment: z.string().optional(),
    status: z.object({ state: z.enum(['expired', 'active', 'pending']) }),
  }),
);

type GettableAlert = z.infer<typeof alertsSchema>[number];
type GettableSilence = z.infer<typeof silencesSchema>[number];

/**
 * Every alert the API lists has not ended yet, whatever its `status.state` (unprocessed, active, suppressed):
 * `endsAt` is when it resolves unless refreshed, so an alert counts as resolved only once that has passed.
 */
function toAlertRow(source: string, alert: GettableAlert, now: number): AlertRow {
  const { labels, annotations } = alert;
  return {
    source,
    fingerprint: alert.fingerprint,
    alertname: labels.alertname ?? alert.fingerprint,
    service: labels.service ?? labels.job ?? null,
    severity: labels.severity ?? null,
    status: alert.endsAt <= now ? 'resolved' : 'firing',
    startsAt: alert.startsAt,
    endsAt: alert.endsAt,
    summary: annotations.summary ?? annotations.description ?? null,
    labels,
    annotations,
    generatorUrl: alert.generatorURL || null,
    updatedAt: now,
  };
}

function matcherText(matcher: GettableSilence['matchers'][number]): string {
  const op = matcher.isEqual ? (matcher.isRegex ? '=~' : '=') : matcher.isRegex ? '!~' : '!=';
  return `${matcher.name}${op}${JSON.stringify(matcher.value)}`;
}

function toSilenceRow(silence: GettableSilence): SilenceRow {
  return {
    id: silence.id,
    matchers: `{${silence.matchers.map(matcherText).join(', ')}}`,
    startsAt: silence.startsAt,
    endsAt: silence.endsAt,
    createdBy: silence.createdBy ?? null,
    comment: silence.comment ?? null,
    state: silence.status.state,
  };
}

/**
 * Alerts are a snapshot of now rather than a history, so the task keeps no watermark: every sync takes the
 * whole list (active, silenced, inhibited and unprocessed alike). An alert that later leaves the list keeps
 * its last stored state.
 */
async function pullAlerts(ctx: PullContext): Promise<void> {
  const now = Date.now() * 1000;
  const alertsUrl = apiUrl(ctx.source.url, 'api/v2/alerts', [
    ['active', 'true'],
    ['silenced', 'true'],
    ['inhibited', 'true'],
    ['unprocessed', 'true'],
  ]);
  const alerts = await ctx.http.json({ url: alertsUrl, signal: ctx.signal }, alertsSchema);
  const alertRows = ctx.sink.alerts(alerts.data.map((alert) => toAlertRow(ctx.source.name, alert, now)));
  ctx.checkpoint({ watermark: null, rows: alertRows, bytes: alerts.bytes, fraction: 0.5 });

  const silencesUrl = apiUrl(ctx.source.url, 'api/v2/silences', []);
  const silences = await ctx.http.json({ url: silencesUrl, signal: ctx.signal }, silencesSchema);
  const silenceRows = ctx.sink.silences(ctx.source.name, silences.data.map(toSilenceRow));
  ctx.checkpoint({ watermark: null, rows: silenceRows, bytes: silences.bytes, fraction: 1 });
}

/** Alertmanager API v2: the current alerts and silences, as one task. */
export const alertmanagerConnector: Connector = {
  type: 'alertmanager',
  tasks: () => [{ key: 'alerts', label: 'alerts' }],
  pull: pullAlerts,
};
