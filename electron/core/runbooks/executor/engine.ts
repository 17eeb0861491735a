import type { Runbook, RunbookStep } from '../../../../shared/model/runbook';
import type { Db } from '../../db/open';
import { AppError } from '../../errors';
import { appendTimeline } from '../../incidents/timeline';
import type { TemplateContext } from '../template';
import type { StreamName } from './command';
import { readIncident } from './incident-window';
import type { Redactor } from './redact';
import { renderQueryStep, renderStep, tryRenderStep, type RenderedStep } from './render';
import { runApiCallStep, runCommandStep, runLocalStep, type Outcome } from './step-outcomes';
import {
  finishStepRun,
  insertStepRun,
  nowMicros,
  readRun,
  readStepRuns,
  updateRun,
  type RunRow,
  type RunStatus,
  type StepResult,
  type StepRunRow,
} from './store';
import { isTrusted } from './trust';

export type RunEvent =
  | { type: 'output'; runId: number; stepId: string; stream: StreamName; text: string }
  | { type: 'step'; runId: number; stepId: string; status: StepRunRow['status'] }
  | { type: 'run'; runId: number; status: RunStatus };

/** A step as a person sees it before acting: what it will do, never the secrets it will use. */
export type StepPreview = RenderedStep extends infer S
  ? S extends unknown
    ? Omit<S, 'exec'>
    : never
  : never;

export interface RunView {
  run: RunRow;
  steps: StepRunRow[];
  next: StepPreview | null;
  /** Why the next step cannot be shown yet (a variable without a value). */
  nextError: string | null;
  trusted: boolean;
  /** The commands `runSafeSteps` would run after one confirmation, in order. */
  safeBatch: string[];
}

function stepById(runbook: Runbook, id: string): RunbookStep {
  const step = runbook.steps.find((s) => s.id === id);
  if (!step)
    throw new AppError(
      'internal',
      `Runbook ${runbook.id} has no step ${id}; the file changed under the run.`,
    );
  return step;
}

function preview(step: RenderedStep): StepPreview {
  if (step.type === 'command' || step.type === 'api_call') {
    const { exec: _exec, ...shown } = step;
    return shown;
  }
  return step;
}

export interface ExecutorOptions {
  runbookDirs: readonly string[];
  onEvent?: (event: RunEvent) => void;
}

/**
 * Drives runs one transition at a time; every transition is stored before anything outside happens.
 * Expectations and output captures read the redacted output, so a secret never reaches the run's variables.
 */
export class RunExecutor {
  private readonly running = new Map<number, AbortController>();

  constructor(
    private readonly db: Db,
    private readonly options: ExecutorOptions,
  ) {}

  isTrusted(run: RunRow): boolean {
    return isTrusted(this.db, run.runbookId, run.runbookHash, run.runbookSource, this.options.runbookDirs);
  }

  context(run: RunRow): TemplateContext {
    const incident = run.incidentId === null ? null : readIncident(this.db, run.incidentId);
    const steps: Record<string, TemplateContext> = {};
    for (const row of readStepRuns(this.db, run.id)) {
      if (row.status === 'succeeded' || row.status === 'failed')
        steps[row.stepId] = { outputs: row.outputs.values };
    }
    return {
      params: run.params,
      ...(incident ? { incident: { id: incident.id, services: incident.services } } : {}),
      steps,
    };
  }

  /** The run as stored; without its runbook (`unreadable` says why) the recorded steps are still shown. */
  view(runId: number, runbook: Runbook | { unreadable: string }): RunView {
    const run = readRun(this.db, runId);
    const steps = readStepRuns(this.db, runId);
    const trusted = this.isTrusted(run);
    if ('unreadable' in runbook) {
      return { run, steps, next: null, nextError: runbook.unreadable, trusted, safeBatch: [] };
    }
    let next: StepPreview | null = null;
    let nextError: string | null = null;
    if (run.currentStep !== null && !this.isFinished(run)) {
      const step = stepById(runbook, run.currentStep);
      const rendered = tryRenderStep(runbook, step, run.params, this.context(run));
      if (rendered.rendered) next = preview(rendered.rendered.step);
      else nextError = rendered.error;
    }
    return { run, steps, next, nextError, trusted, safeBatch: this.safeBatch(run, runbook) };
  }

