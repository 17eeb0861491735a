import path from 'node:path';
import readline from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import { z } from 'zod';
import { openWorkspaceDb, type Db } from '../../core/db/open';
import { resolveWorkspacePath } from '../../core/db/paths';
import { AppError } from '../../core/errors';
import { currentActor } from '../../core/incidents/timeline';
import { loadRunbookFile } from '../../core/runbooks/load';
import { planDryRun, type PlannedStep } from '../../core/runbooks/executor/dry-run';
import { RunExecutor, type RunView, type StepPreview } from '../../core/runbooks/executor/engine';
import { createRun } from '../../core/runbooks/executor/lifecycle';
import { readIncident } from '../../core/runbooks/executor/incident-window';
import type { QueryResult } from '../../core/runbooks/executor/query';
import type { StepRunRow } from '../../core/runbooks/executor/store';
import { trustRunbook } from '../../core/runbooks/executor/trust';
import type { Runbook } from '../../../shared/model/runbook';

export interface RunbookRunOptions {
  incident?: string;
  param?: string[];
  yes?: boolean;
  dryRun?: boolean;
  db?: string;
}

export interface RunbookRunIo {
  input: Readable;
  output: Writable;
  errors: Writable;
  /** Whether a person answers on `input`; without one, only --yes or --dry-run can proceed. */
  interactive: boolean;
}

const paramArg = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*=/, 'write it as name=value');

function parseParams(raw: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const text of raw) {
    const parsed = paramArg.safeParse(text);
    if (!parsed.success) {
      throw new AppError('invalid_args', `--param ${text}: ${parsed.error.issues[0]?.message}.`);
    }
    const at = text.indexOf('=');
    params[text.slice(0, at)] = text.slice(at + 1);
  }
  return params;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

function describePlanned(step: PlannedStep, index: number): string {
  const lines = [`${index + 1}. [${step.type}${step.safe ? ', safe' : ''}] ${step.id}: ${step.title}`];
  if (step.description) lines.push(indent(step.description.trim()));
  if (step.display !== null) lines.push(indent(step.display));
  for (const option of step.options) lines.push(`    - ${option.label} → ${option.next}`);
  if (step.error !== null) lines.push(`    (cannot be filled in yet: ${step.error})`);
  return lines.join('\n');
}

function describeQuery(result: QueryResult): string[] {
  if (result.kind === 'logs') {
    const rows = result.rows.map(
      (r) => `    ${new Date(r.ts / 1000).toISOString()} ${r.level} ${r.service} ${r.message}`,
    );
    return [`    ${result.total ?? result.rows.length} matching lines`, ...rows];
  }
  if (result.stats === null) return ['    no points in the window'];
  const { last, max, min, avg } = result.stats;
  return [
    `    ${result.series.length} series: last ${last}, max ${max}, min ${min}, avg ${avg.toPrecision(4)}`,
  ];
}

function describeResult(row: StepRunRow): string {
  const facts = [
    row.exitCode === null ? null : `exit ${row.exitCode}`,
    row.outputs.http ? `HTTP ${row.outputs.http.status ?? 'none'}` : null,
    row.outputs.durationMs === undefined ? null : `${(row.outputs.durationMs / 1000).toFixed(1)} s`,
    row.outputs.choice ? `chose ${row.outputs.choice.label}` : null,
  ].filter((f) => f !== null);
  const lines = [`${row.stepId}: ${row.status}${facts.length ? ` (${facts.join(', ')})` : ''}`];
  for (const failure of row.outputs.failures) lines.push(`    ${failure}`);
  if (row.outputs.query !== undefined) lines.push(...describeQuery(row.outputs.query as QueryResult));
  for (const [name, value] of Object.entries(row.outputs.values)) lines.push(`    ${name} = ${value}`);
  return lines.join('\n');
}

