import fs from 'node:fs';
import path from 'node:path';

const isKnowledgeBase = (dir: string) =>
  fs.statSync(path.join(dir, 'incidents'), { throwIfNoEntry: false })?.isDirectory() ?? false;

/**
 * The knowledge base shipped with the app: the bundles sit two levels below the package root; from the
 * sources or an unusual layout, the working directory's knowledge-base/.
 */
export function shippedKnowledgeBaseDir(): string | null {
  const candidates = [
    path.resolve(__dirname, '..', '..', 'knowledge-base'),
    path.resolve(process.cwd(), 'knowledge-base'),
  ];
  return candidates.find(isKnowledgeBase) ?? null;
}

/**
 * A folder that does not exist yet starts as a copy of the shipped seed, so a new workspace can search past
 * incidents at once; an existing folder, even an empty one, is the team's and is never touched.
 */
export function seedKnowledgeBase(dir: string, seed: string | null = shippedKnowledgeBaseDir()): boolean {
  if (fs.existsSync(dir)) return false;
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  if (!seed || path.resolve(seed) === path.resolve(dir)) {
    fs.mkdirSync(dir, { recursive: true });
    return false;
  }
  fs.cpSync(seed, dir, { recursive: true, filter: (source) => path.basename(source) !== '.git' });
  return true;
}
