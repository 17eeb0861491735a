import type { SourceType, SyncReport } from '../../../shared/model/source';
import type { Db } from '../db/open';
import { upsertAlert } from '../db/writers/events';
import { createLogWriter } from '../db/writers/logs';
import { createMetricWriter } from '../db/writers/metrics';
import { createSpanWriter } from '../db/writers/spans';
import { AppError, errorMessage } from '../errors';
import { HttpClient, type HttpClientOptions } from './http';
import type { SourceRegistry } from './sources';
import type { Connector, PullContext, ResolvedSource, SilenceRow, Sink, SyncTask } from './types';

export interface SyncProgress {
  source: string;
  task: string;
  rows: number;
  bytes: number;
  rowsPerSecond: number;
  etaSeconds: number | null;
  fraction: number;
  finished: boolean;
}

export interface SyncRequest {
  names?: string[];
  from: number;
  to: number;
  signal?: AbortSignal;
  onProgress?: (progress: SyncProgress) => void;
}

export interface SyncEngineOptions {
  concurrency: number;
  http: Partial<HttpClientOptions>;
  /**
   * How far behind now a watermark stays, in ms: backends index late data with earlier timestamps, so the
   * most recent stretch is pulled again next time (natural keys drop what is already there).
   */
  settleLagMs: number;
  /** Consecutive failed syncs of a source before it is left alone for a while. */
  breakerThreshold: number;
  breakerCooldownMs: number;
  now: () => number;
}

const defaults: SyncEngineOptions = {
  concurrency: 3,
  http: {},
  settleLagMs: 120_000,
  breakerThreshold: 3,
  breakerCooldownMs: 60_000,
  now: () => Date.now(),
};

interface BreakerState {
  failures: number;
  openUntil: number;
  lastError: string;
}

export function createSink(db: Db): Sink {
  const upsertSilence = db.prepare(
    `INSERT INTO silences (id, source, matchers, starts_at, ends_at, created_by, comment, state)
     VALUES (@id, @source, @matchers, @startsAt, @endsAt, @createdBy, @comment, @state)
     ON CONFLICT (source, id) DO UPDATE SET matchers = excluded.matchers, starts_at = excluded.starts_at,
       ends_at = excluded.ends_at, comment = excluded.comment, state = excluded.state`,
  );
  return {
    logs: createLogWriter(db),
    metrics: createMetricWriter(db),
    spans: createSpanWriter(db),
    alerts: db.transaction((rows) => {
      for (const row of rows) upsertAlert(db, row);
      return rows.length;
    }),
    silences: (source: string, rows: readonly SilenceRow[]) => {
      db.transaction(() => {
        for (const row of rows) upsertSilence.run({ ...row, source });
      })();
      return rows.length;
    },
  };
}

async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(workers);
}

/**
 * Pulls every source's queries from their watermarks up to the requested end, writes rows as they come,
 * and records per query what succeeded and what failed, so one broken source never stops the others.
 */
export class SyncEngine {
  private readonly options: SyncEngineOptions;
  private readonly breakers = new Map<string, BreakerState>();
  private readonly sink: Sink;

  constructor(
    private readonly db: Db,
    private readonly registry: SourceRegistry,
    private readonly connectors: ReadonlyMap<SourceType, Connector>,
    options: Partial<SyncEngineOptions> = {},
  ) {
    this.options = { ...defaults, ...options };
    this.sink = createSink(db);
  }

  private watermark(source: string, task: string): number | null {
    const row = this.db
      .prepare('SELECT watermark FROM sync_state WHERE source = ? AND query_key = ?')
      .get(source, task) as { watermark: number | null } | undefined;
    return row?.watermark ?? null;
  }

  private record(
    source: string,
    task: string,
    change: { watermark?: number | null; rows?: number; status?: string; error?: string | null },
  ): void {
    const now = this.options.now() * 1000;
    const settled = now - this.options.settleLagMs * 1000;
    const watermark =
      change.watermark === undefined || change.watermark === null
        ? null
        : Math.min(change.watermark, settled);
    this.db
      .prepare(
        `INSERT INTO sync_state (source, query_key, watermark, status, last_success_at, last_error, last_error_at, rows_total)
         VALUES (@source, @task, @watermark, COALESCE(@status, 'never'), @success, @error, @errorAt, @rows)
         ON CONFLICT (source, query_key) DO UPDATE SET
           watermark = CASE WHEN excluded.watermark IS NULL THEN sync_state.watermark
             ELSE MAX(COALESCE(sync_state.watermark, excluded.watermark), excluded.watermark) END,
           status = COALESCE(@status, sync_state.status),
           last_success_at = COALESCE(@success, sync_state.last_success_at),
           last_error = CASE WHEN @status IS NULL THEN sync_state.last_error ELSE @error END,
           last_error_at = COALESCE(@errorAt, sync_state.last_error_at),
           rows_total = sync_state.rows_total + @rows`,
      )
      .run({
        source,
        task,
        watermark,
        status: change.status ?? null,
        success: change.status === 'ok' ? now : null,
        error: change.error ?? null,
        errorAt: change.error ? now : null,
        rows: change.rows ?? 0,
      });
  }

