import type { Db } from '../db/open';
import { queryEmbeddingText, type IncidentQuery } from './document-text';
import type { Embedder } from './embedding/embedder';
import { ensureKbIndexTables, storedEmbedder, storedIncident } from './index';
import type { IncidentFrontMatter } from './schema';
import { conceptsIn, rawTokens, stem, words } from './text';
import { explain, type SimilarWhy } from './why';

export type { IncidentQuery } from './document-text';
export { queryFromInvestigation } from './investigation-query';

export interface SimilarIncident {
  id: string;
  title: string;
  score: number;
  why: SimilarWhy;
}

export interface Candidate {
  id: string;
  title: string;
  fields: IncidentFrontMatter & { concepts?: unknown };
  prose: string;
}

/** Reciprocal-rank fusion: a constant near the corpus' useful depth keeps one ranker's tail from dominating. */
const RRF_K = 20;
const WEIGHTS = { bm25: 0.8, vector: 1, structured: 1.5 };
const MAX_FTS_TERMS = 64;

/** Every term is quoted (and a stem becomes a prefix query), so user text can never be FTS syntax. */
function ftsQuery(query: IncidentQuery): string | null {
  const text = [
    query.text,
    ...(query.alerts ?? []),
    ...(query.templates ?? []),
    ...(query.services ?? []),
  ].join('\n');
  const terms = new Set<string>();
  for (const word of words(text)) terms.add(`"${word}"*`);
  for (const concept of conceptsIn(text)) terms.add(`"c_${concept.id}"`);
  for (const tag of query.tags ?? []) for (const token of rawTokens(tag)) terms.add(`"${token}"`);
  const list = [...terms].slice(0, MAX_FTS_TERMS);
  return list.length === 0 ? null : list.join(' OR ');
}

function bm25Ranking(db: Db, query: IncidentQuery): string[] {
  const match = ftsQuery(query);
  if (!match) return [];
  const rows = db
    .prepare(
      `WITH hits AS (SELECT id, bm25(kb_fts, 0, 2.0, 1.0, 1.5) AS rank FROM kb_fts WHERE kb_fts MATCH ?)
       SELECT hits.id FROM hits JOIN kb_documents d ON d.id = hits.id WHERE d.kind = 'incident' ORDER BY hits.rank`,
    )
    .all(match) as { id: string }[];
  return rows.map((row) => row.id);
}

function vectorRanking(db: Db, query: IncidentQuery, embedder: Embedder, limit: number): string[] {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'kb_vec'").get();
  if (!exists || limit === 0) return [];
  const [vector] = embedder.embed([queryEmbeddingText(query)]);
  if (!vector || vector.length !== embedder.dimensions) return [];
  const rows = db
    .prepare(
      `WITH knn AS (SELECT rowid, distance FROM kb_vec WHERE embedding MATCH ? AND k = ?)
       SELECT d.id FROM knn JOIN kb_documents d ON d.rowid = knn.rowid ORDER BY knn.distance`,
    )
    .all(Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength), Math.min(limit, 4096)) as {
    id: string;
  }[];
  return rows.map((row) => row.id);
}

const lowerSet = (values: readonly string[] = []) => new Set(values.map((v) => v.trim().toLowerCase()));

function templateTokens(template: string): Set<string> {
  return new Set(rawTokens(template.replace(/<\*>/g, ' ')).map(stem));
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const item of a) if (b.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}

/** Overlap on the fields people and alerting systems name exactly, plus the vocabulary's category hints. */
function structuredScore(query: IncidentQuery, candidate: Candidate): number {
  const f = candidate.fields;
  const services = lowerSet(query.services);
  const alerts = lowerSet(query.alerts);
  const tags = lowerSet(query.tags);
  let score = 0;
  for (const s of f.services) if (services.has(s.toLowerCase())) score += 1;
  for (const a of f.alerts) if (alerts.has(a.toLowerCase())) score += 1.5;
  for (const t of f.tags) if (tags.has(t.toLowerCase())) score += 0.5;
  const queryTemplates = (query.templates ?? []).map(templateTokens);
  for (const template of f.log_templates) {
    const tokens = templateTokens(template);
    score += 2 * Math.max(0, ...queryTemplates.map((q) => jaccard(q, tokens)));
  }
  const queryText = [query.text, ...(query.alerts ?? []), ...(query.templates ?? [])].join('\n');
  const queryConcepts = conceptsIn(queryText);
  const docConcepts = new Set(Array.isArray(f.concepts) ? f.concepts.map(String) : []);
  for (const concept of queryConcepts) {
    if (docConcepts.has(concept.id)) score += 0.5;
    if (f.root_cause_category && concept.hints.includes(f.root_cause_category)) score += 1;
  }
  return score;
}

function loadCandidates(db: Db): Candidate[] {
  const rows = db
    .prepare("SELECT id, title, path, front_matter, body FROM kb_documents WHERE kind = 'incident'")
    .all() as { id: string; title: string; path: string; front_matter: string; body: string }[];
  return rows.map((row) => {
    const doc = storedIncident(row);
    const fields = doc.kind === 'incident' ? doc.fields : undefined;
    if (!fields) throw new Error(`stored document ${row.id} is not an incident`);
    const prose = [
      fields.title,
      ...fields.symptoms,
      ...fields.alerts,
      ...fields.log_templates,
      fields.root_cause,
      fields.resolution,
      row.body,
    ].join('\n');
    return { id: row.id, title: row.title, fields, prose };
  });
}

export interface SimilarOptions {
  embedder?: Embedder;
}

/**
 * Past incidents most like the query, best first: BM25 over the text, kNN over the embeddings and the
 * structured overlap, fused by reciprocal rank. Each result explains itself.
 */
export function similarIncidents(
  db: Db,
  query: IncidentQuery,
  k: number,
  options: SimilarOptions = {},
): SimilarIncident[] {
  ensureKbIndexTables(db);
  const candidates = loadCandidates(db);
  if (candidates.length === 0 || k <= 0) return [];
  const embedder = options.embedder ?? storedEmbedder(db);
  const structured = candidates
    .map((c) => ({ id: c.id, score: structuredScore(query, c) }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
    .map((s) => s.id);
  const rankings: [number, string[]][] = [
    [WEIGHTS.bm25, bm25Ranking(db, query)],
    [WEIGHTS.vector, vectorRanking(db, query, embedder, candidates.length)],
    [WEIGHTS.structured, structured],
  ];
  const fused = new Map<string, number>();
  for (const [weight, ids] of rankings) {
    ids.forEach((id, rank) => fused.set(id, (fused.get(id) ?? 0) + weight / (RRF_K + rank + 1)));
  }
  const byId = new Map(candidates.map((c) => [c.id, c]));
  return [...fused.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, k)
    .map(([id, score]) => {
      const candidate = byId.get(id)!;
      return { id, title: candidate.title, score: Number(score.toFixed(5)), why: explain(query, candidate) };
    });
}
