import { z } from 'zod';
import type { runStatuses, stepRunStatuses } from '../../../../shared/model/runbook';
import { parseJsonColumn } from '../../db/json';
import type { Db } from '../../db/open';
import { AppError } from '../../errors';

export type RunStatus = (typeof runStatuses)[number];
export type StepRunStatus = (typeof stepRunStatuses)[number];

export const stepOutputs = z.object({
  /** Captured by the step's `outputs`, for `{{steps.<id>.outputs.<name>}}`. */
  values: z.record(z.string(), z.string()).default({}),
  durationMs: z.number().optional(),
  failures: z.array(z.string()).default([]),
  http: z.object({ status: z.number().nullable(), headers: z.record(z.string(), z.string()) }).optional(),
  query: z.unknown().optional(),
  choice: z.object({ label: z.string(), next: z.string() }).optional(),
  error: z.string().optional(),
});
export type StepOutputs = z.infer<typeof stepOutputs>;

const emptyOutputs: StepOutputs = { values: {}, failures: [] };

export interface RunRow {
  id: number;
  runbookId: string;
  runbookTitle: string;
  runbookHash: string;
  runbookSource: string;
  incidentId: string | null;
  params: Record<string, string | number | boolean>;
  status: RunStatus;
  currentStep: string | null;
  actor: string | null;
  startedAt: number;
  finishedAt: number | null;
}

export interface StepRunRow {
  id: number;
  stepId: string;
  seq: number;
  status: StepRunStatus;
  command: string | null;
  startedAt: number | null;
  finishedAt: number | null;
  exitCode: number | null;
  stdout: string | null;
  stderr: string | null;
  outputs: StepOutputs;
  note: string | null;
  actor: string | null;
}

const paramValues = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

export function nowMicros(): number {
  return Date.now() * 1000;
}

export function readRun(db: Db, id: number): RunRow {
  const row = db
    .prepare(
      `SELECT id, runbook_id AS runbookId, runbook_title AS runbookTitle, runbook_hash AS runbookHash,
              runbook_source AS runbookSource, incident_id AS incidentId, params, status, current_step AS currentStep,
              actor, started_at AS startedAt, finished_at AS finishedAt
       FROM runbook_runs WHERE id = ?`,
    )
    .get(id) as (Omit<RunRow, 'params'> & { params: string }) | undefined;
  if (!row) throw new AppError('not_found', `There is no runbook run ${id}; it may have been deleted.`);
  return { ...row, params: parseJsonColumn(paramValues, row.params, {}) };
}

export function readStepRuns(db: Db, runId: number): StepRunRow[] {
  const rows = db
    .prepare(
      `SELECT id, step_id AS stepId, seq, status, command, started_at AS startedAt, finished_at AS finishedAt,
              exit_code AS exitCode, stdout, stderr, outputs, note, actor
       FROM step_runs WHERE run_id = ? ORDER BY seq`,
    )
    .all(runId) as (Omit<StepRunRow, 'outputs'> & { outputs: string })[];
  return rows.map((row) => ({ ...row, outputs: parseJsonColumn(stepOutputs, row.outputs, emptyOutputs) }));
}

export function insertRun(
  db: Db,
  run: Omit<RunRow, 'id' | 'finishedAt' | 'status'> & { status: RunStatus },
): number {
  const now = nowMicros();
  return Number(
    db
      .prepare(
        `INSERT INTO runbook_runs (runbook_id, runbook_title, runbook_hash, runbook_source, incident_id, params, status,
                                   current_step, actor, started_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        run.runbookId,
        run.runbookTitle,
        run.runbookHash,
        run.runbookSource,
        run.incidentId,
        JSON.stringify(run.params),
        run.status,
        run.currentStep,
        run.actor,
        run.startedAt,
        now,
      ).lastInsertRowid,
  );
}

export function updateRun(db: Db, id: number, status: RunStatus, currentStep: string | null): void {
  const finished = status === 'succeeded' || status === 'failed' || status === 'cancelled';
  db.prepare(
    `UPDATE runbook_runs SET status = ?, current_step = ?, updated_at = ?,
            finished_at = CASE WHEN ? THEN ? ELSE NULL END
     WHERE id = ?`,
  ).run(status, currentStep, nowMicros(), finished ? 1 : 0, nowMicros(), id);
}

export function insertStepRun(
  db: Db,
  runId: number,
  step: { stepId: string; status: StepRunStatus; command: string | null; actor: string; startedAt: number },
): number {
  const seq = (
    db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM step_runs WHERE run_id = ?').get(runId) as {
      seq: number;
    }
  ).seq;
  return Number(
    db
      .prepare(
        `INSERT INTO step_runs (run_id, step_id, seq, status, command, started_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(runId, step.stepId, seq, step.status, step.command, step.startedAt, step.actor).lastInsertRowid,
  );
}

export interface StepResult {
  status: StepRunStatus;
  exitCode: number | null;
  stdout: string | null;
  stderr: string | null;
  outputs: StepOutputs;
  note: string | null;
}

export function finishStepRun(db: Db, stepRunId: number, result: StepResult): void {
  db.prepare(
    `UPDATE step_runs SET status = ?, finished_at = ?, exit_code = ?, stdout = ?, stderr = ?, outputs = ?, note = ?
     WHERE id = ?`,
  ).run(
    result.status,
    nowMicros(),
    result.exitCode,
    result.stdout,
    result.stderr,
    JSON.stringify(result.outputs),
    result.note,
    stepRunId,
  );
}
