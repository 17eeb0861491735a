import { type Command, InvalidArgumentError } from 'commander';
import { sourceTypes, type SourceView } from '../../../shared/model/source';
import { withCore } from '../core';
import { formatAgo } from '../format';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function keyValues(pairs: string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new InvalidArgumentError(`${flag} takes KEY=VALUE, got '${pair}'.`);
    out[pair.slice(0, eq).trim()] = pair.slice(eq + 1);
  }
  return out;
}

function describe(source: SourceView): string {
  const state =
    source.status === 'never'
      ? 'never synced'
      : `${source.status}, last success ${source.lastSuccessAt ? formatAgo(source.lastSuccessAt) : 'never'}`;
  const lines = [`${source.name}  ${source.type}  ${source.url}  (${state})`];
  for (const query of source.queries) lines.push(`    query: ${query}`);
  if (source.headerNames.length)
    lines.push(`    headers: ${source.headerNames.join(', ')} (values stored outside the workspace)`);
  if (source.lastError) lines.push(`    last error: ${source.lastError}`);
  return lines.join('\n');
}

export function registerSource(program: Command): void {
  const source = program.command('source').description('configure the systems telemetry is pulled from');

  source
    .command('add <name>')
    .description('add a source (Prometheus, Alertmanager, Loki, Elasticsearch, Jaeger or Tempo)')
    .requiredOption('--type <type>', `one of ${sourceTypes.join(', ')}`)
    .requiredOption('--url <url>', 'base URL of the source')
    .option(
      '--query <q>',
      'a query to pull (repeatable): PromQL, LogQL, an index pattern, a service…',
      collect,
      [],
    )
    .option(
      '--header <k=v>',
      'an HTTP header sent to the source (repeatable); stored as a secret',
      collect,
      [],
    )
    .option('--option <k=v>', 'a connector option (repeatable), e.g. step=30s', collect, [])
    .option('--replace', 'replace a source of the same name')
    .option('--db <path>', 'workspace file (default: IWB_DB or the per-user workspace)')
    .action(
      (
        name: string,
        options: {
          type: string;
          url: string;
          query: string[];
          header: string[];
          option: string[];
          replace?: boolean;
          db?: string;
        },
      ) =>
        withCore(options.db, (core) => {
          const added = core.sources.add(
            {
              name,
              type: options.type as SourceView['type'],
              url: options.url,
              queries: options.query,
              headers: keyValues(options.header, '--header'),
              options: keyValues(options.option, '--option'),
            },
            options.replace ?? false,
          );
          process.stdout.write(`Added source:\n${describe(added)}\n`);
        }),
    );

  source
    .command('list')
    .description('list the configured sources and their sync state')
    .option('--json', 'print JSON')
    .option('--db <path>', 'workspace file (default: IWB_DB or the per-user workspace)')
    .action((options: { json?: boolean; db?: string }) =>
      withCore(options.db, (core) => {
        const all = core.sources.list();
        if (options.json) process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
        else if (all.length === 0) process.stdout.write("No sources yet; add one with 'iwb source add'.\n");
        else process.stdout.write(`${all.map(describe).join('\n')}\n`);
      }),
    );

  source
    .command('remove <name>')
    .description('remove a source and its stored credentials (pulled data stays in the cache)')
    .option('--db <path>', 'workspace file (default: IWB_DB or the per-user workspace)')
    .action((name: string, options: { db?: string }) =>
      withCore(options.db, (core) => {
        core.sources.remove(name);
        process.stdout.write(`Removed source ${name}.\n`);
      }),
    );
}