  /** Runs the steps that need nobody (queries over the cache, checks) until one needs a person. */
  async advance(runId: number, runbook: Runbook, actor: string): Promise<void> {
    for (;;) {
      const run = readRun(this.db, runId);
      if (run.status !== 'waiting' || run.currentStep === null) return;
      const step = stepById(runbook, run.currentStep);
      if (step.type !== 'query' && step.type !== 'check') return;
      this.runAutomatic(run, runbook, step, actor);
    }
  }

  /** Runs the current command or api_call step; `shown` must be exactly the display the engineer confirmed. */
  async confirm(runId: number, runbook: Runbook, shown: string, actor: string): Promise<void> {
    const run = this.actionable(runId);
    const step = stepById(runbook, run.currentStep as string);
    if (step.type !== 'command' && step.type !== 'api_call') {
      throw new AppError(
        'conflict',
        `Step ${step.id} is a ${step.type} step; there is no command to confirm.`,
      );
    }
    if (!this.isTrusted(run)) {
      throw new AppError(
        'forbidden',
        `Runbook ${run.runbookId} is not trusted (it did not come from the workspace's runbooks folder); review it and trust it before running its commands.`,
      );
    }
    const rendered = renderStep(runbook, step, run.params, this.context(run));
    if (
      rendered.step.type !== step.type ||
      !('display' in rendered.step) ||
      rendered.step.display !== shown
    ) {
      throw new AppError(
        'conflict',
        `The confirmed command is not the one step ${step.id} would run now; show the step again and confirm what it displays.`,
      );
    }
    await this.runExternal(run, runbook, step, rendered.step, rendered.redact, actor);
    await this.advance(runId, runbook, actor);
  }

  /** Runs consecutive safe steps after one confirmation of the whole list `view().safeBatch` showed. */
  async runSafeSteps(
    runId: number,
    runbook: Runbook,
    shown: readonly string[],
    actor: string,
  ): Promise<number> {
    const expected = this.safeBatch(this.actionable(runId), runbook);
    if (
      expected.length === 0 ||
      expected.length !== shown.length ||
      expected.some((c, i) => c !== shown[i])
    ) {
      throw new AppError(
        'conflict',
        'The confirmed safe steps are not the ones that would run now; show the run again and confirm what it lists.',
      );
    }
    let ran = 0;
    for (const command of shown) {
      const run = readRun(this.db, runId);
      if (run.status !== 'waiting' || run.currentStep === null) break;
      const step = stepById(runbook, run.currentStep);
      if ((step.type !== 'command' && step.type !== 'api_call') || !step.safe) break;
      await this.confirm(runId, runbook, command, actor);
      ran++;
      if (readStepRuns(this.db, runId).at(-1)?.status !== 'succeeded') break;
    }
    return ran;
  }

  async completeManual(runId: number, runbook: Runbook, note: string | null, actor: string): Promise<void> {
    const run = this.actionable(runId);
    const step = stepById(runbook, run.currentStep as string);
    if (step.type !== 'manual') {
      throw new AppError('conflict', `Step ${step.id} is a ${step.type} step, not a manual one.`);
    }
    this.recordInstant(run, runbook, step, actor, {
      status: 'succeeded',
      exitCode: null,
      stdout: null,
      stderr: null,
      outputs: { values: {}, failures: [] },
      note,
    });
    await this.advance(runId, runbook, actor);
  }

  async chooseOption(runId: number, runbook: Runbook, label: string, actor: string): Promise<void> {
    const run = this.actionable(runId);
    const step = stepById(runbook, run.currentStep as string);
    if (step.type !== 'decision') throw new AppError('conflict', `Step ${step.id} is not a decision.`);
    const option = step.options.find((o) => o.label === label);
    if (!option) {
      throw new AppError(
        'invalid_args',
        `Step ${step.id} has no option "${label}"; choose one of: ${step.options.map((o) => o.label).join(', ')}.`,
      );
    }
    this.recordInstant(run, runbook, step, actor, {
      status: 'succeeded',
      exitCode: null,
      stdout: null,
      stderr: null,
      outputs: { values: { choice: option.label }, failures: [], choice: option },
      note: null,
    });
    await this.advance(runId, runbook, actor);
  }

