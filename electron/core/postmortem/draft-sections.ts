import type { ChartSpec } from '../../../shared/methods/postmortem';
import type { Evidence, Finding, Hypothesis } from '../../../shared/model/investigation';
import { chartFromEvidence } from './charts';
import { authorPrompt, chartBlock, type Citations, mdCell, mdText, utc, utcDay } from './markdown';
import type { IncidentRecord } from './sources';

/** What every section builder gets: the record, the citation collector and the charts placed so far. */
export interface DraftContext {
  record: IncidentRecord;
  cite: Citations;
  charts: ChartSpec[];
}

const MAX_CHARTS = 3;
const percent = (p: number) => `${Math.round(p * 100)} %`;
const minutes = (us: number) => Math.round(us / 60_000_000);

function confirmedHypothesis(record: IncidentRecord): Hypothesis | null {
  const investigation = record.investigation;
  if (!investigation || investigation.rootCauseHypothesisId === null) return null;
  return investigation.hypotheses.find((h) => h.id === investigation.rootCauseHypothesisId) ?? null;
}

function allEvidence(record: IncidentRecord): Map<number, { evidence: Evidence; finding: Finding }> {
  const byId = new Map<number, { evidence: Evidence; finding: Finding }>();
  for (const finding of record.investigation?.findings ?? []) {
    for (const evidence of finding.evidence) byId.set(evidence.id, { evidence, finding });
  }
  return byId;
}

/** Places a chart block for this evidence when it has a line preview and the draft has room for one more. */
function placeChart(ctx: DraftContext, evidence: Evidence): string[] {
  if (ctx.charts.length >= MAX_CHARTS || ctx.charts.some((c) => c.evidenceId === evidence.id)) return [];
  const chart = chartFromEvidence(evidence);
  if (!chart) return [];
  ctx.charts.push(chart);
  return [
    chartBlock(evidence.id),
    '',
    `*${mdText(chart.title)}* ${ctx.cite.cite('evidence', evidence.id, chart.title)}`,
    '',
  ];
}

export function headerSection(ctx: DraftContext): string[] {
  const { incident } = ctx.record;
  const ref = ctx.cite.cite('incident', incident.id, incident.title);
  const lines = [
    `# Post-mortem: ${mdText(incident.title)}`,
    '',
    `- **Date:** ${utcDay(incident.startedAt)}, the incident started at ${utc(incident.startedAt)}. ${ref}`,
    `- **Incident:** ${mdText(incident.id)}, ${incident.severity}, affecting ${mdText(incident.services.join(', ') || 'no recorded service')}. ${ref}`,
  ];
  if (incident.commander) lines.push(`- **Incident commander:** ${mdText(incident.commander)}. ${ref}`);
  lines.push(
    `- **Status:** Draft, not yet reviewed; the incident is ${incident.status}. ${ref}`,
    '',
    '**Authors:**',
    '',
    authorPrompt('List the authors of this post-mortem.'),
    '',
  );
  return lines;
}

export function summarySection(ctx: DraftContext): string[] {
  const { incident } = ctx.record;
  const lines = ['## Summary', ''];
  if (incident.summary) {
    lines.push(
      `${mdText(incident.summary)} ${ctx.cite.cite('incident', incident.id, 'Incident summary')}`,
      '',
    );
    return lines;
  }
  lines.push(
    authorPrompt(
      'Summarise the incident in two or three sentences: what broke, for whom, and how it was fixed.',
    ),
    '',
  );
  return lines;
}

