import type { Command } from 'commander';
import { openWorkspaceDb } from '../../core/db/open';
import { resolveWorkspacePath } from '../../core/db/paths';
import { loadDemo } from '../../core/demo';
import { markFirstLaunchDone } from '../../core/settings';
import { progressPrinter } from '../progress';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('load the built-in demo incident into a workspace (replaces an earlier demo load)')
    .option('--db <path>', 'workspace file (default: IWB_DB or the per-user workspace)')
    .option('--json', 'print the result as JSON')
    .action((options: { db?: string; json?: boolean }) => {
      const { db, path } = openWorkspaceDb(resolveWorkspacePath(options.db));
      try {
        const result = loadDemo(db, progressPrinter());
        markFirstLaunchDone(db);
        if (options.json) {
          process.stdout.write(`${JSON.stringify(result)}\n`);
        } else {
          const c = result.counts;
          process.stdout.write(
            `Loaded demo incident ${result.incidentId} into ${path} in ${result.seconds.toFixed(1)} s: ` +
              `${c.logs.toLocaleString('en')} log lines, ${c.series} metric series (${c.points.toLocaleString('en')} points), ` +
              `${c.traces.toLocaleString('en')} traces, ${c.alerts} alerts.\n`,
          );
        }
      } finally {
        db.close();
      }
    });
}
