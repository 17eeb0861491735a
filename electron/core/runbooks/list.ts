import fs from 'node:fs';
import path from 'node:path';
import type { Runbook } from '../../../shared/model/runbook';
import { AppError, errorMessage } from '../errors';
import { decodeRunbook, readRunbookBytes } from './load';
import type { RunbookProblem } from './problems';

export interface ListedRunbook {
  file: string;
  /** Null when the file has problems. */
  runbook: Runbook | null;
  /** Null when the file could not be read. */
  hash: string | null;
  problems: RunbookProblem[];
}

/**
 * Every `*.yaml` / `*.yml` directly in `dir`, sorted by file name, each with its problems: one broken file
 * never hides the others. A folder that does not exist holds no runbooks.
 */
export function listRunbooks(dir: string): ListedRunbook[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new AppError('not_found', `Cannot list runbooks in ${dir}: ${errorMessage(error)}.`);
  }
  return names
    .filter((name) => /\.ya?ml$/i.test(name))
    .sort()
    .map((name) => path.join(dir, name))
    .filter((file) => fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false)
    .map((file) => {
      try {
        const { hash, check } = decodeRunbook(readRunbookBytes(file), file);
        return { file, runbook: check.runbook, hash, problems: check.problems };
      } catch (error) {
        const problem = { file, line: 0, column: 0, field: '', message: errorMessage(error) };
        return { file, runbook: null, hash: null, problems: [problem] };
      }
    });
}
