import fs from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { exportFormats, type ExportFormat } from '../../../shared/methods/postmortem';
import { openWorkspaceDb } from '../../core/db/open';
import { AppError } from '../../core/errors';
import { resolveWorkspacePath } from '../../core/db/paths';
import { draftPostmortem } from '../../core/postmortem/draft';
import { exportPostmortemFile } from '../../core/postmortem/export/index';
import { publishToKnowledgeBase } from '../../core/postmortem/export/publish';

function parseFormat(value: string): ExportFormat {
  const parsed = z.enum(exportFormats).safeParse(value);
  if (!parsed.success)
    throw new InvalidArgumentError(`'${value}' is not one of ${exportFormats.join(', ')}.`);
  return parsed.data;
}

function withDb<T>(
  dbOption: string | undefined,
  work: (db: ReturnType<typeof openWorkspaceDb>['db']) => Promise<T>,
) {
  const { db } = openWorkspaceDb(resolveWorkspacePath(dbOption));
  return work(db).finally(() => db.close());
}

export function registerPostmortem(program: Command): void {
  const postmortem = program.command('postmortem').description('draft, export and publish post-mortems');
  postmortem
    .command('draft')
    .description('print a fresh post-mortem draft of an incident as Markdown')
    .argument('<incident-id>', 'the incident')
    .option('--db <path>', 'workspace file (default: IWB_DB or the per-user workspace)')
    .action((incidentId: string, options: { db?: string }) =>
      withDb(options.db, async (db) => {
        process.stdout.write(draftPostmortem(db, incidentId).markdown);
      }),
    );
  postmortem
    .command('export')
    .description("export an incident's post-mortem (the saved one, else a fresh draft)")
    .argument('<incident-id>', 'the incident')
    .requiredOption('--format <format>', `one of ${exportFormats.join(', ')}`, parseFormat)
    .requiredOption('--out <file>', 'where to write it')
    .option('--db <path>', 'workspace file (default: IWB_DB or the per-user workspace)')
    .action((incidentId: string, options: { format: ExportFormat; out: string; db?: string }) =>
      withDb(options.db, async (db) => {
        const bytes = await exportPostmortemFile(db, incidentId, options.format, options.out);
        process.stdout.write(`Wrote ${options.out} (${options.format}, ${bytes} bytes).\n`);
      }),
    );
  postmortem
    .command('publish')
    .description('write the post-mortem into a knowledge base as incidents/<id>.md')
    .argument('<incident-id>', 'the incident')
    .requiredOption('--kb <dir>', 'the knowledge-base folder')
    .option('--overwrite', 'replace a different file already published under that id')
    .option('--db <path>', 'workspace file (default: IWB_DB or the per-user workspace)')
    .action((incidentId: string, options: { kb: string; overwrite?: boolean; db?: string }) =>
      withDb(options.db, async (db) => {
        if (!fs.existsSync(options.kb))
          throw new AppError('invalid_args', `There is no knowledge-base folder at ${options.kb}.`);
        const result = publishToKnowledgeBase(db, incidentId, options.kb, { overwrite: options.overwrite });
        process.stdout.write(`Published ${result.id} to ${result.path}.\n`);
      }),
    );
}
