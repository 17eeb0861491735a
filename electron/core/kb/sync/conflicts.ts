import fsp from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../errors';
import { parseConflictPath } from './conflict-names';
import type { ConflictFile } from './types';

export const conflictResolutionSchema = z.union([
  z.literal('ours'),
  z.literal('theirs'),
  z.object({ merged: z.string() }).strict(),
]);
export type ConflictResolution = z.infer<typeof conflictResolutionSchema>;

async function walkFiles(root: string, relative = ''): Promise<string[]> {
  const entries = await fsp.readdir(path.join(root, relative), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name === '.git') continue;
    const child = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await walkFiles(root, child)));
    else if (entry.isFile()) files.push(child);
  }
  return files;
}

/** Conflict copies left by sync in the knowledge-base folder, oldest first, each with the file it belongs to. */
export async function listConflicts(dir: string): Promise<ConflictFile[]> {
  const conflicts: ConflictFile[] = [];
  for (const file of await walkFiles(dir)) {
    const parsed = parseConflictPath(file);
    if (parsed) conflicts.push({ path: file, ...parsed });
  }
  return conflicts.sort((a, b) => a.createdAt - b.createdAt || a.path.localeCompare(b.path));
}

function insideKnowledgeBase(dir: string, relative: string): string {
  const root = path.resolve(dir);
  const absolute = path.resolve(root, relative);
  if (!absolute.startsWith(root + path.sep)) {
    throw new AppError(
      'invalid_args',
      `The conflict file '${relative}' is outside the knowledge base ${root}.`,
    );
  }
  return absolute;
}

/**
 * Settles one conflict in the working copy: the chosen text goes to the original path and the copy is deleted.
 * The result is an ordinary local edit, committed and pushed by the next sync.
 */
export async function resolveConflict(dir: string, conflictPath: string, resolution: unknown): Promise<void> {
  const parsedResolution = conflictResolutionSchema.safeParse(resolution);
  if (!parsedResolution.success) {
    throw new AppError('invalid_args', "A conflict resolution is 'ours', 'theirs' or { merged: <text> }.");
  }
  const relative = conflictPath.split(path.sep).join('/');
  const parsed = parseConflictPath(relative);
  if (!parsed) throw new AppError('invalid_args', `'${conflictPath}' is not a sync conflict copy.`);
  const conflictFile = insideKnowledgeBase(dir, relative);
  const originalFile = insideKnowledgeBase(dir, parsed.original);
  const ours = await fsp.readFile(conflictFile).catch(() => {
    throw new AppError('not_found', `The conflict copy '${relative}' no longer exists.`);
  });
  const choice = parsedResolution.data;
  if (choice !== 'theirs') {
    await fsp.mkdir(path.dirname(originalFile), { recursive: true });
    await fsp.writeFile(originalFile, choice === 'ours' ? ours : choice.merged);
  }
  await fsp.unlink(conflictFile);
}
