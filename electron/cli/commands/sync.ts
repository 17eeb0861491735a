import { InvalidArgumentError, type Command } from 'commander';
import { AppError } from '../../core/errors';
import { parseDuration, type SyncProgress } from '../../core/ingest/sync';
import { withCore } from '../core';
import { formatBytes } from '../format';

function isoToMicros(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new InvalidArgumentError(`'${value}' is not an ISO-8601 time like 2026-11-24T09:00:00Z.`);
  return ms * 1000;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The window to pull: --from/--to, or --last (default 1h) up to now. */
export function syncWindow(options: { from?: number; to?: number; last?: string }, now = Date.now() * 1000) {
  if (options.last && (options.from !== undefined || options.to !== undefined)) {
    throw new AppError('invalid_args', 'Use either --last or --from/--to, not both.');
  }
  if (options.from !== undefined || options.to !== undefined) {
    if (options.from === undefined) throw new AppError('invalid_args', '--to needs --from as well.');
    return { from: options.from, to: options.to ?? now };
  }
  return { from: now - parseDuration(options.last ?? '1h'), to: now };
}

function printer(stream: NodeJS.WriteStream = process.stderr): (p: SyncProgress) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (!p.finished && now - last < 250) return;
    last = now;
    const eta = p.etaSeconds === null ? '' : `, about ${Math.ceil(p.etaSeconds)} s left`;
    const line = `Syncing ${p.source} ${p.task}: ${p.rows.toLocaleString('en')} rows, ${formatBytes(p.bytes)}, ${Math.round(p.rowsPerSecond).toLocaleString('en')} rows/s${eta}`;
    if (stream.isTTY) stream.write(`\r\x1b[2K${p.finished ? '' : line}`);
    else if (!p.finished) stream.write(`${line}\n`);
  };
}

export function registerSync(program: Command): void {
  program
    .command('sync')
    .description('pull new telemetry from the configured sources into the cache')
    .option('--source <name>', 'sync only this source (repeatable)', collect, [])
    .option('--from <iso>', 'start of the window (ISO-8601)', isoToMicros)
    .option('--to <iso>', 'end of the window (ISO-8601, default now)', isoToMicros)
    .option('--last <duration>', 'the window ending now, e.g. 15m, 6h, 2d (default 1h)')
    .option('--json', 'print the report as JSON')
    .option('--db <path>', 'workspace file (default: IWB_DB or the per-user workspace)')
    .action(
      async (options: {
        source: string[];
        from?: number;
        to?: number;
        last?: string;
        json?: boolean;
        db?: string;
      }) => {
        const window = syncWindow(options);
        const failed = await withCore(options.db, async (core) => {
          if (core.sources.names().length === 0 && options.source.length === 0) {
            throw new AppError(
              'invalid_args',
              "No sources are configured; add one with 'iwb source add' first.",
            );
          }
          const controller = new AbortController();
          const cancel = () => controller.abort();
          process.once('SIGINT', cancel);
          const report = await core.sync
            .sync({
              names: options.source.length ? options.source : undefined,
              ...window,
              signal: controller.signal,
              onProgress: printer(),
            })
            .finally(() => process.off('SIGINT', cancel));
          if (options.json) {
            process.stdout.write(`${JSON.stringify(report)}\n`);
          } else {
            for (const s of report.sources) {
              process.stdout.write(
                `${s.name}: ${s.status}, ${s.rows.toLocaleString('en')} new rows, ${formatBytes(s.bytes)}\n`,
              );
              for (const error of s.errors) process.stdout.write(`  ${error}\n`);
            }
            process.stdout.write(
              report.cancelled
                ? 'Sync cancelled; what arrived is kept.\n'
                : `Done in ${report.seconds.toFixed(1)} s.\n`,
            );
          }
          return report.cancelled || report.sources.some((s) => s.status !== 'ok');
        });
        if (failed) process.exitCode = 1;
      },
    );
}
