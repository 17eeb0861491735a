import path from 'node:path';
import type { Db } from '../../db/open';
import type { Tally } from './tally';
import type { TextSource } from './text-source';
import type { FileContext, LogStage } from './types';

/** What every format's pipeline gets for one file. */
export interface RunContext {
  db: Db;
  text: TextSource;
  tally: Tally;
  file: FileContext;
  /** `file:<name>`: with the stream, the natural key that makes a re-import add nothing. */
  source: string;
  /** The file's name (without .gz, so a compressed rotation of the same log keys the same). */
  stream: string;
  serviceOverride: string | null;
  /** The file's name without its extension: the service of lines that name none. */
  serviceFallback: string;
  batchSize: number;
  stages: readonly LogStage[];
}

export function fileNaming(file: string): { source: string; stream: string; stem: string } {
  const name = path.basename(file).replace(/\.gz$/i, '');
  const ext = path.extname(name);
  const stem = ext && ext !== name ? name.slice(0, -ext.length) : name;
  return { source: `file:${name}`, stream: name, stem: stem || name };
}
