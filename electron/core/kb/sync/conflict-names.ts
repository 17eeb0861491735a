import path from 'node:path';

const CONFLICT_NAME = /^(.+)\.conflict-(\d{8}T\d{6}Z)(?:-(\d+))?(\.md)?$/;

/** UTC time as 20261124T130502Z: sortable, and legal in file names on every platform. */
export function conflictStamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Markdown keeps its .md ending so the copy stays readable as a note; anything else gets the marker last so a
 * conflict copy of a runbook never loads as a runbook.
 */
export function conflictPathFor(original: string, stamp: string, attempt = 1): string {
  const suffix = attempt > 1 ? `-${attempt}` : '';
  const extension = path.posix.extname(original);
  if (extension.toLowerCase() === '.md') {
    return `${original.slice(0, -extension.length)}.conflict-${stamp}${suffix}${extension}`;
  }
  return `${original}.conflict-${stamp}${suffix}`;
}

export interface ParsedConflictName {
  original: string;
  createdAt: number;
}

export function parseConflictPath(relative: string): ParsedConflictName | null {
  const match = CONFLICT_NAME.exec(relative);
  if (!match) return null;
  const [, stem = '', stamp = '', , markdown] = match;
  const iso = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  return { original: markdown ? `${stem}${markdown}` : stem, createdAt: ms * 1000 };
}
