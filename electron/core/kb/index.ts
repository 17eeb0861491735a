import crypto from 'node:crypto';
import * as sqliteVec from 'sqlite-vec';
import type { Db } from '../db/open';
import { documentConcepts, ftsColumns, incidentEmbeddingText } from './document-text';
import { isCorpusEmbedder, type Embedder } from './embedding/embedder';
import { HashedTfIdfEmbedder } from './embedding/hashed';
import { loadKnowledgeBase } from './load';
import { storedIncidentFields, type KbDocument, type KbProblem } from './schema';

export interface IndexSummary {
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  problems: KbProblem[];
}

const loadedConnections = new WeakSet<Db>();

/** vec0 tables live outside the migrations: a connection without the extension must still open the file. */
export function ensureKbIndexTables(db: Db): void {
  if (!loadedConnections.has(db)) {
    sqliteVec.load(db);
    loadedConnections.add(db);
  }
  db.exec('CREATE TABLE IF NOT EXISTS kb_model (key TEXT PRIMARY KEY, value BLOB NOT NULL)');
}

function readModelValue(db: Db, key: string): string | null {
  const row = db.prepare('SELECT value FROM kb_model WHERE key = ?').get(key) as
    { value: string } | undefined;
  return row?.value ?? null;
}

const writeModelValue = (db: Db, key: string, value: string | Uint8Array) =>
  db
    .prepare(
      'INSERT INTO kb_model (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    )
    .run(key, value);

/** The embedder the index was built with: the default one restored from its saved weights. */
export function storedEmbedder(db: Db): Embedder {
  ensureKbIndexTables(db);
  const saved = readModelValue(db, 'hashed_model');
  return (Buffer.isBuffer(saved) ? HashedTfIdfEmbedder.restore(saved) : null) ?? new HashedTfIdfEmbedder();
}

function contentHash(doc: KbDocument): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify([doc.kind, doc.path, doc.fields, doc.body]))
    .digest('hex');
}

const vectorBlob = (vector: Float32Array) => Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);

function rebuildVectors(db: Db, embedder: Embedder): void {
  const rows = db
    .prepare(
      "SELECT rowid, front_matter, body, path FROM kb_documents WHERE kind = 'incident' ORDER BY rowid",
    )
    .all() as { rowid: number; front_matter: string; body: string; path: string }[];
  const docs = rows.map((row) => storedIncident(row));
  const texts = docs.map(incidentEmbeddingText);
  if (isCorpusEmbedder(embedder)) {
    embedder.fit(texts);
    writeModelValue(db, 'hashed_model', embedder.save());
  }
  const vectors = embedder.embed(texts);
  db.exec('DROP TABLE IF EXISTS kb_vec');
  db.exec(
    `CREATE VIRTUAL TABLE kb_vec USING vec0(embedding float[${embedder.dimensions}] distance_metric=cosine)`,
  );
  const update = db.prepare('UPDATE kb_documents SET vector = ? WHERE rowid = ?');
  const insert = db.prepare('INSERT INTO kb_vec (rowid, embedding) VALUES (?, ?)');
  rows.forEach((row, index) => {
    const blob = vectorBlob(vectors[index]!);
    update.run(blob, row.rowid);
    insert.run(BigInt(row.rowid), blob);
  });
  writeModelValue(db, 'embedder', embedder.id);
}

/** Rebuilds a KbDocument from its stored row; front_matter was written by us from validated fields. */
export function storedIncident(row: { front_matter: string; body: string; path: string }): KbDocument {
  const fields = storedIncidentFields.parse(JSON.parse(row.front_matter));
  return { kind: 'incident', path: row.path, body: row.body, fields };
}

/**
 * Brings the index in line with `documents`: unchanged files (same content hash) are not touched; when
 * anything changed the corpus statistics move, so every incident vector is recomputed (cheap at KB sizes).
 */
export function indexDocuments(
  db: Db,
  documents: KbDocument[],
  embedder: Embedder = new HashedTfIdfEmbedder(),
): Omit<IndexSummary, 'problems'> {
  ensureKbIndexTables(db);
  const existing = new Map(
    (
      db.prepare('SELECT id, content_hash FROM kb_documents').all() as { id: string; content_hash: string }[]
    ).map((row) => [row.id, row.content_hash]),
  );
  const incoming = new Set(documents.map((d) => d.fields.id));
  const changed = documents
    .map((doc) => ({ doc, hash: contentHash(doc) }))
    .filter(({ doc, hash }) => existing.get(doc.fields.id) !== hash);
  const removed = [...existing.keys()].filter((id) => !incoming.has(id));
  const added = changed.filter(({ doc }) => !existing.has(doc.fields.id)).length;
  const summary = {
    added,
    updated: changed.length - added,
    removed: removed.length,
    unchanged: documents.length - changed.length,
  };
  const sameEmbedder = readModelValue(db, 'embedder') === embedder.id;
  if (changed.length === 0 && removed.length === 0 && sameEmbedder) return summary;
  const now = Date.now() * 1000;
  db.transaction(() => {
    const deleteDoc = db.prepare('DELETE FROM kb_documents WHERE id = ?');
    const deleteFts = db.prepare('DELETE FROM kb_fts WHERE id = ?');
    for (const id of removed) {
      deleteDoc.run(id);
      deleteFts.run(id);
    }
    const upsert = db.prepare(
      `INSERT INTO kb_documents (id, kind, path, title, front_matter, body, content_hash, vector, indexed_at)
       VALUES (@id, @kind, @path, @title, @front_matter, @body, @content_hash, NULL, @indexed_at)
       ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, path = excluded.path, title = excluded.title,
         front_matter = excluded.front_matter, body = excluded.body, content_hash = excluded.content_hash,
         indexed_at = excluded.indexed_at`,
    );
    const insertFts = db.prepare('INSERT INTO kb_fts (id, title, body, facets) VALUES (?, ?, ?, ?)');
    for (const { doc, hash } of changed) {
      upsert.run({
        id: doc.fields.id,
        kind: doc.kind,
        path: doc.path,
        title: doc.fields.title,
        front_matter: JSON.stringify({ ...doc.fields, concepts: documentConcepts(doc) }),
        body: doc.body,
        content_hash: hash,
        indexed_at: now,
      });
      const fts = ftsColumns(doc);
      deleteFts.run(doc.fields.id);
      insertFts.run(doc.fields.id, fts.title, fts.body, fts.facets);
    }
    rebuildVectors(db, embedder);
  })();
  return summary;
}

export function indexKnowledgeBase(db: Db, dir: string, embedder?: Embedder): IndexSummary {
  const { documents, problems } = loadKnowledgeBase(dir);
  return { ...indexDocuments(db, documents, embedder), problems };
}
