import type { IncidentQuery } from './document-text';
import type { Candidate } from './similar';
import { conceptsIn, rawTokens, stem, words } from './text';

export interface SimilarWhy {
  summary: string;
  sharedTerms: string[];
  services: string[];
  symptoms: string[];
  templates: string[];
  alerts: string[];
  rootCause: string;
  rootCauseCategory: string | null;
  resolution: string;
}

const MAX_TERMS = 12;

function sharedTerms(queryText: string, candidateText: string): string[] {
  const candidateStems = new Set(words(candidateText));
  const shown = new Map<string, string>();
  for (const token of rawTokens(queryText)) {
    const s = stem(token);
    if (token.length > 1 && candidateStems.has(s) && words(token).length > 0 && !shown.has(s))
      shown.set(s, token);
  }
  const candidateConcepts = new Set(conceptsIn(candidateText).map((c) => c.id));
  const concepts = conceptsIn(queryText)
    .filter((c) => candidateConcepts.has(c.id))
    .map((c) => `~${c.id}`);
  return [...shown.values(), ...concepts].slice(0, MAX_TERMS);
}

const intersect = (mine: readonly string[], theirs: readonly string[] = []) => {
  const wanted = new Set(theirs.map((v) => v.toLowerCase()));
  return mine.filter((v) => wanted.has(v.toLowerCase()));
};

function overlaps(
  text: string,
  queryStems: Set<string>,
  queryConcepts: Set<string>,
  minimum: number,
): boolean {
  const stems = new Set(words(text));
  let shared = 0;
  for (const s of stems) if (queryStems.has(s)) shared++;
  return shared >= minimum || conceptsIn(text).some((c) => queryConcepts.has(c.id));
}

/** Why a past incident was found: what it shares with the query, and what caused and fixed it. */
export function explain(query: IncidentQuery, candidate: Candidate): SimilarWhy {
  const f = candidate.fields;
  const queryText = [query.text, ...(query.alerts ?? []), ...(query.templates ?? [])].join('\n');
  const queryStems = new Set(words(queryText));
  const queryConcepts = new Set(conceptsIn(queryText).map((c) => c.id));
  const terms = sharedTerms(queryText, candidate.prose);
  const services = intersect(f.services, query.services);
  const alerts = intersect(f.alerts, query.alerts);
  const symptoms = f.symptoms.filter((s) => overlaps(s, queryStems, queryConcepts, 2));
  const templates = f.log_templates.filter((t) =>
    overlaps(t.replace(/<\*>/g, ' '), queryStems, new Set(), 2),
  );
  const parts: string[] = [];
  if (terms.length > 0) parts.push(`shares ${terms.slice(0, 6).join(', ')}`);
  if (services.length > 0) parts.push(`same services ${services.join(', ')}`);
  if (alerts.length > 0) parts.push(`same alerts ${alerts.join(', ')}`);
  if (templates.length > 0) parts.push(`${templates.length} similar log template(s)`);
  const cause = f.root_cause
    ? `root cause${f.root_cause_category ? ` (${f.root_cause_category})` : ''}: ${f.root_cause}`
    : '';
  const fix = f.resolution ? `fixed by: ${f.resolution}` : '';
  const summary = [parts.join('; '), cause, fix].filter(Boolean).join('. ');
  return {
    summary: summary
      ? `${summary.charAt(0).toUpperCase()}${summary.slice(1)}`
      : 'Ranked by overall similarity.',
    sharedTerms: terms,
    services,
    symptoms,
    templates,
    alerts,
    rootCause: f.root_cause,
    rootCauseCategory: f.root_cause_category,
    resolution: f.resolution,
  };
}