export function impactSection(ctx: DraftContext): string[] {
  const { incident, investigation } = ctx.record;
  const lines = ['## Impact', ''];
  if (incident.customerImpact) {
    lines.push(
      `${mdText(incident.customerImpact)} ${ctx.cite.cite('incident', incident.id, 'Customer impact')}`,
      '',
    );
  } else {
    lines.push(authorPrompt('Describe the customer impact in your words: who was affected and how.'), '');
  }
  const end = incident.mitigatedAt ?? incident.resolvedAt;
  if (end !== null) {
    lines.push(
      `The impact lasted ${minutes(end - incident.startedAt)} minutes, from ${utc(incident.startedAt)} until the incident was marked ${incident.mitigatedAt !== null ? 'mitigated' : 'resolved'} at ${utc(end)}. ${ctx.cite.cite('incident', incident.id, incident.title)}`,
      '',
    );
  }
  const impactFindings = (investigation?.findings ?? []).filter((f) => f.type === 'threshold').slice(0, 4);
  for (const finding of impactFindings) {
    lines.push(`- ${mdText(finding.description)} ${ctx.cite.cite('finding', finding.id, finding.title)}`);
  }
  if (impactFindings.length) lines.push('');
  const chartEvidence = impactFindings.flatMap((f) => f.evidence).find((e) => chartFromEvidence(e));
  if (chartEvidence) lines.push(...placeChart(ctx, chartEvidence));
  lines.push(
    authorPrompt(
      'Quantify what the data cannot: orders, users or revenue affected, and any SLO budget spent.',
    ),
    '',
  );
  return lines;
}

export function rootCauseSection(ctx: DraftContext): string[] {
  const { investigation } = ctx.record;
  const lines = ['## Root causes', ''];
  const confirmed = confirmedHypothesis(ctx.record);
  if (investigation && confirmed) {
    const ref = ctx.cite.cite('hypothesis', confirmed.id, confirmed.description);
    lines.push(`${mdText(investigation.rootCause ?? confirmed.description)}. ${ref}`, '');
    if (confirmed.rationale)
      lines.push(`The investigation proposed it because: ${mdText(confirmed.rationale)} ${ref}`, '');
    const evidence = allEvidence(ctx.record);
    const supporting = confirmed.evidence
      .filter((link) => link.stance === 'supports')
      .map((link) => evidence.get(link.evidenceId))
      .filter((item) => item !== undefined);
    for (const { evidence: item } of supporting) {
      lines.push(`- ${mdText(item.description)} ${ctx.cite.cite('evidence', item.id, item.description)}`);
    }
    if (supporting.length) lines.push('');
    const chartEvidence = supporting.map((s) => s.evidence).find((e) => chartFromEvidence(e));
    if (chartEvidence) lines.push(...placeChart(ctx, chartEvidence));
    lines.push(
      authorPrompt(
        'Explain why the defect could exist and reach production: the latent conditions behind it.',
      ),
      '',
    );
    return lines;
  }
  if (investigation?.rootCause) {
    lines.push(
      `${mdText(investigation.rootCause)} ${ctx.cite.cite('investigation', investigation.id, 'Root cause')}`,
      '',
    );
    return lines;
  }
  const candidates = (investigation?.hypotheses ?? []).filter((h) => h.status !== 'refuted').slice(0, 3);
  lines.push(
    authorPrompt(
      candidates.length
        ? 'No hypothesis is confirmed yet. Confirm one in the investigation or describe the root cause here. Candidates, most likely first:'
        : 'No hypothesis is confirmed yet and none was proposed. Describe the root cause here.',
    ),
  );
  for (const h of candidates) {
    lines.push(
      `> - ${mdText(h.description)} (${percent(h.probability)}, ${h.status}) ${ctx.cite.cite('hypothesis', h.id, h.description)}`,
    );
  }
  lines.push('');
  return lines;
}

export function triggerSection(ctx: DraftContext): string[] {
  const lines = ['## Trigger', ''];
  const changeFinding = (ctx.record.investigation?.findings ?? [])
    .filter((f) => f.evidence.some((e) => e.ref.kind === 'change') && f.confidence >= 0.5)
    .sort((a, b) => b.confidence - a.confidence)[0];
  if (changeFinding) {
    lines.push(
      `The change most closely tied to the onset was ${mdText(changeFinding.title)}: ${mdText(changeFinding.description)} ${ctx.cite.cite('finding', changeFinding.id, changeFinding.title)}`,
      '',
      authorPrompt('Confirm the trigger: the event that turned the latent cause into an outage.'),
      '',
    );
    return lines;
  }
  lines.push(
    authorPrompt('No change lines up with the onset. Name the trigger: a deploy, a traffic peak, a job.'),
    '',
  );
  return lines;
}

