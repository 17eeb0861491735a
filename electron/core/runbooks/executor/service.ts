import { z } from 'zod';
import type { Runbook } from '../../../../shared/model/runbook';
import type { Db } from '../../db/open';
import { AppError } from '../../errors';
import { currentActor } from '../../incidents/timeline';
import { RunExecutor, type RunEvent, type RunView } from './engine';
import { createRun, resumeRuns } from './lifecycle';
import { readRun } from './store';
import { loadRunbookFile } from '../load';
import { KB_SOURCE_PREFIX, trustRunbook, type RunbookSource } from './trust';

export interface LoadedRunbook {
  runbook: Runbook;
  hash: string;
}

export interface RunbookServiceOptions {
  /** The workspace's runbooks folders: files inside them are trusted as they are. */
  runbookDirs: readonly string[];
  onEvent?: (event: RunEvent) => void;
  /** Reads a runbook file; loadRunbookFile unless a host keeps runbooks elsewhere. */
  loadRunbook?: (file: string) => LoadedRunbook;
}

const runId = z.number().int().positive();
const note = z.string().trim().max(10_000).optional();

export const startRunArgs = z.object({
  /** A runbook file's path, or `kb:<path>` for one from the knowledge base. */
  source: z.string().min(1),
  incidentId: z.string().min(1).nullable().default(null),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
});
export const runArgs = z.object({ runId });
export const confirmStepArgs = z.object({ runId, command: z.string() });
export const runSafeStepsArgs = z.object({ runId, commands: z.array(z.string()).min(1) });
export const noteArgs = z.object({ runId, note });
export const chooseOptionArgs = z.object({ runId, option: z.string().min(1) });

function parse<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'invalid_args',
      `${what}: ${issue?.path.join('.') || 'arguments'}: ${issue?.message}.`,
    );
  }
  return parsed.data;
}

export type RunbookService = ReturnType<typeof createRunbookService>;

/** What the hosts call: validated arguments in, the run as a person should see it out. */
export function createRunbookService(db: Db, options: RunbookServiceOptions) {
  const executor = new RunExecutor(db, options);
  const runbooks = new Map<number, Runbook>();
  const read = options.loadRunbook ?? loadRunbookFile;
  const load = (source: RunbookSource): LoadedRunbook =>
    read(source.startsWith(KB_SOURCE_PREFIX) ? source.slice(KB_SOURCE_PREFIX.length) : source);

  /** A run outlives the process; after a restart its runbook is read again and must be unchanged. */
  function runbookOf(id: number): Runbook {
    const cached = runbooks.get(id);
    if (cached) return cached;
    const run = readRun(db, id);
    const loaded = load(run.runbookSource);
    if (loaded.hash !== run.runbookHash) {
      throw new AppError(
        'conflict',
        `The runbook ${run.runbookSource} changed since run ${id} started; finish it from the recorded steps or start a new run.`,
      );
    }
    runbooks.set(id, loaded.runbook);
    return loaded.runbook;
  }

  const view = (id: number): RunView => {
    let runbook: Runbook | { unreadable: string };
    try {
      runbook = runbookOf(id);
    } catch (error) {
      if (!(error instanceof AppError) || error.code === 'internal') throw error;
      runbook = { unreadable: error.message };
    }
    return executor.view(id, runbook);
  };

  return {
    resume: (): number[] => resumeRuns(db),
    async startRun(input: unknown): Promise<RunView> {
      const args = parse(startRunArgs, input, 'startRun');
      const loaded = load(args.source);
      const actor = currentActor();
      const id = createRun(db, {
        runbook: loaded.runbook,
        hash: loaded.hash,
        source: args.source,
        incidentId: args.incidentId,
        params: args.params,
        actor,
      });
      runbooks.set(id, loaded.runbook);
      await executor.advance(id, loaded.runbook, actor);
      return view(id);
    },
    getRun(input: unknown): RunView {
      return view(parse(runArgs, input, 'getRun').runId);
    },
    async confirmStep(input: unknown): Promise<RunView> {
      const args = parse(confirmStepArgs, input, 'confirmStep');
      await executor.confirm(args.runId, runbookOf(args.runId), args.command, currentActor());
      return view(args.runId);
    },
    async runSafeSteps(input: unknown): Promise<RunView> {
      const args = parse(runSafeStepsArgs, input, 'runSafeSteps');
      await executor.runSafeSteps(args.runId, runbookOf(args.runId), args.commands, currentActor());
      return view(args.runId);
    },
    async completeManual(input: unknown): Promise<RunView> {
      const args = parse(noteArgs, input, 'completeManual');
      await executor.completeManual(args.runId, runbookOf(args.runId), args.note ?? null, currentActor());
      return view(args.runId);
    },
    async chooseOption(input: unknown): Promise<RunView> {
      const args = parse(chooseOptionArgs, input, 'chooseOption');
      await executor.chooseOption(args.runId, runbookOf(args.runId), args.option, currentActor());
      return view(args.runId);
    },
    async skipStep(input: unknown): Promise<RunView> {
      const args = parse(noteArgs, input, 'skipStep');
      await executor.skipStep(args.runId, runbookOf(args.runId), args.note ?? null, currentActor());
      return view(args.runId);
    },
    cancelRun(input: unknown): RunView {
      const args = parse(runArgs, input, 'cancelRun');
      executor.cancel(args.runId, currentActor());
      return view(args.runId);
    },
    trust(input: unknown): RunView {
      const args = parse(runArgs, input, 'trust');
      const run = readRun(db, args.runId);
      trustRunbook(db, run.runbookId, run.runbookHash, currentActor());
      return view(args.runId);
    },
  };
}
