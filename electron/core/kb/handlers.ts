import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import git from 'isomorphic-git';
import { z } from 'zod';
import type { KbDocumentSummary, KbStatus, kbMethods } from '../../../shared/methods/kb';
import type { Handlers } from '../api/dispatch';
import type { Db } from '../db/open';
import { AppError } from '../errors';
import type { EventBus } from '../events';
import type { SecretStore } from '../ingest/secrets';
import { latestInvestigationId } from '../investigation/store';
import { getSetting, setSetting } from '../settings';
import { indexKnowledgeBase, type IndexSummary } from './index';
import { KB_DIR_SETTING, resolveKbDir } from './kb-dir';
import { kbKinds, type KbKind } from './schema';
import { seedKnowledgeBase } from './seed';
import { queryFromInvestigation, similarIncidents, type IncidentQuery } from './similar';
import { listConflicts, resolveConflict, syncKnowledgeBase, type SyncReport } from './sync';

export type KbHandlers = Pick<Handlers, keyof typeof kbMethods>;

export interface KbHandlerDeps {
  dbPath: string;
  bus: EventBus;
  secrets: SecretStore;
  env?: NodeJS.ProcessEnv;
}

/** A name no source can take (sources allow no colon), so removing a source never drops the KB token. */
const TOKEN_OWNER = 'kb:remote';
const REMOTE_SETTING = 'kb.remoteUrl';
const LAST_SYNC_SETTING = 'kb.lastSync';
const UNTRUSTED_SETTING = 'kb.untrustedRunbooks';

const lastSyncSchema = z.object({
  at: z.number().int(),
  message: z.string(),
  offline: z.boolean(),
  pushed: z.boolean(),
});
const untrustedSchema = z.array(z.string());
const storedDocument = z.looseObject({
  tags: z.array(z.string()).optional(),
  services: z.array(z.string()).optional(),
  date: z.string().nullable().optional(),
  severity: z.string().nullable().optional(),
});

interface DocumentRow {
  id: string;
  kind: string;
  path: string;
  title: string;
  front_matter: string;
  body: string;
}

