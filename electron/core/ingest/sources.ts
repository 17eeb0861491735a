import {
  sourceInput,
  type SourceInput,
  type SourceType,
  type SourceView,
} from '../../../shared/model/source';
import { describeIssues } from '../../../shared/contract';
import { parseJsonColumn, stringArray, stringRecord } from '../db/json';
import type { Db } from '../db/open';
import { AppError } from '../errors';
import { z } from 'zod';
import type { SecretStore } from './secrets';
import type { Connector, ResolvedSource } from './types';

interface SourceRow {
  name: string;
  type: SourceType;
  url: string;
  config: string;
  enabled: number;
}

const configSchema = z.object({
  queries: stringArray.default([]),
  headerNames: stringArray.default([]),
  options: stringRecord.default({}),
});
type SourceConfig = z.infer<typeof configSchema>;

const emptyConfig: SourceConfig = { queries: [], headerNames: [], options: {} };

interface SyncRow {
  query_key: string;
  watermark: number | null;
  status: SourceView['status'];
  last_success_at: number | null;
  last_error: string | null;
  rows_total: number;
}

/** Sources live in SQLite without their header values, which go to the secret store. */
export class SourceRegistry {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretStore,
    private readonly connectors: ReadonlyMap<SourceType, Connector>,
  ) {}

  private row(name: string): SourceRow {
    const row = this.db
      .prepare('SELECT name, type, url, config, enabled FROM sources WHERE name = ?')
      .get(name) as SourceRow | undefined;
    if (!row) {
      throw new AppError(
        'not_found',
        `There is no source called '${name}'; 'iwb source list' shows the ones configured.`,
      );
    }
    return row;
  }

  add(input: SourceInput, replace = false): SourceView {
    const parsed = sourceInput.safeParse(input);
    if (!parsed.success) {
      const issue = describeIssues(parsed.error)[0];
      throw new AppError('invalid_args', `The source is not valid: ${issue?.path}: ${issue?.message}.`);
    }
    const source = parsed.data;
    const connector = this.connectors.get(source.type);
    if (!connector)
      throw new AppError('invalid_args', `Sources of type '${source.type}' are not supported yet.`);
    connector.validate?.({ ...source });
    if (connector.tasks({ ...source }).length === 0) {
      throw new AppError('invalid_args', `A ${source.type} source needs at least one --query.`);
    }
    const exists = this.db.prepare('SELECT 1 FROM sources WHERE name = ?').get(source.name);
    if (exists && !replace) {
      throw new AppError(
        'conflict',
        `A source called '${source.name}' already exists; remove it first or pick another name.`,
      );
    }
    const config: SourceConfig = {
      queries: source.queries,
      headerNames: Object.keys(source.headers),
      options: source.options,
    };
    const now = Date.now() * 1000;
    this.secrets.set(source.name, source.headers);
    this.db
      .prepare(
        `INSERT INTO sources (name, type, url, config, enabled, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)
         ON CONFLICT (name) DO UPDATE SET type = excluded.type, url = excluded.url, config = excluded.config,
           updated_at = excluded.updated_at`,
      )
      .run(source.name, source.type, source.url, JSON.stringify(config), now, now);
    return this.view(source.name);
  }

  remove(name: string): void {
    this.row(name);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM sync_state WHERE source = ?').run(name);
      this.db.prepare('DELETE FROM sources WHERE name = ?').run(name);
    })();
    this.secrets.delete(name);
  }

  names(): string[] {
    return (
      this.db.prepare('SELECT name FROM sources WHERE enabled = 1 ORDER BY name').all() as { name: string }[]
    ).map((r) => r.name);
  }

  resolve(name: string): ResolvedSource {
    const row = this.row(name);
    const config = parseJsonColumn(configSchema, row.config, emptyConfig);
    return {
      name: row.name,
      type: row.type,
      url: row.url,
      queries: config.queries,
      headers: this.secrets.get(row.name, config.headerNames),
      options: config.options,
    };
  }

  view(name: string): SourceView {
    const row = this.row(name);
    const config = parseJsonColumn(configSchema, row.config, emptyConfig);
    const states = this.db
      .prepare(
        'SELECT query_key, watermark, status, last_success_at, last_error, rows_total FROM sync_state WHERE source = ? ORDER BY query_key',
      )
      .all(name) as SyncRow[];
    const lastSuccessAt = states.reduce<number | null>(
      (latest, s) =>
        s.last_success_at !== null && (latest === null || s.last_success_at > latest)
          ? s.last_success_at
          : latest,
      null,
    );
    const failing = states.filter((s) => s.status === 'offline' || s.status === 'degraded');
    const status: SourceView['status'] =
      states.length === 0
        ? 'never'
        : failing.length === 0
          ? 'ok'
          : failing.length === states.length && failing.every((s) => s.status === 'offline')
            ? 'offline'
            : 'degraded';
    return {
      name: row.name,
      type: row.type,
      url: row.url,
      queries: config.queries,
      headerNames: config.headerNames,
      options: config.options,
      enabled: row.enabled === 1,
      status,
      lastSuccessAt,
      lastError: failing[0]?.last_error ?? null,
      queriesState: states.map((s) => ({
        query: s.query_key,
        watermark: s.watermark,
        status: s.status,
        lastSuccessAt: s.last_success_at,
        lastError: s.last_error,
        rowsTotal: s.rows_total,
      })),
    };
  }

  list(): SourceView[] {
    return (this.db.prepare('SELECT name FROM sources ORDER BY name').all() as { name: string }[]).map((r) =>
      this.view(r.name),
    );
  }
}
