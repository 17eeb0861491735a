import git, { TREE } from 'isomorphic-git';
import { fs } from './git-context';

const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
const RUNBOOK = /^runbooks\/.+\.ya?ml$/i;

/**
 * Runbook files whose content after the pull is the remote's and differs from what we had before it: these
 * arrived by sync and stay untrusted until a person trusts them.
 */
export async function remoteRunbookChanges(args: {
  dir: string;
  before: string | null;
  theirs: string;
  after: string;
}): Promise<string[]> {
  const changed: string[] = [];
  await git.walk({
    fs,
    dir: args.dir,
    trees: [args.before ?? EMPTY_TREE, args.theirs, args.after].map((ref) => TREE({ ref })),
    map: async (filepath, [before, theirs, after]) => {
      if (filepath !== '.' && !filepath.startsWith('runbooks')) return null;
      if (!RUNBOOK.test(filepath) || !theirs || !after || (await after.type()) !== 'blob') return true;
      const afterOid = await after.oid();
      if (afterOid === (await theirs.oid()) && afterOid !== (before ? await before.oid() : null)) {
        changed.push(filepath);
      }
      return true;
    },
  });
  return changed.sort();
}
