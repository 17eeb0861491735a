import fs from 'node:fs';
import path from 'node:path';
import { Scalar, stringify } from 'yaml';
import type { Db } from '../../db/open';
import { AppError } from '../../errors';
import { loadHypothesisRules } from '../../investigation/hypotheses/rules';
import { parseKbFile } from '../../kb/parse';
import { formatProblem, rootCauseCategories, type RootCauseCategory } from '../../kb/schema';
import { CHART_LANG, utcDay } from '../markdown';
import { readIncidentRecord, type IncidentRecord } from '../sources';
import { loadExportDocument } from './document';

const SERVICE = /^[a-z0-9][a-z0-9-]*$/;
const TAG = /^[a-z0-9][a-z0-9._/-]*$/;
const CHART_FENCE = new RegExp('^```' + CHART_LANG + '[ \\t]*\\n[\\s\\S]*?\\n```\\n*', 'gm');
const REF = / ?\[↗\]\(#[a-z_]+\/[^)\s]+\)/g;

const MAX_TEMPLATES = 5;
const MAX_TEMPLATE_CHARS = 300;

/** The knowledge base asks for dates in quotes, so YAML 1.1 readers keep them as text. */
function quoted(text: string): Scalar<string> {
  const scalar = new Scalar(text);
  scalar.type = Scalar.QUOTE_SINGLE;
  return scalar;
}

const unique = <T>(items: T[]): T[] => [...new Set(items)];

function category(db: Db, ruleId: string | null): RootCauseCategory | undefined {
  if (ruleId === null) return undefined;
  const rule = loadHypothesisRules(db).rules.find((r) => r.id === ruleId);
  const slug = rule?.category.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return rootCauseCategories.find((c) => c === slug);
}

/** The knowledge-base front matter, every field taken from the incident record; absent data stays absent. */
function frontMatter(db: Db, record: IncidentRecord): Record<string, unknown> {
  const { incident, investigation } = record;
  const confirmed =
    investigation?.hypotheses.find((h) => h.id === investigation.rootCauseHypothesisId) ?? null;
  const evidenceIds = new Set(confirmed?.evidence.map((e) => e.evidenceId) ?? []);
  const findings = investigation?.findings ?? [];
  const supporting = findings.filter((f) => f.evidence.some((e) => evidenceIds.has(e.id)));
  // The root cause's own evidence first, then the rest by confidence; stack-trace templates are too long to match on.
  const templateIds = unique([...supporting, ...findings])
    .flatMap((f) => f.evidence)
    .flatMap((e) => (e.ref.kind === 'template' ? [e.ref.templateId] : []));
  const readTemplate = db.prepare('SELECT template FROM log_templates WHERE id = ?');
  const templates = unique(templateIds)
    .map((id) => (readTemplate.get(id) as { template: string } | undefined)?.template)
    .filter((t): t is string => t !== undefined && t.length <= MAX_TEMPLATE_CHARS)
    .slice(0, MAX_TEMPLATES);
  const trigger = findings
    .filter((f) => f.evidence.some((e) => e.ref.kind === 'change') && f.confidence >= 0.5)
    .sort((a, b) => b.confidence - a.confidence)[0];
  const fixes = incident.changes.filter(
    (c) => c.ts > incident.startedAt && (incident.resolvedAt === null || c.ts <= incident.resolvedAt),
  );
  const fields: Record<string, unknown> = {
    id: incident.id,
    title: incident.title.slice(0, 200),
    date: quoted(utcDay(incident.startedAt)),
    severity: incident.severity,
    services: incident.services.filter((s) => SERVICE.test(s)),
    symptoms: unique(incident.alerts.map((a) => a.summary).filter((s): s is string => Boolean(s))),
    alerts: unique(incident.alerts.map((a) => a.alertname)),
    log_templates: templates,
    root_cause: investigation?.rootCause ?? undefined,
    root_cause_category: category(db, confirmed?.ruleId ?? null),
    trigger: trigger?.title,
    resolution: fixes.length ? fixes.map((c) => c.title).join('; ') : undefined,
    tags: unique(supporting.flatMap((f) => f.tags).filter((t) => TAG.test(t))),
    runbooks: unique((confirmed?.testPlan ?? []).flatMap((s) => (s.runbook ? [s.runbook] : []))),
  };
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)),
  );
}

/**
 * Writes the post-mortem as knowledge-base/incidents/<id>.md, validated as the indexer will read it. A
 * different file already there is kept unless `overwrite` is set.
 */
export function publishToKnowledgeBase(
  db: Db,
  incidentId: string,
  kbDir: string,
  options: { overwrite?: boolean } = {},
): { path: string; id: string } {
  const record = readIncidentRecord(db, incidentId);
  const fields = frontMatter(db, record);
  const body = loadExportDocument(db, incidentId).markdown.replace(CHART_FENCE, '').replace(REF, '');
  const text = `---\n${stringify(fields, { lineWidth: 0 })}---\n\n${body.trim()}\n`;
  const file = path.join(path.resolve(kbDir), 'incidents', `${incidentId}.md`);
  const parsed = parseKbFile(file, 'incident', text);
  if (!parsed.ok) {
    throw new AppError(
      'internal',
      `The knowledge-base file would not be valid: ${parsed.problems.map(formatProblem).join('; ')}`,
    );
  }
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') !== text && !options.overwrite) {
    throw new AppError(
      'conflict',
      `${file} already exists with other content; publish with overwrite to replace it.`,
    );
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, file);
  return { path: file, id: incidentId };
}
