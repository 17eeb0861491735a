import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openWorkspaceDb } from '../../electron/core/db/open';
import { documentProse } from '../../electron/core/kb/document-text';
import { indexDocuments } from '../../electron/core/kb/index';
import { loadKnowledgeBase } from '../../electron/core/kb/load';
import type { IncidentFrontMatter, KbDocument } from '../../electron/core/kb/schema';
import { similarIncidents, type IncidentQuery } from '../../electron/core/kb/similar';

/**
 * `npm run eval`: leave-one-out over the seed incidents. Each incident is described only by its symptoms
 * (symptoms, alerts, log templates) and searched among all the others; a hit shares its root-cause category.
 * Plain BM25 (FTS5 over the same full text, every query word OR-ed) is the baseline.
 */

type Incident = Extract<KbDocument, { kind: 'incident' }>;

const K = 5;

function kbFolder(): string {
  const flag = process.argv.indexOf('--kb');
  return path.resolve(flag >= 0 && process.argv[flag + 1] ? process.argv[flag + 1]! : 'knowledge-base');
}

function symptomsOnly(fields: IncidentFrontMatter): IncidentQuery {
  return { text: fields.symptoms.join('\n'), alerts: fields.alerts, templates: fields.log_templates };
}

interface Score {
  precision: number;
  hit: number;
}

function score(ranked: string[], truth: string, categoryOf: Map<string, string>): Score {
  const top = ranked.slice(0, K);
  const same = top.filter((id) => categoryOf.get(id) === truth).length;
  return { precision: same / K, hit: top[0] !== undefined && categoryOf.get(top[0]) === truth ? 1 : 0 };
}

function createBm25(incidents: Incident[]) {
  const db = new Database(':memory:');
  db.exec('CREATE VIRTUAL TABLE docs USING fts5 (id UNINDEXED, text)');
  const insert = db.prepare('INSERT INTO docs (id, text) VALUES (?, ?)');
  for (const doc of incidents) insert.run(doc.fields.id, documentProse(doc));
  return {
    rank(held: Incident, query: IncidentQuery): string[] {
      db.prepare('DELETE FROM docs WHERE id = ?').run(held.fields.id);
      const text = [query.text, ...(query.alerts ?? []), ...(query.templates ?? [])].join(' ');
      const terms = [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].map((t) => `"${t}"`);
      const ids =
        terms.length === 0
          ? []
          : (
              db.prepare('SELECT id FROM docs WHERE docs MATCH ? ORDER BY rank').all(terms.join(' OR ')) as {
                id: string;
              }[]
            ).map((row) => row.id);
      insert.run(held.fields.id, documentProse(held));
      return ids;
    },
    close: () => db.close(),
  };
}

const mean = (values: number[]) =>
  Number((values.reduce((a, b) => a + b, 0) / Math.max(1, values.length)).toFixed(4));

function main(): void {
  const dir = kbFolder();
  if (!fs.existsSync(path.join(dir, 'incidents'))) {
    process.stdout.write(`No incidents under ${dir}: nothing to evaluate.\n`);
    return;
  }
  const { documents, problems } = loadKnowledgeBase(dir);
  for (const problem of problems)
    process.stderr.write(`skipped ${problem.file}:${problem.line}: ${problem.field}: ${problem.message}\n`);
  const incidents = documents.filter(
    (d): d is Incident => d.kind === 'incident' && d.fields.root_cause_category !== null,
  );
  const categoryOf = new Map(incidents.map((d) => [d.fields.id, d.fields.root_cause_category ?? '']));
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iwb-kb-eval-'));
  const { db } = openWorkspaceDb(path.join(workDir, 'eval.db'));
  const bm25 = createBm25(incidents);
  const hybrid: Score[] = [];
  const baseline: Score[] = [];
  try {
    for (const held of incidents) {
      const query = symptomsOnly(held.fields);
      const truth = held.fields.root_cause_category ?? '';
      indexDocuments(
        db,
        incidents.filter((d) => d !== held),
      );
      hybrid.push(
        score(
          similarIncidents(db, query, K).map((r) => r.id),
          truth,
          categoryOf,
        ),
      );
      baseline.push(score(bm25.rank(held, query), truth, categoryOf));
    }
  } finally {
    bm25.close();
    db.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  const figures = {
    'kb.eval.incidents': incidents.length,
    'kb.eval.categories': new Set(categoryOf.values()).size,
    'kb.hybrid.precision_at_5': mean(hybrid.map((s) => s.precision)),
    'kb.hybrid.hit_at_1': mean(hybrid.map((s) => s.hit)),
    'kb.bm25.precision_at_5': mean(baseline.map((s) => s.precision)),
    'kb.bm25.hit_at_1': mean(baseline.map((s) => s.hit)),
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main();
