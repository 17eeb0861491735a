import type { Runbook } from '../../../../shared/model/runbook';
import type { Db } from '../../db/open';
import { appendTimeline } from '../../incidents/timeline';
import { readIncident } from './incident-window';
import { resolveParams, type ParamValue } from './params';
import { insertRun, nowMicros } from './store';
import type { RunbookSource } from './trust';

export interface CreateRunInput {
  runbook: Runbook;
  hash: string;
  source: RunbookSource;
  incidentId: string | null;
  params: Record<string, ParamValue>;
  actor: string;
}

/** Records a new run waiting at its first step; nothing runs until the caller advances it. */
export function createRun(db: Db, input: CreateRunInput): number {
  const params = resolveParams(input.runbook, input.params);
  if (input.incidentId !== null) readIncident(db, input.incidentId);
  const first = input.runbook.steps[0]?.id ?? null;
  return db.transaction(() => {
    const id = insertRun(db, {
      runbookId: input.runbook.id,
      runbookTitle: input.runbook.title,
      runbookHash: input.hash,
      runbookSource: input.source,
      incidentId: input.incidentId,
      params,
      status: 'waiting',
      currentStep: first,
      actor: input.actor,
      startedAt: nowMicros(),
    });
    if (input.incidentId !== null) {
      appendTimeline(db, {
        incidentId: input.incidentId,
        ts: nowMicros(),
        kind: 'runbook',
        title: `Runbook "${input.runbook.title}" started`,
        actor: input.actor,
        ref: { type: 'runbook_run', id },
      });
    }
    return id;
  })();
}

/**
 * After a restart: a step left running is marked interrupted and its run waits for a person. Nothing is
 * re-run, because a half-finished command may already have changed something.
 */
export function resumeRuns(db: Db): number[] {
  return db.transaction(() => {
    const stale = db
      .prepare(
        `SELECT s.id, s.run_id AS runId, s.step_id AS stepId, r.incident_id AS incidentId, r.runbook_title AS title
         FROM step_runs s JOIN runbook_runs r ON r.id = s.run_id WHERE s.status = 'running'`,
      )
      .all() as { id: number; runId: number; stepId: string; incidentId: string | null; title: string }[];
    const now = nowMicros();
    for (const step of stale) {
      db.prepare("UPDATE step_runs SET status = 'interrupted', finished_at = ? WHERE id = ?").run(
        now,
        step.id,
      );
      if (step.incidentId !== null) {
        appendTimeline(db, {
          incidentId: step.incidentId,
          ts: now,
          kind: 'runbook',
          title: `Runbook "${step.title}": step ${step.stepId} was interrupted (the app stopped while it ran)`,
          body: 'It was not re-run; check its effect, then run it again or skip it.',
          actor: 'system',
          ref: { type: 'runbook_run', id: step.runId },
        });
      }
    }
    const runs = db.prepare("SELECT id FROM runbook_runs WHERE status = 'running'").all() as { id: number }[];
    db.prepare("UPDATE runbook_runs SET status = 'interrupted', updated_at = ? WHERE status = 'running'").run(
      now,
    );
    return runs.map((r) => r.id);
  })();
}
