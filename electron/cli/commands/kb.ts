import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { openWorkspaceDb } from '../../core/db/open';
import { resolveWorkspacePath } from '../../core/db/paths';
import { AppError, errorMessage } from '../../core/errors';
import { indexKnowledgeBase, type IndexSummary } from '../../core/kb/index';
import { loadKnowledgeBase } from '../../core/kb/load';
import { formatProblem } from '../../core/kb/schema';
import { similarIncidents, type IncidentQuery, type SimilarIncident } from '../../core/kb/similar';

const DEFAULT_KB = 'knowledge-base';
const MAX_QUERY_CHARS = 256 * 1024;

const textList = z
  .union([z.string(), z.number(), z.array(z.union([z.string(), z.number()])), z.null()])
  .optional()
  .transform((v) => (v === undefined || v === null ? [] : (Array.isArray(v) ? v : [v]).map(String)));

/** A query file may be a knowledge-base incident itself: only its symptom fields become the query. */
const queryFrontMatter = z.looseObject({
  title: z.union([z.string(), z.number()]).optional(),
  symptoms: textList,
  services: textList,
  alerts: textList,
  log_templates: textList,
  tags: textList,
});

const kValue = z.coerce.number().int().min(1).max(100);

function queryFromText(text: string): IncidentQuery {
  const fenced = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n([\s\S]*))?$/.exec(text);
  if (!fenced) return { text };
  const parsed = queryFrontMatter.safeParse(parseDocument(fenced[1] ?? '').toJS({ maxAliasCount: 50 }));
  if (!parsed.success) return { text };
  const f = parsed.data;
  return {
    text: [f.title === undefined ? '' : String(f.title), ...f.symptoms, fenced[2] ?? ''].join('\n'),
    services: f.services,
    alerts: f.alerts,
    templates: f.log_templates,
    tags: f.tags,
  };
}

function readQueryFile(file: string): string {
  try {
    const text = fs.readFileSync(file === '-' ? 0 : file, 'utf8');
    if (text.length > MAX_QUERY_CHARS) throw new Error(`it is larger than ${MAX_QUERY_CHARS / 1024} KiB`);
    return text;
  } catch (error) {
    throw new AppError('invalid_args', `Cannot read the query file ${file}: ${errorMessage(error)}.`);
  }
}

function kbDir(option: string | undefined): string {
  return path.resolve(option ?? process.env.IWB_KB ?? DEFAULT_KB);
}

function reportProblems(summary: IndexSummary): void {
  for (const problem of summary.problems) process.stderr.write(`iwb: skipped ${formatProblem(problem)}\n`);
}

export interface SimilarCommandOptions {
  kb?: string;
  db?: string;
  query?: string;
  queryFile?: string;
  k?: string;
}

/** Indexes the folder (incrementally) and ranks its incidents against the query. */
export function runSimilar(options: SimilarCommandOptions): SimilarIncident[] {
  if ((options.query === undefined) === (options.queryFile === undefined)) {
    throw new AppError('invalid_args', 'Give exactly one of --query TEXT or --query-file FILE.');
  }
  const k = kValue.safeParse(options.k ?? 5);
  if (!k.success)
    throw new AppError('invalid_args', `--k must be a whole number from 1 to 100, not "${options.k}".`);
  const query =
    options.query !== undefined ? { text: options.query } : queryFromText(readQueryFile(options.queryFile!));
  const { db } = openWorkspaceDb(resolveWorkspacePath(options.db));
  try {
    const dir = kbDir(options.kb);
    // Without an explicit folder, a workspace indexed earlier (or by sync) is searched as it is.
    const explicit = options.kb !== undefined || process.env.IWB_KB !== undefined;
    if (explicit || fs.existsSync(dir)) reportProblems(indexKnowledgeBase(db, dir));
    return similarIncidents(db, query, k.data);
  } finally {
    db.close();
  }
}

function printResults(results: SimilarIncident[], json: boolean): void {
  if (json) {
    process.stdout.write(
      `${JSON.stringify(results.map(({ id, title, score, why }) => ({ id, title, score, why })))}\n`,
    );
    return;
  }
  if (results.length === 0) process.stdout.write('No similar incidents in the knowledge base.\n');
  results.forEach((r, index) => {
    process.stdout.write(`${index + 1}. ${r.id}  ${r.title}  (score ${r.score})\n   ${r.why.summary}\n`);
  });
}

/** The `kb` command with index, similar and validate; other kb subcommands (sync) attach to it. */
export function createKbCommand(): Command {
  const kb = new Command('kb').description('the knowledge base of past incidents: index, search, validate');
  kb.command('index')
    .description('index the knowledge-base folder into the workspace (only changed files are re-read)')
    .option('--kb <dir>', `knowledge-base folder (default: IWB_KB or ./${DEFAULT_KB})`)
    .option('--db <path>', 'workspace file (default: IWB_DB or the per-user workspace)')
    .option('--json', 'print the summary as JSON')
    .action((options: { kb?: string; db?: string; json?: boolean }) => {
      const { db } = openWorkspaceDb(resolveWorkspacePath(options.db));
      try {
        const summary = indexKnowledgeBase(db, kbDir(options.kb));
        reportProblems(summary);
        const { added, updated, removed, unchanged, problems } = summary;
        if (options.json) {
          process.stdout.write(
            `${JSON.stringify({ added, updated, removed, unchanged, problems: problems.length })}\n`,
          );
        } else {
          process.stdout.write(
            `Indexed: ${added} added, ${updated} updated, ${removed} removed, ${unchanged} unchanged, ${problems.length} skipped with problems.\n`,
          );
        }
      } finally {
        db.close();
      }
    });
  kb.command('similar')
    .description('past incidents most like a description of symptoms, best first, each with why')
    .option('--kb <dir>', `knowledge-base folder (default: IWB_KB or ./${DEFAULT_KB})`)
    .option('--db <path>', 'workspace file (default: IWB_DB or the per-user workspace)')
    .option('--query <text>', 'the symptoms in words')
    .option(
      '--query-file <file>',
      'a file with the symptoms: plain text, or an incident file whose symptoms are used',
    )
    .option('--k <n>', 'how many incidents to return', '5')
    .option(
      '--json',
      'print a JSON array of {id, title, score, why} (also the default when stdout is not a terminal)',
    )
    .action((options: SimilarCommandOptions & { json?: boolean }) => {
      printResults(runSimilar(options), options.json === true || !process.stdout.isTTY);
    });
  kb.command('validate')
    .description('check every knowledge-base file; prints file:line: field: message and fails on any problem')
    .option('--kb <dir>', `knowledge-base folder (default: IWB_KB or ./${DEFAULT_KB})`)
    .action((options: { kb?: string }) => {
      const { documents, problems } = loadKnowledgeBase(kbDir(options.kb));
      for (const problem of problems) process.stdout.write(`${formatProblem(problem)}\n`);
      if (problems.length > 0) {
        throw new AppError(
          'invalid_args',
          `${problems.length} problem(s) in the knowledge base; those files are skipped.`,
        );
      }
      process.stdout.write(`${documents.length} files are valid.\n`);
    });
  return kb;
}

/** Adds `kb` to the program and returns it so `registerKbSync(kb)` can add its subcommand. */
export function registerKb(program: Command): Command {
  const kb = createKbCommand();
  program.addCommand(kb);
  return kb;
}
