import path from 'node:path';
import type { Command } from 'commander';
import { createCore } from '../../core/app';
import { loadDemo } from '../../core/demo';
import { AppError } from '../../core/errors';
import { startOtlpReceiver, type RunningOtlpReceiver } from '../../core/ingest/otlp';
import { isFirstLaunch, markFirstLaunchDone } from '../../core/settings';
import { startHost } from '../../host/server';
import { openInBrowser } from '../open-browser';
import { parsePort } from '../options';
import { progressPrinter } from '../progress';

const DEFAULT_OTLP_PORT = 4318;

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the workbench in your browser: serves the app on 127.0.0.1 with a per-launch token')
    .option('--db <path>', 'workspace file (default: IWB_DB or the per-user workspace)')
    .option('--port <n>', 'port to listen on; 0 picks a free one', parsePort, 7420)
    .option('--otlp-port <n>', 'port of the OTLP/HTTP receiver; 0 picks a free one', parsePort)
    .option('--no-otlp', 'do not start the OTLP/HTTP receiver')
    .option('--open', 'open the app in the default browser')
    .option('--no-demo', 'do not load the demo incident into an empty new workspace')
    .action(
      async (options: {
        db?: string;
        port: number;
        otlpPort?: number;
        otlp: boolean;
        open?: boolean;
        demo: boolean;
      }) => {
        const core = createCore({ dbPath: options.db });
        if (isFirstLaunch(core.db)) {
          if (options.demo && core.isEmpty()) {
            process.stderr.write(
              'New workspace: loading the demo incident so there is something to explore.\n',
            );
            loadDemo(core.db, progressPrinter());
          }
          markFirstLaunchDone(core.db);
        }
        const host = await startHost({
          core,
          port: options.port,
          rendererDir: path.resolve(__dirname, '..', 'renderer'),
        }).catch((error: unknown) => {
          core.close();
          throw error;
        });
        let otlp: RunningOtlpReceiver | null = null;
        if (options.otlp) {
          try {
            otlp = await startOtlpReceiver(core.db, { port: options.otlpPort ?? DEFAULT_OTLP_PORT });
            process.stderr.write(
              `OTLP/HTTP receiver: http://127.0.0.1:${otlp.port}/v1/{traces,logs,metrics}\n`,
            );
          } catch (error) {
            // Another collector often holds 4318 already; the workbench is still useful without its own receiver.
            if (options.otlpPort !== undefined || !(error instanceof AppError)) {
              await host.close();
              core.close();
              throw error;
            }
            process.stderr.write(`OTLP receiver not started: ${error.message}.\n`);
          }
        }
        process.stderr.write(`Workspace: ${core.dbPath}\n`);
        process.stdout.write(`Incident Workbench is running at ${host.url}\n`);
        if (options.open) {
          const why = openInBrowser(host.url);
          if (why) process.stderr.write(`${why}\n`);
        }
        const stop = () => {
          void Promise.all([host.close(), otlp?.close()]).then(() => {
            core.close();
            process.exit(0);
          });
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      },
    );
}