export function resolutionSection(ctx: DraftContext): string[] {
  const { incident, executedSteps } = ctx.record;
  const lines = ['## Resolution', ''];
  for (const step of executedSteps) {
    const when = step.finishedAt === null ? '' : ` at ${utc(step.finishedAt)}`;
    const who = step.actor ? ` by ${mdText(step.actor)}` : '';
    lines.push(
      `- Runbook ${mdText(step.runbookTitle)}, step ${mdText(step.stepId)}: ${step.status}${when}${who}. ${ctx.cite.cite('runbook_step', step.id, `${step.runbookTitle}: ${step.stepId}`)}`,
    );
  }
  const after = incident.changes.filter(
    (c) => c.ts > incident.startedAt && (incident.resolvedAt === null || c.ts <= incident.resolvedAt),
  );
  for (const change of after) {
    lines.push(
      `- ${utc(change.ts)}: ${mdText(change.title)}${change.author ? ` by ${mdText(change.author)}` : ''}. ${ctx.cite.cite('change', change.id, change.title)}`,
    );
  }
  if (executedSteps.length || after.length) lines.push('');
  const ref = ctx.cite.cite('incident', incident.id, incident.title);
  if (incident.mitigatedAt !== null)
    lines.push(`The incident was marked mitigated at ${utc(incident.mitigatedAt)}. ${ref}`, '');
  if (incident.resolvedAt !== null)
    lines.push(`The incident was marked resolved at ${utc(incident.resolvedAt)}. ${ref}`, '');
  const planned = confirmedHypothesis(ctx.record) ?? ctx.record.investigation?.hypotheses[0] ?? null;
  const runbookSteps = planned?.testPlan.filter((s) => s.runbook !== null) ?? [];
  if (planned && runbookSteps.length) {
    lines.push(
      `Runbook steps for this cause, from the test plan of "${mdText(planned.description)}": ${ctx.cite.cite('hypothesis', planned.id, planned.description)}`,
      '',
    );
    for (const step of runbookSteps) {
      lines.push(
        `- Runbook \`${step.runbook ?? ''}\`${step.step ? `, step \`${step.step}\`` : ''}: ${mdText(step.description)} ${ctx.cite.cite('hypothesis', planned.id, planned.description)}`,
      );
    }
    lines.push('');
  }
  lines.push(
    authorPrompt('Describe what stopped the impact, who decided it, and the follow-up fix if it differs.'),
    '',
  );
  return lines;
}

export function detectionSection(ctx: DraftContext): string[] {
  const { incident } = ctx.record;
  const lines = ['## Detection', ''];
  if (incident.detectedAt !== null) {
    lines.push(
      `The incident was detected at ${utc(incident.detectedAt)}, ${minutes(incident.detectedAt - incident.startedAt)} minutes after it started. ${ctx.cite.cite('incident', incident.id, incident.title)}`,
      '',
    );
  }
  for (const alert of incident.alerts) {
    lines.push(
      `- ${mdText(alert.alertname)} (${mdText(alert.severity ?? 'no severity')}) on ${mdText(alert.service ?? 'no service')} fired at ${utc(alert.startsAt)}${alert.summary ? `: ${mdText(alert.summary)}` : '.'} ${ctx.cite.cite('alert', alert.id, alert.alertname)}`,
    );
  }
  if (incident.alerts.length) lines.push('');
  else lines.push(authorPrompt('No alert is attached to this incident. Say how it was noticed.'), '');
  lines.push(
    authorPrompt('Did monitoring catch it early enough? Say what would have detected it sooner.'),
    '',
  );
  return lines;
}

export function actionItemsSection(ctx: DraftContext): string[] {
  const lines = ['## Action items', ''];
  const items = ctx.record.actionItems;
  if (!items.length) {
    lines.push(
      authorPrompt(
        'No action items are recorded yet. Add them (owner, type mitigate, prevent or process, priority, tracking link).',
      ),
      '',
    );
    return lines;
  }
  lines.push(
    '| Action item | Type | Owner | Priority | Tracking | Status | Source |',
    '|---|---|---|---|---|---|---|',
  );
  for (const item of items) {
    const tracking = item.trackingUrl ? `<${item.trackingUrl.replace(/[<>\s|]/g, encodeURIComponent)}>` : '—';
    lines.push(
      `| ${mdCell(item.description)} | ${item.type} | ${mdCell(item.owner)} | ${item.priority} | ${tracking} | ${item.status} | ${ctx.cite.cite('action_item', item.id, item.description)} |`,
    );
  }
  lines.push('');
  return lines;
}

export function lessonsSection(): string[] {
  return [
    '## Lessons learned',
    '',
    '### What went well',
    '',
    authorPrompt('What went well in the response?'),
    '',
    '### What went wrong',
    '',
    authorPrompt('What went wrong, in the system or the process (blameless: no names)?'),
    '',
    '### Where we got lucky',
    '',
    authorPrompt('Where did we get lucky?'),
    '',
  ];
}

export function timelineSection(ctx: DraftContext): string[] {
  const { incident } = ctx.record;
  const day = utcDay(incident.startedAt);
  // Entries on the day the incident started show the clock only, so the table stays narrow enough to print.
  const when = (ts: number) => (utcDay(ts) === day ? utc(ts).slice(11, 19) : utc(ts).replace(' UTC', ''));
  const lines = [
    '## Timeline',
    '',
    `All times are UTC, on ${day} unless another day is given. ${ctx.cite.cite('incident', incident.id, incident.title)}`,
    '',
    '| Time (UTC) | Event | Kind | Actor | Source |',
    '|---|---|---|---|---|',
  ];
  for (const entry of incident.timeline) {
    lines.push(
      `| ${when(entry.ts)} | ${mdCell(entry.title)} | ${entry.kind} | ${mdCell(entry.actor)} | ${ctx.cite.cite('timeline', entry.id, entry.title)} |`,
    );
  }
  lines.push('');
  return lines;
}

export function supportingSection(ctx: DraftContext): string[] {
  const { incident, investigation } = ctx.record;
  const lines = ['## Supporting information', ''];
  const t = incident.telemetry;
  lines.push(
    `The workspace holds ${t.logs} log lines (${t.errorLogs} at error level), ${t.series} metric series and ${t.traces} traces for the incident window. ${ctx.cite.cite('incident', incident.id, incident.title)}`,
    '',
  );
  if (!investigation) {
    lines.push(
      authorPrompt('No investigation was run on this incident. Link the dashboards and logs you used.'),
      '',
    );
    return lines;
  }
  lines.push(
    `Investigation ${investigation.id} compared ${utc(investigation.window.from)} to ${utc(investigation.window.to)} against the baseline before it and recorded ${investigation.findings.length} findings and ${investigation.hypotheses.length} hypotheses. ${ctx.cite.cite('investigation', investigation.id, 'Investigation')}`,
    '',
  );
  const top = investigation.findings.filter((f) => f.severity === 'critical').slice(0, 8);
  for (const finding of top)
    lines.push(`- ${mdText(finding.title)} ${ctx.cite.cite('finding', finding.id, finding.title)}`);
  if (top.length) lines.push('');
  const more = investigation.findings.flatMap((f) => f.evidence).filter((e) => chartFromEvidence(e));
  for (const evidence of more) {
    if (ctx.charts.length >= MAX_CHARTS) break;
    lines.push(...placeChart(ctx, evidence));
  }
  return lines;
}