  async skipStep(runId: number, runbook: Runbook, note: string | null, actor: string): Promise<void> {
    const run = this.actionable(runId);
    const step = stepById(runbook, run.currentStep as string);
    this.recordInstant(run, runbook, step, actor, {
      status: 'skipped',
      exitCode: null,
      stdout: null,
      stderr: null,
      outputs: { values: {}, failures: [] },
      note,
    });
    await this.advance(runId, runbook, actor);
  }

  /** Stops a running step (killing its whole process tree) or ends a waiting run. */
  cancel(runId: number, actor: string): void {
    const controller = this.running.get(runId);
    if (controller) {
      controller.abort();
      return;
    }
    const run = readRun(this.db, runId);
    if (this.isFinished(run)) return;
    this.db.transaction(() => {
      updateRun(this.db, runId, 'cancelled', null);
      this.timeline(run, actor, `Runbook "${run.runbookTitle}" cancelled`, null, null);
    })();
    this.emit({ type: 'run', runId, status: 'cancelled' });
  }

  private isFinished(run: RunRow): boolean {
    return run.status === 'succeeded' || run.status === 'failed' || run.status === 'cancelled';
  }

  private actionable(runId: number): RunRow {
    const run = readRun(this.db, runId);
    if (this.running.has(runId) || run.status === 'running') {
      throw new AppError(
        'conflict',
        `Run ${runId} is busy with step ${run.currentStep}; wait for it or cancel it.`,
      );
    }
    if (this.isFinished(run) || run.currentStep === null) {
      throw new AppError('conflict', `Run ${runId} has ended (${run.status}); start a new run to go again.`);
    }
    return run;
  }

  private safeBatch(run: RunRow, runbook: Runbook): string[] {
    if (this.isFinished(run) || run.currentStep === null || !this.isTrusted(run)) return [];
    const context = this.context(run);
    const batch: string[] = [];
    let index = runbook.steps.findIndex((s) => s.id === run.currentStep);
    for (; index >= 0 && index < runbook.steps.length; index++) {
      const step = runbook.steps[index] as RunbookStep;
      if (step.type === 'query' || step.type === 'check') continue;
      if ((step.type !== 'command' && step.type !== 'api_call') || !step.safe) break;
      // A later safe step that uses an earlier one's output cannot be shown yet, so the batch ends before it.
      const rendered = tryRenderStep(runbook, step, run.params, context);
      if (!rendered.rendered || !('display' in rendered.rendered.step)) break;
      batch.push(rendered.rendered.step.display);
    }
    return batch;
  }

  private emit(event: RunEvent): void {
    this.options.onEvent?.(event);
  }

  private timeline(run: RunRow, actor: string, title: string, body: string | null, data: unknown): void {
    if (run.incidentId === null) return;
    appendTimeline(this.db, {
      incidentId: run.incidentId,
      ts: nowMicros(),
      kind: 'runbook',
      title,
      body,
      actor,
      ref: { type: 'runbook_run', id: run.id },
      data: data ?? undefined,
    });
  }

  private startStep(run: RunRow, step: RunbookStep, command: string | null, actor: string): number {
    const stepRunId = this.db.transaction(() => {
      const id = insertStepRun(this.db, run.id, {
        stepId: step.id,
        status: 'running',
        command,
        actor,
        startedAt: nowMicros(),
      });
      updateRun(this.db, run.id, 'running', step.id);
      this.timeline(
        run,
        actor,
        `Runbook "${run.runbookTitle}": started ${step.id} (${step.title})`,
        command,
        null,
      );
      return id;
    })();
    this.emit({ type: 'step', runId: run.id, stepId: step.id, status: 'running' });
    return stepRunId;
  }