function describeNext(step: StepPreview): string {
  const lines = [``, `Step ${step.id}: ${step.title}`];
  if (step.description) lines.push(indent(step.description.trim()));
  if ('display' in step) lines.push(indent(step.display));
  return lines.join('\n');
}

type Answer = { kind: 'run' } | { kind: 'skip' } | { kind: 'stop' };

class Prompter {
  private readonly rl: readline.Interface;

  constructor(io: RunbookRunIo) {
    this.rl = readline.createInterface({ input: io.input, output: io.output, terminal: false });
  }

  async confirm(): Promise<Answer> {
    for (;;) {
      const answer = (await this.rl.question('Run it? [y]es / [n]o, stop / [s]kip: ')).trim().toLowerCase();
      if (answer === 'y' || answer === 'yes') return { kind: 'run' };
      if (answer === 's' || answer === 'skip') return { kind: 'skip' };
      if (answer === 'n' || answer === 'no') return { kind: 'stop' };
    }
  }

  async yesNo(question: string): Promise<boolean> {
    const answer = (await this.rl.question(`${question} [y/N]: `)).trim().toLowerCase();
    return answer === 'y' || answer === 'yes';
  }

  async choose(options: readonly { label: string }[]): Promise<string> {
    const list = options.map((o, i) => `  ${i + 1}) ${o.label}`).join('\n');
    for (;;) {
      const answer = Number((await this.rl.question(`${list}\nChoose 1-${options.length}: `)).trim());
      const option = options[answer - 1];
      if (Number.isInteger(answer) && option) return option.label;
    }
  }

  async note(): Promise<string> {
    return (await this.rl.question('When done, type an optional note and press Enter: ')).trim();
  }

  close(): void {
    this.rl.close();
  }
}

function write(stream: Writable, text: string): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** Asked only when a command is about to run: a runbook of manual steps and queries needs no trust. */
async function ensureTrusted(
  db: Db,
  view: RunView,
  prompter: Prompter | null,
  io: RunbookRunIo,
): Promise<void> {
  if (view.trusted) return;
  if (!prompter) {
    throw new AppError(
      'forbidden',
      `${view.run.runbookSource} is not in a trusted runbooks folder and nobody has trusted it yet; run it once without --yes to review and trust it.`,
    );
  }
  write(
    io.output,
    `${view.run.runbookSource} is not in the workspace's runbooks folder and nobody has trusted this version.`,
  );
  if (!(await prompter.yesNo('Read it through. Trust it and allow its commands to run?'))) {
    throw new AppError('forbidden', `${view.run.runbookSource} was not trusted, so its commands cannot run.`);
  }
  trustRunbook(db, view.run.runbookId, view.run.runbookHash, currentActor());
}

async function drive(
  db: Db,
  executor: RunExecutor,
  runId: number,
  runbook: Runbook,
  options: RunbookRunOptions,
  io: RunbookRunIo,
): Promise<RunView['run']['status']> {
  const actor = currentActor();
  const prompter = options.yes ? null : new Prompter(io);
  let printed = 0;
  try {
    await executor.advance(runId, runbook, actor);
    for (;;) {
      const view = executor.view(runId, runbook);
      for (const row of view.steps.slice(printed))
        if (row.status !== 'running') write(io.output, describeResult(row));
      printed = view.steps.length;
      const next = view.next;
      if (next === null) {
        if (view.nextError !== null) throw new AppError('invalid_args', view.nextError);
        return view.run.status;
      }
      write(io.output, describeNext(next));
      if (next.type === 'command' || next.type === 'api_call') {
        await ensureTrusted(db, view, prompter, io);
        const answer = prompter ? await prompter.confirm() : { kind: 'run' as const };
        if (answer.kind === 'stop') executor.cancel(runId, actor);
        else if (answer.kind === 'skip')
          await executor.skipStep(runId, runbook, 'skipped at the prompt', actor);
        else await executor.confirm(runId, runbook, next.display, actor);
      } else if (next.type === 'manual') {
        const note = prompter ? await prompter.note() : 'confirmed by --yes';
        await executor.completeManual(runId, runbook, note === '' ? null : note, actor);
      } else if (next.type === 'decision') {
        if (!prompter) {
          throw new AppError(
            'invalid_args',
            `Step ${next.id} is a decision a person must take; run without --yes.`,
          );
        }
        await executor.chooseOption(runId, runbook, await prompter.choose(next.options), actor);
      } else {
        throw new AppError('internal', `Step ${next.id} (${next.type}) should have run by itself.`);
      }
    }
  } finally {
    prompter?.close();
  }
}

