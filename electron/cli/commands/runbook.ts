import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { errorMessage } from '../../core/errors';
import { decodeRunbook, readRunbookBytes } from '../../core/runbooks/load';
import { formatProblem, type RunbookProblem } from '../../core/runbooks/problems';
import { registerRunbookRun } from './runbook-run';

export interface ValidateOutput {
  /** Exit status: 1 when any file has a problem. */
  code: number;
  text: string;
}

/** Validates files and renders the report; pure apart from reading the files. */
export function validateRunbookFiles(files: readonly string[], json: boolean): ValidateOutput {
  const results = files.map((file) => {
    let problems: RunbookProblem[];
    try {
      problems = decodeRunbook(readRunbookBytes(file), file).check.problems;
    } catch (error) {
      problems = [{ file, line: 0, column: 0, field: '', message: errorMessage(error) }];
    }
    return { file, valid: problems.length === 0, problems };
  });
  const failed = results.some((r) => !r.valid);
  if (json) return { code: failed ? 1 : 0, text: `${JSON.stringify({ valid: !failed, files: results })}\n` };
  const lines = results.flatMap((r) => (r.valid ? [`${r.file}: ok`] : r.problems.map(formatProblem)));
  return { code: failed ? 1 : 0, text: `${lines.join('\n')}\n` };
}

export function registerRunbookValidate(runbook: Command, output: Writable = process.stdout): void {
  runbook
    .command('validate')
    .description(
      'check runbook files: prints file:line:col: field: message for each problem, exit 1 when any',
    )
    .argument('<file...>', 'runbook YAML files')
    .option('--json', 'print one JSON object: { valid, files: [{ file, valid, problems }] }')
    .action((files: string[], options: { json?: boolean }) => {
      const { code, text } = validateRunbookFiles(files, options.json === true);
      output.write(text);
      if (code !== 0) process.exitCode = code;
    });
}

/** The `runbook` command group; each subcommand registers itself on it. */
export function runbookCommand(program: Command): Command {
  return program.command('runbook').description('validate and run runbooks');
}

export function registerRunbook(program: Command, output: Writable = process.stdout): void {
  const group = runbookCommand(program);
  registerRunbookValidate(group, output);
  registerRunbookRun(group);
}
