import path from 'node:path';
import git from 'isomorphic-git';
import { z } from 'zod';
import { AppError, errorMessage } from '../../errors';
import { parseConflictPath } from './conflict-names';
import { authFailure, isPushRejected, offlineReason } from './failures';
import { fs, gitNetwork, type GitNetwork } from './git-context';
import { countNewCommits, integrateRemote, moveBranch } from './integrate';
import { commitLocalChanges } from './local-commit';
import { adoptRemoteDefaultBranch, headCommit, prepareRepository, remoteCommit, REMOTE } from './repository';
import { remoteRunbookChanges } from './runbook-changes';
import type { ConflictFile, SyncOptions, SyncReport } from './types';

const optionsSchema = z.object({
  dir: z.string().min(1, 'the knowledge-base folder is required'),
  url: z
    .string()
    .regex(/^https?:\/\//, 'the remote must be an http:// or https:// URL')
    .optional(),
  auth: z
    .union([
      z.object({ token: z.string().min(1), username: z.string().min(1).optional() }).strict(),
      z.object({ username: z.string().min(1), password: z.string() }).strict(),
    ])
    .optional(),
  author: z.object({ name: z.string().min(1), email: z.string().min(1) }),
  maxPushAttempts: z.number().int().min(1).max(20).optional(),
});

class Offline extends Error {}

interface Progress {
  pulled: number;
  conflicts: ConflictFile[];
  remoteRunbooks: Set<string>;
}

async function network<T>(url: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    const denied = authFailure(error, url);
    if (denied) throw denied;
    const reason = offlineReason(error);
    if (reason) throw new Offline(reason);
    throw error;
  }
}

async function pullOnce(
  options: SyncOptions,
  url: string,
  net: GitNetwork,
  branch: string,
  progress: Progress,
  now: Date,
): Promise<{ local: string | null; theirs: string | null }> {
  const { dir } = options;
  await network(url, () =>
    git.fetch({
      fs,
      dir,
      remote: REMOTE,
      ref: branch,
      singleBranch: true,
      tags: false,
      ...net,
      onProgress: options.onProgress,
    }),
  );
  const before = await headCommit(dir);
  const theirs = await remoteCommit(dir, branch);
  if (!theirs || theirs === before) return { local: before, theirs };
  const merged = before
    ? await integrateRemote({ dir, ours: before, theirs, author: options.author, now })
    : { oid: theirs, conflicts: new Map<string, string>() };
  if (merged.oid !== before) await moveBranch(dir, branch, before, merged.oid);
  progress.pulled += await countNewCommits(dir, before, theirs);
  for (const [original, copy] of merged.conflicts) {
    const createdAt = parseConflictPath(copy)?.createdAt ?? now.getTime() * 1000;
    progress.conflicts.push({ path: copy, original, createdAt });
  }
  for (const runbook of await remoteRunbookChanges({ dir, before, theirs, after: merged.oid })) {
    progress.remoteRunbooks.add(runbook);
  }
  return { local: merged.oid, theirs };
}

function describe(report: Omit<SyncReport, 'message'>, reason?: string): string {
  const parts: string[] = [];
  if (report.pulled > 0) parts.push(`pulled ${report.pulled} commit(s)`);
  if (report.committed) parts.push('committed local edits');
  if (report.pushed) parts.push('pushed them to the remote');
  const did = parts.length
    ? `Knowledge base synced: ${parts.join(', ')}.`
    : 'Knowledge base already up to date.';
  const conflicts = report.conflicts.length
    ? ` ${report.conflicts.length} file(s) were edited on both sides: their version is in place and ours is kept beside it (${report.conflicts.map((c) => c.path).join(', ')}).`
    : '';
  if (report.offline) {
    const queued = report.committed ? 'Local edits are committed and' : 'Any local commits are kept and';
    return `The knowledge-base remote could not be reached (${reason}). ${queued} will be pushed on the next sync.${conflicts}`;
  }
  return `${did}${conflicts}`;
}

/**
 * One sync of the knowledge-base working copy: commit local edits, fetch, merge (keeping both versions of a
 * conflicting file), push. Without a network the local commit stays queued for the next sync.
 */
export async function syncKnowledgeBase(options: SyncOptions): Promise<SyncReport> {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'invalid_args',
      `Knowledge-base sync option '${issue?.path.join('.') ?? ''}': ${issue?.message ?? 'invalid'}.`,
    );
  }
  const dir = path.resolve(options.dir);
  const url = await prepareRepository(dir, options.url);
  const now = new Date();
  const committed = await commitLocalChanges(dir, options.author, now);
  const progress: Progress = { pulled: 0, conflicts: [], remoteRunbooks: new Set() };
  const finish = (pushed: boolean, offline: boolean, reason?: string): SyncReport => {
    const report = {
      pulled: progress.pulled,
      committed,
      pushed,
      offline,
      conflicts: progress.conflicts,
      remoteRunbooks: [...progress.remoteRunbooks].sort(),
    };
    return { ...report, message: describe(report, reason) };
  };
  if (!url) {
    return {
      ...finish(false, false),
      message: `No remote is configured for ${dir}; ${committed ? 'local edits are committed' : 'nothing to commit'}. Pass a remote URL to share it.`,
    };
  }
  const net = gitNetwork(options.auth, options.signal);
  const attempts = options.maxPushAttempts ?? 5;
  try {
    const info = await network(url, () => git.getRemoteInfo2({ ...net, url, protocolVersion: 1 }));
    const remoteHead = info.refs?.find((ref) => ref.ref === 'HEAD');
    await adoptRemoteDefaultBranch(dir, remoteHead?.target ?? null);
    const branch = (await git.currentBranch({ fs, dir })) ?? 'main';
    // An empty remote has nothing to fetch; its first push comes straight from our commits.
    let remoteHasBranches = info.refs?.some((ref) => ref.ref.startsWith('refs/heads/')) ?? false;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const { local, theirs } = remoteHasBranches
        ? await pullOnce({ ...options, dir }, url, net, branch, progress, now)
        : { local: await headCommit(dir), theirs: null };
      remoteHasBranches = true;
      if (!local || local === theirs) return finish(false, false);
      try {
        await network(url, () =>
          git.push({
            fs,
            dir,
            remote: REMOTE,
            ref: branch,
            ...net,
            onProgress: options.onProgress,
            signal: options.signal,
          }),
        );
        return finish(true, false);
      } catch (error) {
        if (!isPushRejected(error)) throw error;
      }
    }
    throw new AppError(
      'conflict',
      `The knowledge-base remote ${url} kept receiving other pushes; ${attempts} attempts were rejected. Sync again in a moment.`,
    );
  } catch (error) {
    if (error instanceof Offline) return finish(false, true, error.message);
    if (error instanceof AppError) throw error;
    throw new AppError('internal', `Knowledge-base sync of ${dir} failed: ${errorMessage(error)}`);
  }
}
