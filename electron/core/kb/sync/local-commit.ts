import os from 'node:os';
import git from 'isomorphic-git';
import { fs } from './git-context';
import type { KbAuthor } from './types';

const UNCHANGED = 1;
const ABSENT = 0;

/** Stages every add, edit and delete in the folder and commits them; false when there was nothing to commit. */
export async function commitLocalChanges(dir: string, author: KbAuthor, now = new Date()): Promise<boolean> {
  const rows = await git.statusMatrix({ fs, dir });
  const changed = rows.filter(
    ([, head, workdir]) =>
      !(head === UNCHANGED && workdir === UNCHANGED) && !(head === ABSENT && workdir === ABSENT),
  );
  for (const [filepath, head, workdir, stage] of rows) {
    if (head === UNCHANGED && workdir === UNCHANGED && stage === UNCHANGED) continue;
    if (workdir === ABSENT) await git.remove({ fs, dir, filepath });
    else await git.add({ fs, dir, filepath });
  }
  if (changed.length === 0) return false;
  await git.commit({
    fs,
    dir,
    author,
    message: `kb: local edits from ${os.hostname()} at ${now.toISOString()}`,
  });
  return true;
}
