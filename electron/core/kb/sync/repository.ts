import fsp from 'node:fs/promises';
import path from 'node:path';
import git from 'isomorphic-git';
import { fs } from './git-context';

export const REMOTE = 'origin';

async function isRepository(dir: string): Promise<boolean> {
  return fsp
    .stat(path.join(dir, '.git'))
    .then((stat) => stat.isDirectory())
    .catch(() => false);
}

/**
 * Makes the folder a git working copy (a fresh init: the first fetch then fills it like a clone would, and
 * works the same whether the remote is empty, full or unreachable) and records the remote URL when given.
 */
export async function prepareRepository(dir: string, url: string | undefined): Promise<string | null> {
  await fsp.mkdir(dir, { recursive: true });
  if (!(await isRepository(dir))) await git.init({ fs, dir, defaultBranch: 'main' });
  const configured = await git.getConfig({ fs, dir, path: `remote.${REMOTE}.url` });
  if (url && url !== configured) {
    await git.addRemote({ fs, dir, remote: REMOTE, url, force: true });
    return url;
  }
  return typeof configured === 'string' && configured ? configured : null;
}

export async function headCommit(dir: string): Promise<string | null> {
  return git.resolveRef({ fs, dir, ref: 'HEAD' }).catch(() => null);
}

export async function remoteCommit(dir: string, branch: string): Promise<string | null> {
  return git.resolveRef({ fs, dir, ref: `refs/remotes/${REMOTE}/${branch}` }).catch(() => null);
}

/** A folder with no commit yet takes the remote's default branch name, as a clone would. */
export async function adoptRemoteDefaultBranch(dir: string, defaultBranch: string | null): Promise<void> {
  if (!defaultBranch || (await headCommit(dir))) return;
  await git.writeRef({ fs, dir, ref: 'HEAD', value: defaultBranch, symbolic: true, force: true });
}
