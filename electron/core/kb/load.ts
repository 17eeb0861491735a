import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';
import { parseKbFile } from './parse';
import type { KbDocument, KbKind, KbProblem } from './schema';

const FOLDERS: ReadonlyArray<readonly [string, KbKind]> = [
  ['incidents', 'incident'],
  ['symptoms', 'symptom'],
  ['solutions', 'solution'],
];

export interface LoadedKnowledgeBase {
  documents: KbDocument[];
  problems: KbProblem[];
}

function markdownFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.md'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/**
 * Reads incidents/, symptoms/ and solutions/ under `dir`. A file with problems is reported and skipped so
 * one bad file never hides the rest; a second file claiming an id already loaded is a problem too.
 */
export function loadKnowledgeBase(dir: string): LoadedKnowledgeBase {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new AppError(
      'not_found',
      `There is no knowledge-base folder at ${dir}; pass the right one with --kb.`,
    );
  }
  const documents: KbDocument[] = [];
  const problems: KbProblem[] = [];
  const seen = new Map<string, string>();
  for (const [folder, kind] of FOLDERS) {
    for (const file of markdownFiles(path.join(dir, folder))) {
      const shown = path.relative(process.cwd(), file) || file;
      const result = parseKbFile(shown, kind, fs.readFileSync(file, 'utf8'));
      if (!result.ok) {
        problems.push(...result.problems);
        continue;
      }
      const id = result.document.fields.id;
      const first = seen.get(id);
      if (first) {
        problems.push({ file: shown, line: 1, field: 'id', message: `"${id}" is already used by ${first}` });
        continue;
      }
      seen.set(id, shown);
      documents.push(result.document);
    }
  }
  return { documents, problems };
}
