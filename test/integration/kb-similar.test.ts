import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKbCommand } from '../../electron/cli/commands/kb';
import { openWorkspaceDb } from '../../electron/core/db/open';
import { AppError } from '../../electron/core/errors';
import { indexKnowledgeBase } from '../../electron/core/kb/index';
import { loadKnowledgeBase } from '../../electron/core/kb/load';
import { queryFromInvestigation, similarIncidents } from '../../electron/core/kb/similar';
import { createInvestigation, insertFinding } from '../../electron/core/investigation/store';
import { tempDir } from '../support/temp';

const SEED = path.resolve('knowledge-base');

/** A private copy of the seed, so a test may edit files while other work changes the real folder. */
function seedCopy(): string {
  const dir = path.join(tempDir(), 'kb');
  fs.cpSync(SEED, dir, { recursive: true });
  return dir;
}

/** Runs a `kb` subcommand in-process and returns what it printed and what it threw. */
async function runKb(args: string[]): Promise<{ out: string; error: unknown }> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  let error: unknown = null;
  try {
    await createKbCommand().exitOverride().parseAsync(args, { from: 'user' });
  } catch (thrown) {
    error = thrown;
  } finally {
    spy.mockRestore();
  }
  return { out: chunks.join(''), error };
}

afterEach(() => vi.restoreAllMocks());