  private finishStep(
    run: RunRow,
    runbook: Runbook,
    step: RunbookStep,
    stepRunId: number,
    outcome: Outcome,
    actor: string,
    redact: Redactor,
  ): void {
    const { status, current } = this.nextAfter(runbook, step, outcome);
    const result: StepResult = { ...outcome };
    this.db.transaction(() => {
      finishStepRun(this.db, stepRunId, result);
      updateRun(this.db, run.id, status, current);
      const facts = [
        outcome.exitCode === null ? null : `exit ${outcome.exitCode}`,
        outcome.outputs.http ? `HTTP ${outcome.outputs.http.status ?? 'none'}` : null,
        outcome.outputs.durationMs === undefined
          ? null
          : `${(outcome.outputs.durationMs / 1000).toFixed(1)} s`,
        outcome.outputs.choice ? `chose "${outcome.outputs.choice.label}"` : null,
      ].filter((f) => f !== null);
      const body = [outcome.note, ...outcome.outputs.failures, outcome.outputs.error ?? null]
        .filter((line) => line !== null && line !== '')
        .join('\n');
      this.timeline(
        run,
        actor,
        redact(
          `Runbook "${run.runbookTitle}": ${step.id} ${outcome.status}${facts.length ? ` (${facts.join(', ')})` : ''}`,
        ),
        body === '' ? null : redact(body),
        {
          stepId: step.id,
          status: outcome.status,
          exitCode: outcome.exitCode,
          durationMs: outcome.outputs.durationMs,
        },
      );
    })();
    this.emit({ type: 'step', runId: run.id, stepId: step.id, status: outcome.status });
    this.emit({ type: 'run', runId: run.id, status });
  }

  private nextAfter(
    runbook: Runbook,
    step: RunbookStep,
    outcome: Outcome,
  ): { status: RunStatus; current: string | null } {
    if (outcome.status === 'cancelled') return { status: 'cancelled', current: null };
    const index = runbook.steps.findIndex((s) => s.id === step.id);
    const following = runbook.steps[index + 1]?.id ?? null;
    let current: string | null = following;
    if (outcome.status === 'failed') {
      if (step.on_failure === 'stop') return { status: 'failed', current: null };
      if (step.on_failure !== 'continue') current = step.on_failure.goto;
    } else if (outcome.outputs.choice) current = outcome.outputs.choice.next;
    return current === null ? { status: 'succeeded', current: null } : { status: 'waiting', current };
  }

  private recordInstant(
    run: RunRow,
    runbook: Runbook,
    step: RunbookStep,
    actor: string,
    outcome: Outcome,
  ): void {
    const redact =
      tryRenderStep(runbook, step, run.params, this.context(run)).rendered?.redact ?? ((t: string) => t);
    const stepRunId = this.startStep(run, step, null, actor);
    this.finishStep(run, runbook, step, stepRunId, outcome, actor, redact);
  }

  private runAutomatic(run: RunRow, runbook: Runbook, step: RunbookStep, actor: string): void {
    const rendered = tryRenderStep(runbook, step, run.params, this.context(run));
    const redact = rendered.rendered?.redact ?? ((t: string) => t);
    const stepRunId = this.startStep(run, step, null, actor);
    const outcome = runLocalStep(this.db, run, renderQueryStep(step, this.context(run)));
    this.finishStep(run, runbook, step, stepRunId, outcome, actor, redact);
  }

  private async runExternal(
    run: RunRow,
    runbook: Runbook,
    step: RunbookStep,
    rendered: Extract<RenderedStep, { type: 'command' | 'api_call' }>,
    redact: Redactor,
    actor: string,
  ): Promise<void> {
    const stepRunId = this.startStep(run, step, rendered.display, actor);
    const controller = new AbortController();
    this.running.set(run.id, controller);
    let outcome: Outcome;
    try {
      outcome =
        rendered.type === 'command'
          ? await runCommandStep(step, rendered, redact, controller.signal, (stream, text) =>
              this.emit({ type: 'output', runId: run.id, stepId: step.id, stream, text }),
            )
          : await runApiCallStep(step, rendered, redact, controller.signal);
    } finally {
      this.running.delete(run.id);
    }
    this.finishStep(run, runbook, step, stepRunId, outcome, actor, redact);
  }
}
