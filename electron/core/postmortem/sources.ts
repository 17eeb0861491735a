import type { ActionItem } from '../../../shared/methods/investigation';
import type { IncidentDetail } from '../../../shared/model/incident';
import type { Investigation } from '../../../shared/model/investigation';
import type { Db } from '../db/open';
import { getIncident } from '../incidents/queries';
import { listActionItems } from '../investigation/action-items';
import { latestInvestigationId, readInvestigation } from '../investigation/store';

/** One step of a runbook run on this incident, as the executor recorded it. */
export interface ExecutedStep {
  id: number;
  runbookId: string;
  runbookTitle: string;
  stepId: string;
  status: string;
  command: string | null;
  finishedAt: number | null;
  actor: string | null;
}

/** Everything the post-mortem is drafted from, read once. */
export interface IncidentRecord {
  incident: IncidentDetail;
  investigation: Investigation | null;
  actionItems: ActionItem[];
  executedSteps: ExecutedStep[];
}

function executedSteps(db: Db, incidentId: string): ExecutedStep[] {
  return db
    .prepare(
      `SELECT s.id, r.runbook_id AS runbookId, r.runbook_title AS runbookTitle, s.step_id AS stepId, s.status,
              s.command, s.finished_at AS finishedAt, s.actor
       FROM step_runs s JOIN runbook_runs r ON r.id = s.run_id
       WHERE r.incident_id = ? AND s.status NOT IN ('pending', 'skipped')
       ORDER BY coalesce(s.finished_at, s.started_at, r.started_at), s.id`,
    )
    .all(incidentId) as ExecutedStep[];
}

export function readIncidentRecord(db: Db, incidentId: string): IncidentRecord {
  const incident = getIncident(db, incidentId);
  const investigationId = latestInvestigationId(db, incidentId);
  return {
    incident,
    investigation: investigationId === null ? null : readInvestigation(db, investigationId),
    actionItems: listActionItems(db, incidentId),
    executedSteps: executedSteps(db, incidentId),
  };
}
