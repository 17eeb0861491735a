import git, { Errors } from 'isomorphic-git';
import { conflictStamp } from './conflict-names';
import { mergeFileLevel } from './conflict-merge';
import { fs } from './git-context';
import type { KbAuthor } from './types';

export interface Integration {
  /** The commit the branch should point at. */
  oid: string;
  /** Original path → conflict copy holding our version. */
  conflicts: Map<string, string>;
}

/**
 * Combines our branch with theirs without touching the index or the working tree: isomorphic-git's line-level
 * merge when it succeeds, otherwise the file-level merge that keeps both versions of every conflicting file.
 */
export async function integrateRemote(args: {
  dir: string;
  ours: string;
  theirs: string;
  author: KbAuthor;
  now: Date;
}): Promise<Integration> {
  const { dir, ours, theirs, author } = args;
  try {
    const merged = await git.merge({
      fs,
      dir,
      ours,
      theirs,
      author,
      noUpdateBranch: true,
      abortOnConflict: true,
      allowUnrelatedHistories: true,
      message: 'kb: merge remote changes',
    });
    return { oid: merged.oid ?? ours, conflicts: new Map() };
  } catch (error) {
    if (!(error instanceof Errors.MergeConflictError) && !(error instanceof Errors.MergeNotSupportedError))
      throw error;
    const merged = await mergeFileLevel({ dir, ours, theirs, author, stamp: conflictStamp(args.now) });
    return { oid: merged.commit, conflicts: merged.conflicts };
  }
}

/**
 * Moves the branch to the merged commit and brings the working tree along; if that fails part way, the branch,
 * index and files go back to where they were so a person never finds a half-merged folder.
 */
export async function moveBranch(
  dir: string,
  branch: string,
  from: string | null,
  to: string,
): Promise<void> {
  const ref = `refs/heads/${branch}`;
  try {
    await git.writeRef({ fs, dir, ref, value: to, force: true });
    await git.checkout({ fs, dir, ref: branch, force: true });
  } catch (error) {
    if (from) {
      await git.writeRef({ fs, dir, ref, value: from, force: true });
      await git.checkout({ fs, dir, ref: branch, force: true });
    }
    throw error;
  }
}

/** Commits reachable from theirs that we did not have. */
export async function countNewCommits(dir: string, before: string | null, theirs: string): Promise<number> {
  const known = new Set(before ? (await git.log({ fs, dir, ref: before })).map((entry) => entry.oid) : []);
  const incoming = await git.log({ fs, dir, ref: theirs });
  return incoming.filter((entry) => !known.has(entry.oid)).length;
}
