import path from 'node:path';
import { Option, type Command } from 'commander';
import { openWorkspaceDb } from '../../core/db/open';
import { resolveWorkspacePath } from '../../core/db/paths';
import { AppError } from '../../core/errors';
import {
  importFile,
  importFormats,
  type FileImportSummary,
  type ImportFormat,
  type ImportProgress,
} from '../../core/ingest/files';

interface ImportCommandOptions {
  format: ImportFormat | 'auto';
  service?: string;
  db?: string;
  json?: boolean;
}

const PROGRESS_EVERY_MS = 2000;
const count = (n: number) => n.toLocaleString('en');

/** Progress on stderr: one rewritten line on a terminal, a line every few seconds elsewhere. */
function importProgressPrinter(stream: NodeJS.WriteStream = process.stderr): {
  update(p: ImportProgress): void;
  done(): void;
} {
  let lastPrinted = 0;
  let open = false;
  return {
    update(p) {
      const percent = p.bytesTotal > 0 ? Math.min(100, Math.floor((p.bytesRead / p.bytesTotal) * 100)) : 100;
      const text =
        `Importing ${path.basename(p.file)}: ${percent}% · ${count(p.lines)} lines read, ` +
        `${count(p.stored)} stored, ${count(p.rejected)} rejected`;
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${text}`);
        open = true;
      } else if (Date.now() - lastPrinted >= PROGRESS_EVERY_MS) {
        stream.write(`${text}\n`);
        lastPrinted = Date.now();
      }
    },
    done() {
      if (open) stream.write('\n');
      open = false;
    },
  };
}

function describe(s: FileImportSummary): string {
  const kind = s.format === null ? '' : ` (${s.dialect ? `${s.format}, ${s.dialect}` : s.format})`;
  const parts = [`${count(s.lines)} lines read`, `${count(s.stored)} stored`];
  if (s.duplicates > 0) parts.push(`${count(s.duplicates)} already present`);
  parts.push(`${count(s.rejected)} rejected`);
  const first =
    s.firstRejected &&
    ` (first: ${path.basename(s.file)}:${s.firstRejected.line}: ${s.firstRejected.reason})`;
  return `Imported ${s.file}${kind}: ${parts.join(', ')}${first ?? ''} in ${s.seconds.toFixed(1)} s.`;
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import log, metric and trace files of any size into a workspace (gzip read on the fly)')
    .argument('<file...>', 'files to import')
    .addOption(
      new Option('--format <format>', 'the files\u2019 format')
        .choices(['auto', ...importFormats])
        .default('auto'),
    )
    .option(
      '--service <name>',
      'the service of every imported row (default: named in the line, else the file name)',
    )
    .option('--db <path>', 'workspace file (default: IWB_DB or the per-user workspace)')
    .option('--json', 'print the summary as JSON')
    .action(async (files: string[], options: ImportCommandOptions) => {
      const { db } = openWorkspaceDb(resolveWorkspacePath(options.db));
      const summaries: FileImportSummary[] = [];
      const progress = importProgressPrinter();
      try {
        for (const file of files) {
          const summary = await importFile(db, path.resolve(file), {
            format: options.format,
            service: options.service,
            onProgress: progress.update,
          });
          progress.done();
          summaries.push(summary);
          if (!options.json && summary.error === null) process.stdout.write(`${describe(summary)}\n`);
        }
      } finally {
        db.close();
      }
      if (options.json) {
        const total = (key: 'lines' | 'stored' | 'rejected') => summaries.reduce((sum, s) => sum + s[key], 0);
        process.stdout.write(
          `${JSON.stringify({ files: summaries, lines: total('lines'), stored: total('stored'), rejected: total('rejected') })}\n`,
        );
      }
      const failed = summaries.filter((s) => s.error !== null);
      if (failed.length === 1) throw new AppError('invalid_args', failed[0]?.error ?? '');
      if (failed.length > 1) {
        throw new AppError(
          'invalid_args',
          `${failed.length} of ${summaries.length} files yielded nothing: ${failed.map((s) => s.error).join(' ')}`,
        );
      }
    });
}