/** `iwb runbook run`: returns the exit status (1 when the run did not succeed). */
export async function runRunbook(
  file: string,
  options: RunbookRunOptions,
  io: RunbookRunIo,
): Promise<number> {
  const params = parseParams(options.param ?? []);
  const loaded = loadRunbookFile(path.resolve(file));
  if (!options.yes && !options.dryRun && !io.interactive) {
    throw new AppError(
      'invalid_args',
      'Input is not a terminal, so nobody can confirm commands; pass --yes or --dry-run.',
    );
  }
  const dbPath = resolveWorkspacePath(options.db);
  const { db } = openWorkspaceDb(dbPath);
  try {
    const incident = options.incident === undefined ? null : readIncident(db, options.incident);
    if (options.dryRun) {
      write(io.output, `Dry run of ${loaded.runbook.title} (${file}): nothing is run or recorded.`);
      planDryRun(loaded.runbook, params, incident).forEach((step, i) =>
        write(io.output, describePlanned(step, i)),
      );
      return 0;
    }
    const executor = new RunExecutor(db, {
      runbookDirs: [path.join(path.dirname(dbPath), 'runbooks'), path.resolve('runbooks')],
      onEvent: (event) => {
        if (event.type === 'output') (event.stream === 'stdout' ? io.output : io.errors).write(event.text);
      },
    });
    const runId = createRun(db, {
      runbook: loaded.runbook,
      hash: loaded.hash,
      source: path.resolve(file),
      incidentId: incident?.id ?? null,
      params,
      actor: currentActor(),
    });
    write(io.output, `Run ${runId}: ${loaded.runbook.title}`);
    // The command runs in its own process group, so Ctrl-C reaches only us: pass it on as a cancel.
    const onInterrupt = () => executor.cancel(runId, currentActor());
    process.on('SIGINT', onInterrupt);
    let status: string;
    try {
      status = await drive(db, executor, runId, loaded.runbook, options, io);
    } catch (error) {
      // A run this command cannot finish would otherwise wait forever for someone at the prompt.
      executor.cancel(runId, currentActor());
      throw error;
    } finally {
      process.off('SIGINT', onInterrupt);
    }
    write(io.output, `Run ${runId} ${status}.`);
    return status === 'succeeded' ? 0 : 1;
  } finally {
    db.close();
  }
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerRunbookRun(runbookCommand: Command): void {
  runbookCommand
    .command('run')
    .description('run a runbook in the terminal, asking before each command; recorded like a run in the app')
    .argument('<file>', 'runbook YAML file')
    .option('--incident <id>', 'link the run to an incident: its timeline records every step')
    .option('--param <name=value>', 'a runbook parameter (repeat for more)', collect, [])
    .option('--yes', 'run without asking (manual steps are confirmed with the note "confirmed by --yes")')
    .option('--dry-run', 'print every step with its variables filled in; run and record nothing')
    .option('--db <path>', 'workspace file (default: IWB_DB or the per-user workspace)')
    .action(async (file: string, options: RunbookRunOptions) => {
      const code = await runRunbook(file, options, {
        input: process.stdin,
        output: process.stdout,
        errors: process.stderr,
        interactive: process.stdin.isTTY === true,
      });
      if (code !== 0) process.exitCode = code;
    });
}