function parseSetting<T>(db: Db, key: string, schema: z.ZodType<T>): T | null {
  const raw = getSetting(db, key);
  if (raw === null) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function kindOf(value: string): KbKind {
  const kind = kbKinds.find((k) => k === value);
  if (!kind) throw new AppError('internal', `The index holds a document of unknown kind '${value}'.`);
  return kind;
}

/** Paths are shown relative to the knowledge-base folder, which the screen names once. */
function summaryOf(
  row: DocumentRow,
  dir: string,
): KbDocumentSummary & { frontMatter: Record<string, unknown> } {
  const parsed = storedDocument.parse(JSON.parse(row.front_matter));
  const { concepts: _concepts, ...frontMatter } = parsed;
  return {
    id: row.id,
    kind: kindOf(row.kind),
    title: row.title,
    path: path.relative(dir, path.resolve(row.path)).split(path.sep).join('/'),
    date: parsed.date ?? null,
    severity: parsed.severity ?? null,
    services: parsed.services ?? [],
    tags: parsed.tags ?? [],
    frontMatter,
  };
}

/** Before an investigation ran, the incident's own words are the query: its title, summary, services, alerts. */
function queryFromIncident(db: Db, incidentId: string): IncidentQuery {
  const row = db.prepare('SELECT title, summary, services FROM incidents WHERE id = ?').get(incidentId) as
    { title: string; summary: string | null; services: string } | undefined;
  if (!row) throw new AppError('not_found', `There is no incident '${incidentId}' in this workspace.`);
  const services = z.array(z.string()).catch([]).parse(JSON.parse(row.services));
  const alerts = db
    .prepare('SELECT DISTINCT alertname FROM alerts WHERE incident_id = ?')
    .all(incidentId) as { alertname: string }[];
  return {
    text: [row.title, row.summary ?? ''].join('\n'),
    services,
    alerts: alerts.map((a) => a.alertname),
  };
}

async function configuredRemote(dir: string): Promise<string | null> {
  if (!fs.existsSync(path.join(dir, '.git'))) return null;
  const url: unknown = await git.getConfig({ fs, dir, path: 'remote.origin.url' }).catch(() => null);
  return typeof url === 'string' && url ? url : null;
}

function author(env: NodeJS.ProcessEnv): { name: string; email: string } {
  const user = os.userInfo().username;
  return { name: env.IWB_AUTHOR_NAME || user, email: env.IWB_AUTHOR_EMAIL || `${user}@${os.hostname()}` };
}

export function createKbHandlers(db: Db, deps: KbHandlerDeps): KbHandlers {
  const env = deps.env ?? process.env;
  let syncing = false;

  const kbDir = () => {
    const resolved = resolveKbDir(db, deps.dbPath, env);
    seedKnowledgeBase(resolved.dir);
    return resolved;
  };
  const index = (): IndexSummary => indexKnowledgeBase(db, kbDir().dir);
  const token = () => deps.secrets.get(TOKEN_OWNER, ['token']).token ?? null;
  const remoteUrl = async (dir: string) => getSetting(db, REMOTE_SETTING) || (await configuredRemote(dir));

  const status = async (): Promise<KbStatus> => {
    const { dir, source } = kbDir();
    const { problems } = indexKnowledgeBase(db, dir);
    const counts = { incident: 0, symptom: 0, solution: 0 };
    const rows = db.prepare('SELECT kind, COUNT(*) AS n FROM kb_documents GROUP BY kind').all() as {
      kind: string;
      n: number;
    }[];
    for (const row of rows) counts[kindOf(row.kind)] = row.n;
    return {
      dir,
      dirSource: source,
      isGitRepo: fs.existsSync(path.join(dir, '.git')),
      remoteUrl: await remoteUrl(dir),
      hasToken: token() !== null,
      lastSync: parseSetting(db, LAST_SYNC_SETTING, lastSyncSchema),
      counts,
      problems,
      conflicts: (await listConflicts(dir)).length,
      untrustedRunbooks: parseSetting(db, UNTRUSTED_SETTING, untrustedSchema) ?? [],
    };
  };

  const findConflict = async (conflictPath: string) => {
    const dir = kbDir().dir;
    const conflict = (await listConflicts(dir)).find((c) => c.path === conflictPath);
    if (!conflict) throw new AppError('not_found', `There is no sync conflict '${conflictPath}' in ${dir}.`);
    return { dir, conflict };
  };

  const remember = (report: SyncReport) => {
    setSetting(
      db,
      LAST_SYNC_SETTING,
      JSON.stringify({
        at: Date.now() * 1000,
        message: report.message,
        offline: report.offline,
        pushed: report.pushed,
      }),
    );
    const untrusted = new Set([
      ...(parseSetting(db, UNTRUSTED_SETTING, untrustedSchema) ?? []),
      ...report.remoteRunbooks,
    ]);
    setSetting(db, UNTRUSTED_SETTING, JSON.stringify([...untrusted].sort()));
  };

  return {
    getKbStatus: () => status(),
    setKbConfig: async ({ dir, remoteUrl: url, token: newToken }) => {
      if (dir !== undefined) setSetting(db, KB_DIR_SETTING, dir === '' ? '' : path.resolve(dir));
      if (url !== undefined) setSetting(db, REMOTE_SETTING, url);
      if (newToken !== undefined) {
        if (newToken === '') deps.secrets.delete(TOKEN_OWNER);
        else deps.secrets.set(TOKEN_OWNER, { token: newToken });
      }
      return status();
    },
    indexKb: () => index(),
    listKbDocuments: ({ kind, search }) => {
      const { dir } = kbDir();
      indexKnowledgeBase(db, dir);
      const rows = db
        .prepare(
          "SELECT id, kind, path, title, front_matter, body FROM kb_documents ORDER BY kind, CASE kind WHEN 'incident' THEN NULL ELSE id END, id DESC",
        )
        .all() as DocumentRow[];
      const words = (search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
      return rows
        .filter((row) => !kind || row.kind === kind)
        .filter((row) => {
          const haystack = `${row.id}\n${row.title}\n${row.front_matter}`.toLowerCase();
          return words.every((word) => haystack.includes(word));
        })
        .map((row) => {
          const { frontMatter: _frontMatter, ...summary } = summaryOf(row, dir);
          return summary;
        });
    },
    getKbDocument: ({ id }) => {
      const { dir } = kbDir();
      indexKnowledgeBase(db, dir);
      const row = db
        .prepare('SELECT id, kind, path, title, front_matter, body FROM kb_documents WHERE id = ?')
        .get(id) as DocumentRow | undefined;
      if (!row) throw new AppError('not_found', `There is no knowledge-base document '${id}'.`);
      return { ...summaryOf(row, dir), body: row.body };
    },
    similarToIncident: ({ incidentId, k }) => {
      index();
      const investigationId = latestInvestigationId(db, incidentId);
      const query =
        investigationId === null
          ? queryFromIncident(db, incidentId)
          : queryFromInvestigation(db, investigationId);
      return {
        basedOn: investigationId === null ? 'incident' : 'investigation',
        results: similarIncidents(db, query, k),
      };
    },
    similarToText: ({ text, k }) => {
      index();
      return similarIncidents(db, { text }, k);
    },
    syncKb: async () => {
      if (syncing) throw new AppError('conflict', 'A knowledge-base sync is already running; wait for it.');
      syncing = true;
      const progress = (label: string, done: number, total: number | null, finished: boolean) =>
        deps.bus.emit('progress', { task: 'kb-sync', label, done, total, finished });
      try {
        const dir = kbDir().dir;
        const url = (await remoteUrl(dir)) ?? undefined;
        if (!url) {
          throw new AppError(
            'invalid_args',
            'The knowledge base has no git remote yet; set its remote URL, then sync.',
          );
        }
        const secret = token();
        progress('Starting sync', 0, null, false);
        const report = await syncKnowledgeBase({
          dir,
          url,
          auth: secret ? { token: secret } : undefined,
          author: author(env),
          onProgress: (event) => progress(event.phase, event.loaded, event.total || null, false),
        });
        remember(report);
        indexKnowledgeBase(db, dir);
        return report;
      } finally {
        syncing = false;
        progress('Sync finished', 1, 1, true);
      }
    },
    listKbConflicts: () => listConflicts(kbDir().dir),
    getKbConflict: async ({ path: conflictPath }) => {
      const { dir, conflict } = await findConflict(conflictPath);
      const read = (relative: string) => {
        const file = path.join(dir, relative);
        return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      };
      return { ...conflict, ours: read(conflict.path), theirs: read(conflict.original) };
    },
    resolveKbConflict: async ({ path: conflictPath, resolution }) => {
      const { dir, conflict } = await findConflict(conflictPath);
      await resolveConflict(dir, conflict.path, resolution);
      indexKnowledgeBase(db, dir);
      return { resolved: conflict.path, original: conflict.original };
    },
  };
}
