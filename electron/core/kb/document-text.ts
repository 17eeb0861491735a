import { markedLine } from './embedding/features';
import type { KbDocument } from './schema';
import { conceptsHinting, conceptsIn } from './text';

export interface IncidentQuery {
  text?: string;
  services?: string[];
  alerts?: string[];
  templates?: string[];
  tags?: string[];
}

export interface FtsColumns {
  title: string;
  body: string;
  facets: string;
}

const lines = (values: readonly string[]) => values.filter((v) => v.trim() !== '');

/** What the embedder reads for an incident: its symptoms in prose, structure as marked lines, cause at a discount. */
export function incidentEmbeddingText(doc: KbDocument): string {
  const f = doc.fields;
  const out = [f.title, doc.body];
  if (doc.kind === 'incident') {
    const i = doc.fields;
    out.push(...i.symptoms, ...i.alerts.map((a) => markedLine('alert', a)));
    out.push(...i.services.map((s) => markedLine('service', s)));
    out.push(...i.log_templates.map((t) => markedLine('template', t)));
    out.push(...[i.root_cause, i.trigger].filter(Boolean).map((c) => markedLine('cause', c)));
    if (i.root_cause_category) out.push(markedLine('category', i.root_cause_category));
  }
  out.push(...f.tags.map((t) => markedLine('tag', t)));
  return lines(out).join('\n');
}

export function queryEmbeddingText(query: IncidentQuery): string {
  return lines([
    query.text ?? '',
    ...(query.services ?? []).map((s) => markedLine('service', s)),
    ...(query.alerts ?? []).map((a) => markedLine('alert', a)),
    ...(query.templates ?? []).map((t) => markedLine('template', t)),
    ...(query.tags ?? []).map((t) => markedLine('tag', t)),
  ]).join('\n');
}

/** All the prose of a document, as a person would search it. */
export function documentProse(doc: KbDocument): string {
  const parts: string[] = [doc.fields.title];
  if (doc.kind === 'incident') {
    const i = doc.fields;
    parts.push(...i.symptoms, ...i.alerts, ...i.log_templates, i.root_cause, i.trigger, i.resolution);
  } else if (doc.kind === 'symptom') {
    const signals = doc.fields.signals;
    parts.push(...signals.descriptions, ...signals.alerts, ...signals.log_templates, ...signals.metrics);
  } else parts.push(...doc.fields.steps);
  parts.push(doc.body);
  return lines(parts).join('\n');
}

/** Concepts a document carries, including those its root-cause category stands for. */
export function documentConcepts(doc: KbDocument): string[] {
  const found = new Set(conceptsIn(documentProse(doc)).map((c) => c.id));
  if (doc.kind === 'incident' && doc.fields.root_cause_category) {
    for (const c of conceptsHinting(doc.fields.root_cause_category)) found.add(c.id);
  }
  return [...found];
}

export function ftsColumns(doc: KbDocument): FtsColumns {
  const facets: string[] = [...doc.fields.tags, ...documentConcepts(doc).map((c) => `c_${c}`)];
  if (doc.kind === 'incident') {
    const i = doc.fields;
    facets.push(...i.services, ...i.alerts);
    if (i.root_cause_category) facets.push(i.root_cause_category);
  }
  return { title: doc.fields.title, body: documentProse(doc), facets: facets.join(' ') };
}
