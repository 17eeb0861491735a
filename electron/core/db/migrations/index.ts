import { initialSchema } from './0001-initial';
import { investigationSchema } from './0002-investigation';
import { logSearchSchema } from './0003-log-search';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Forward-only and numbered: never edit a shipped entry, add the next one. */
export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initialSchema },
  { version: 2, name: 'investigation', sql: investigationSchema },
  { version: 3, name: 'log-search', sql: logSearchSchema },
];

export const latestSchemaVersion = migrations[migrations.length - 1]?.version ?? 0;