describe('similar incidents over the seed knowledge base', () => {
  it('finds pool-exhaustion incidents first for pool-exhaustion symptoms, and says why', () => {
    const kb = seedCopy();
    const { db } = openWorkspaceDb(path.join(tempDir(), 'w.db'));
    try {
      indexKnowledgeBase(db, kb);
      const results = similarIncidents(
        db,
        {
          text:
            'API requests hang then fail: timeout waiting for a free database connection from the pool. ' +
            'Active connections stay at the configured maximum and threads queue for a connection.',
        },
        5,
      );
      expect(results.length).toBe(5);
      expect(results[0]!.why.rootCauseCategory).toBe('connection-pool-exhaustion');
      expect(results[0]!.why.sharedTerms).toEqual(expect.arrayContaining(['pool', 'connection']));
      expect(results[0]!.why.summary).toMatch(/pool/);
      expect(results[0]!.why.resolution.length).toBeGreaterThan(0);
      const scores = results.map((r) => r.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    } finally {
      db.close();
    }
  });

  it('re-indexes nothing when no file changed, and only the changed file otherwise', () => {
    const kb = seedCopy();
    const file = path.join(tempDir(), 'w.db');
    const { db } = openWorkspaceDb(file);
    try {
      const first = indexKnowledgeBase(db, kb);
      const total = loadKnowledgeBase(kb).documents.length;
      expect(first.added).toBe(total);
      const stamps = db.prepare('SELECT id, indexed_at, vector FROM kb_documents ORDER BY id').all();
      const again = indexKnowledgeBase(db, kb);
      expect({ ...again, problems: [] }).toEqual({
        added: 0,
        updated: 0,
        removed: 0,
        unchanged: total,
        problems: [],
      });
      expect(db.prepare('SELECT id, indexed_at, vector FROM kb_documents ORDER BY id').all()).toEqual(stamps);

      const incident = fs.readdirSync(path.join(kb, 'incidents')).sort()[0]!;
      const target = path.join(kb, 'incidents', incident);
      fs.appendFileSync(target, '\nA later note from the review.\n');
      const edited = indexKnowledgeBase(db, kb);
      expect({ added: edited.added, updated: edited.updated, removed: edited.removed }).toEqual({
        added: 0,
        updated: 1,
        removed: 0,
      });
      fs.rmSync(target);
      expect(indexKnowledgeBase(db, kb).removed).toBe(1);
    } finally {
      db.close();
    }
    const reopened = openWorkspaceDb(file);
    expect(reopened.db.prepare('SELECT COUNT(*) AS n FROM kb_documents').get()).toEqual({
      n: loadKnowledgeBase(kb).documents.length,
    });
    reopened.db.close();
  });
});

describe('iwb kb', () => {
  it('prints a JSON array of {id, title, score, why} best first for kb similar --json', async () => {
    const kb = seedCopy();
    const db = path.join(tempDir(), 'w.db');
    const { out, error } = await runKb([
      'similar',
      '--kb',
      kb,
      '--db',
      db,
      '--query',
      'x509: certificate has expired or is not yet valid; TLS handshake errors from clients',
      '--k',
      '3',
      '--json',
    ]);
    expect(error).toBeNull();
    const parsed: unknown = JSON.parse(out);
    expect(Array.isArray(parsed)).toBe(true);
    const results = parsed as { id: string; title: string; score: number; why: Record<string, unknown> }[];
    expect(results).toHaveLength(3);
    const ids = new Set(loadKnowledgeBase(kb).documents.map((d) => d.fields.id));
    for (const result of results) {
      expect(Object.keys(result).sort()).toEqual(['id', 'score', 'title', 'why']);
      expect(ids.has(result.id)).toBe(true);
      expect(typeof result.why.summary).toBe('string');
    }
    expect(results[0]!.why.rootCauseCategory).toBe('certificate-expiry');
  });

  it('treats hostile query text as words, never as FTS syntax', async () => {
    const kb = seedCopy();
    const { out, error } = await runKb([
      'similar',
      '--kb',
      kb,
      '--db',
      path.join(tempDir(), 'w.db'),
      '--query',
      'db-3 AND "unterminated NEAR( * OR :col ^ -',
      '--json',
    ]);
    expect(error).toBeNull();
    expect(Array.isArray(JSON.parse(out))).toBe(true);
  });

  it('kb validate lists file:line: field: message and fails when a file is broken', async () => {
    const kb = tempDir();
    fs.mkdirSync(path.join(kb, 'incidents'));
    fs.writeFileSync(path.join(kb, 'incidents', 'ok.md'), '---\nid: OK\ntitle: fine\n---\n');
    fs.writeFileSync(path.join(kb, 'incidents', 'bad.md'), '---\nid: BAD\ntitle: t\nseverity: high\n---\n');
    const { out, error } = await runKb(['validate', '--kb', kb]);
    expect(error).toBeInstanceOf(AppError);
    expect(out).toMatch(/bad\.md:4: severity: "high" is not one of SEV1/);
    expect(out).not.toMatch(/ok\.md/);
  });
});

describe('a query from an investigation', () => {
  it('carries the findings, their services, templates and the incident alerts, and finds the right past incident', () => {
    const kb = seedCopy();
    const { db } = openWorkspaceDb(path.join(tempDir(), 'w.db'));
    try {
      const t = 1_700_000_000_000_000;
      db.prepare(
        `INSERT INTO incidents (id, title, severity, status, services, started_at, created_at, updated_at)
         VALUES ('INC-9', 'payments slow', 'SEV2', 'investigating', '["payments"]', ?, ?, ?)`,
      ).run(t, t, t);
      db.prepare(
        `INSERT INTO alerts (source, fingerprint, alertname, service, status, starts_at, incident_id, updated_at)
         VALUES ('am', 'f1', 'DbPoolSaturated', 'payments', 'firing', ?, 'INC-9', ?)`,
      ).run(t, t);
      const templateId = Number(
        db
          .prepare("INSERT INTO log_templates (template, service, count) VALUES (?, 'payments', 12)")
          .run('HikariPool-1 - Connection is not available, request timed out after <*>ms.').lastInsertRowid,
      );
      const investigationId = createInvestigation(db, {
        incidentId: 'INC-9',
        from: t,
        to: t + 60_000_000,
        baselineFrom: t - 60_000_000,
        baselineTo: t,
        services: ['payments'],
      });
      insertFinding(db, investigationId, {
        type: 'pattern',
        analyzer: 'new-templates',
        title: 'New error template in payments',
        description: 'Requests wait for a database connection and time out.',
        confidence: 0.9,
        severity: 'critical',
        service: 'payments',
        tags: ['db-pool', 'new-template'],
        onset: t,
        evidence: [
          {
            type: 'log',
            description: '12 lines',
            ref: { kind: 'template', templateId, logIds: [] },
            from: t,
            to: t + 1,
            preview: null,
          },
        ],
      });
      const query = queryFromInvestigation(db, investigationId);
      expect(query.services).toEqual(['payments']);
      expect(query.alerts).toEqual(['DbPoolSaturated']);
      expect(query.templates).toEqual([
        'HikariPool-1 - Connection is not available, request timed out after <*>ms.',
      ]);
      expect(query.tags).toEqual(['db-pool', 'new-template']);
      indexKnowledgeBase(db, kb);
      const [best] = similarIncidents(db, query, 3);
      expect(best?.why.rootCauseCategory).toBe('connection-pool-exhaustion');
      expect(best?.why.templates.length).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });
});
