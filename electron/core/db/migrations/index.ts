import { initialSchema } from './0001-initial';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Forward-only and numbered: never edit a shipped entry, add the next one. */
export const migrations: readonly Migration[] = [{ version: 1, name: 'initial', sql: initialSchema }];

export const latestSchemaVersion = migrations[migrations.length - 1]?.version ?? 0;
