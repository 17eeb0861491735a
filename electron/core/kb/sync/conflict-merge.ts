import git, { TREE, type TreeEntry } from 'isomorphic-git';
import { AppError } from '../../errors';
import { conflictPathFor } from './conflict-names';
import { fs } from './git-context';
import type { KbAuthor } from './types';

/** Git's well-known empty tree: the base when the two histories share no commit. */
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

interface Blob {
  oid: string;
  mode: number;
}

interface Side {
  ours?: Blob;
  base?: Blob;
  theirs?: Blob;
}

export interface FileLevelMerge {
  commit: string;
  /** Original path → conflict copy holding our version. */
  conflicts: Map<string, string>;
}

async function blobsOf(
  dir: string,
  ours: string,
  base: string | null,
  theirs: string,
): Promise<Map<string, Side>> {
  const sides = new Map<string, Side>();
  const names = ['ours', 'base', 'theirs'] as const;
  await git.walk({
    fs,
    dir,
    trees: [ours, base ?? EMPTY_TREE, theirs].map((ref) => TREE({ ref })),
    map: async (filepath, entries) => {
      for (const [index, name] of names.entries()) {
        const entry = entries[index];
        if (!entry || (await entry.type()) !== 'blob') continue;
        const side = sides.get(filepath) ?? {};
        side[name] = { oid: await entry.oid(), mode: await entry.mode() };
        sides.set(filepath, side);
      }
      return true;
    },
  });
  return sides;
}

function sameBlob(a: Blob | undefined, b: Blob | undefined): boolean {
  return a?.oid === b?.oid && a?.mode === b?.mode;
}

async function writeNestedTree(dir: string, files: Map<string, Blob>): Promise<string> {
  const children = new Map<string, Map<string, Blob>>();
  const entries: TreeEntry[] = [];
  for (const [filepath, blob] of files) {
    const slash = filepath.indexOf('/');
    if (slash < 0) {
      entries.push({ path: filepath, oid: blob.oid, mode: blob.mode.toString(8), type: 'blob' });
      continue;
    }
    const head = filepath.slice(0, slash);
    const nested = children.get(head) ?? new Map<string, Blob>();
    nested.set(filepath.slice(slash + 1), blob);
    children.set(head, nested);
  }
  for (const [name, nested] of children) {
    if (entries.some((entry) => entry.path === name)) {
      throw new AppError(
        'conflict',
        `'${name}' is a file on one side of the sync and a folder on the other.`,
      );
    }
    entries.push({ path: name, oid: await writeNestedTree(dir, nested), mode: '040000', type: 'tree' });
  }
  return git.writeTree({ fs, dir, tree: entries });
}

/**
 * The fallback when a line-level merge cannot settle the histories: per file, a change on one side wins; a file
 * changed differently on both sides keeps THEIR version in place and OUR version beside it, so nothing is lost.
 * Only git objects are written here; the working tree is updated by the caller once the commit exists.
 */
export async function mergeFileLevel(args: {
  dir: string;
  ours: string;
  theirs: string;
  author: KbAuthor;
  stamp: string;
}): Promise<FileLevelMerge> {
  const { dir, ours, theirs } = args;
  const bases = await git.findMergeBase({ fs, dir, oids: [ours, theirs] });
  const base: string | null = bases.length > 0 ? String(bases[0]) : null;
  const sides = await blobsOf(dir, ours, base, theirs);
  const result = new Map<string, Blob>();
  const ourCopies = new Map<string, Blob>();
  for (const [filepath, side] of sides) {
    const winner =
      sameBlob(side.ours, side.theirs) || sameBlob(side.theirs, side.base) ? side.ours : side.theirs;
    if (winner) result.set(filepath, winner);
    const bothChanged =
      !sameBlob(side.ours, side.theirs) &&
      !sameBlob(side.ours, side.base) &&
      !sameBlob(side.theirs, side.base);
    if (bothChanged && side.ours) ourCopies.set(filepath, side.ours);
  }
  const conflicts = new Map<string, string>();
  for (const [original, blob] of ourCopies) {
    let attempt = 1;
    let copy = conflictPathFor(original, args.stamp);
    while (result.has(copy)) copy = conflictPathFor(original, args.stamp, ++attempt);
    result.set(copy, blob);
    conflicts.set(original, copy);
  }
  const tree = await writeNestedTree(dir, result);
  const commit = await git.commit({
    fs,
    dir,
    author: args.author,
    message: `kb: merge remote changes, ${conflicts.size} conflict(s) kept side by side`,
    tree,
    parent: [ours, theirs],
    noUpdateBranch: true,
  });
  return { commit, conflicts };
}