  async sync(request: SyncRequest): Promise<SyncReport> {
    if (request.from > request.to)
      throw new AppError('invalid_args', 'The sync window starts after it ends.');
    const started = this.options.now();
    const names = request.names ?? this.registry.names();
    const sources = names.map((name) => this.registry.resolve(name));
    const plans = sources.map((source) => ({ source, tasks: this.connectorFor(source).tasks(source) }));
    const totalTasks = Math.max(
      1,
      plans.reduce((n, p) => n + p.tasks.length, 0),
    );
    const fractions = new Map<string, number>();
    let rows = 0;
    let bytes = 0;
    const report: SyncReport = { sources: [], seconds: 0, cancelled: false };

    const emit = (source: string, task: string, finished: boolean) => {
      const elapsed = Math.max(0.001, (this.options.now() - started) / 1000);
      const fraction = [...fractions.values()].reduce((a, b) => a + b, 0) / totalTasks;
      request.onProgress?.({
        source,
        task,
        rows,
        bytes,
        rowsPerSecond: rows / elapsed,
        etaSeconds: fraction > 0 && fraction < 1 ? (elapsed * (1 - fraction)) / fraction : null,
        fraction,
        finished,
      });
    };

    await pool(plans, this.options.concurrency, async ({ source, tasks }) => {
      if (request.signal?.aborted) {
        report.cancelled = true;
        return;
      }
      const entry = {
        name: source.name,
        status: 'ok' as 'ok' | 'degraded' | 'offline',
        rows: 0,
        bytes: 0,
        errors: [] as string[],
      };
      report.sources.push(entry);
      const breaker = this.breakers.get(source.name);
      if (breaker && breaker.openUntil > this.options.now()) {
        const seconds = Math.ceil((breaker.openUntil - this.options.now()) / 1000);
        entry.status = 'offline';
        entry.errors.push(
          `skipped: ${breaker.failures} failed syncs in a row, next try in ${seconds} s (last error: ${breaker.lastError})`,
        );
        for (const task of tasks) fractions.set(`${source.name}\0${task.key}`, 1);
        return;
      }
      const http = new HttpClient({ ...this.options.http, headers: source.headers });
      let failed = 0;
      for (const task of tasks) {
        if (request.signal?.aborted) break;
        const key = `${source.name}\0${task.key}`;
        try {
          await this.pullTask(source, task, http, request, (progress) => {
            rows += progress.rows;
            bytes += progress.bytes;
            entry.rows += progress.rows;
            entry.bytes += progress.bytes;
            if (progress.fraction !== undefined) fractions.set(key, progress.fraction);
            emit(source.name, task.label, false);
          });
          this.record(source.name, task.key, { status: 'ok', error: null });
        } catch (error) {
          if (error instanceof AppError && error.code === 'cancelled') {
            report.cancelled = true;
            break;
          }
          failed++;
          const message = errorMessage(error);
          entry.errors.push(`${task.label}: ${message}`);
          this.record(source.name, task.key, { status: 'offline', error: message });
        }
        fractions.set(key, 1);
        emit(source.name, task.label, false);
      }
      if (failed > 0) {
        entry.status = failed === tasks.length ? 'offline' : 'degraded';
        if (entry.status === 'degraded') {
          for (const task of tasks) this.markDegraded(source.name, task.key);
        }
      }
      // A cancelled source proved nothing about its health either way.
      if (!request.signal?.aborted)
        this.updateBreaker(source.name, entry.status === 'offline', entry.errors[0] ?? '');
    });

    report.seconds = (this.options.now() - started) / 1000;
    emit('', '', true);
    return report;
  }

  private markDegraded(source: string, task: string): void {
    this.db
      .prepare(
        "UPDATE sync_state SET status = 'degraded' WHERE source = ? AND query_key = ? AND status = 'offline'",
      )
      .run(source, task);
  }

  private updateBreaker(source: string, failed: boolean, error: string): void {
    if (!failed) {
      this.breakers.delete(source);
      return;
    }
    const state = this.breakers.get(source) ?? { failures: 0, openUntil: 0, lastError: '' };
    state.failures += 1;
    state.lastError = error;
    if (state.failures >= this.options.breakerThreshold) {
      const factor = 2 ** Math.min(4, state.failures - this.options.breakerThreshold);
      state.openUntil = this.options.now() + this.options.breakerCooldownMs * factor;
    }
    this.breakers.set(source, state);
  }

  private connectorFor(source: ResolvedSource): Connector {
    const connector = this.connectors.get(source.type);
    if (!connector)
      throw new AppError('invalid_args', `Sources of type '${source.type}' are not supported yet.`);
    return connector;
  }

  private async pullTask(
    source: ResolvedSource,
    task: SyncTask,
    http: HttpClient,
    request: SyncRequest,
    onBatch: (progress: { rows: number; bytes: number; fraction?: number }) => void,
  ): Promise<void> {
    const watermark = this.watermark(source.name, task.key);
    const from = Math.max(request.from, watermark ?? request.from);
    if (from >= request.to) return;
    const ctx: PullContext = {
      source,
      task,
      http,
      sink: this.sink,
      from,
      to: request.to,
      signal: request.signal ?? new AbortController().signal,
      checkpoint: (progress) => {
        this.record(source.name, task.key, { watermark: progress.watermark, rows: progress.rows });
        onBatch(progress);
      },
    };
    await this.connectorFor(source).pull(ctx);
  }
}

/** `--last 6h` and friends into microseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+)([smhd])$/.exec(text.trim());
  if (!match) throw new AppError('invalid_args', `'${text}' is not a duration like 15m, 6h or 2d.`);
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[match[2] as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit * 1_000_000;
}
