import type {
  Hypothesis,
  HypothesisStatus,
  Investigation,
  TestStep,
} from '../../../../shared/model/investigation';
import type { Db } from '../../db/open';
import { AppError } from '../../errors';
import { appendTimeline, currentActor } from '../../incidents/timeline';
import { refreshProbabilities } from '../run';
import { investigationRow, nowMicros, readInvestigation, touchInvestigation } from '../store';

interface HypothesisRow {
  id: number;
  investigation_id: number;
  description: string;
  status: HypothesisStatus;
  probability: number;
}

function hypothesisRow(db: Db, id: number): HypothesisRow {
  const row = db
    .prepare('SELECT id, investigation_id, description, status, probability FROM hypotheses WHERE id = ?')
    .get(id) as HypothesisRow | undefined;
  if (!row)
    throw new AppError('not_found', `There is no hypothesis ${id}: it may have been replaced by a re-run.`);
  return row;
}

function incidentOf(db: Db, investigationId: number): string {
  return investigationRow(db, investigationId).incident_id;
}

function checkEvidence(db: Db, investigationId: number, evidenceId: number): void {
  const found = db
    .prepare(
      'SELECT 1 FROM evidence e JOIN findings f ON f.id = e.finding_id WHERE e.id = ? AND f.investigation_id = ?',
    )
    .get(evidenceId, investigationId);
  if (!found) {
    throw new AppError(
      'not_found',
      `Evidence ${evidenceId} is not part of this investigation: re-open it and try again.`,
    );
  }
}

const percent = (p: number) => `${Math.round(p * 100)} %`;

export function addHypothesis(
  db: Db,
  args: {
    investigationId: number;
    description: string;
    probability: number;
    service: string | null;
    evidenceIds: number[];
    testPlan: TestStep[];
  },
): Hypothesis {
  const incidentId = incidentOf(db, args.investigationId);
  for (const evidenceId of args.evidenceIds) checkEvidence(db, args.investigationId, evidenceId);
  const now = nowMicros();
  const id = db.transaction(() => {
    const inserted = Number(
      db
        .prepare(
          `INSERT INTO hypotheses (investigation_id, description, probability, base_probability, status, origin,
             service, rationale, test_plan, created_at, updated_at)
           VALUES (?, ?, ?, ?, 'untested', 'user', ?, '', ?, ?, ?)`,
        )
        .run(
          args.investigationId,
          args.description,
          args.probability,
          args.probability,
          args.service,
          JSON.stringify(args.testPlan),
          now,
          now,
        ).lastInsertRowid,
    );
    const link = db.prepare(
      "INSERT INTO hypothesis_evidence (hypothesis_id, evidence_id, stance, origin) VALUES (?, ?, 'supports', 'user')",
    );
    for (const evidenceId of args.evidenceIds) link.run(inserted, evidenceId);
    refreshProbabilities(db, args.investigationId);
    appendTimeline(db, {
      incidentId,
      ts: now,
      kind: 'hypothesis',
      title: `Hypothesis added: ${args.description}`,
      actor: currentActor(),
      ref: { type: 'hypothesis', id: inserted },
    });
    touchInvestigation(db, args.investigationId);
    return inserted;
  })();
  const stored = readInvestigation(db, args.investigationId).hypotheses.find((h) => h.id === id);
  if (!stored) throw new AppError('internal', 'The new hypothesis could not be read back.');
  return stored;
}

/**
 * Status, wording and probability changes, each on the timeline. Confirming a hypothesis makes it the
 * proposed root cause (the engineer can still rewrite it); confirming another replaces that proposal.
 */
export function updateHypothesis(
  db: Db,
  args: {
    hypothesisId: number;
    status?: HypothesisStatus;
    description?: string;
    probability?: number;
    note?: string;
  },
): Investigation {
  const row = hypothesisRow(db, args.hypothesisId);
  const incidentId = incidentOf(db, row.investigation_id);
  const now = nowMicros();
  const actor = currentActor();
  db.transaction(() => {
    const changes: string[] = [];
    if (args.description !== undefined && args.description !== row.description) {
      db.prepare('UPDATE hypotheses SET description = ? WHERE id = ?').run(args.description, row.id);
      changes.push(`reworded from "${row.description}"`);
    }
    if (args.probability !== undefined) {
      db.prepare('UPDATE hypotheses SET base_probability = ? WHERE id = ?').run(args.probability, row.id);
      refreshProbabilities(db, row.investigation_id);
      changes.push(`probability set to ${percent(args.probability)}`);
    }
    if (args.status !== undefined && args.status !== row.status) {
      db.prepare('UPDATE hypotheses SET status = ? WHERE id = ?').run(args.status, row.id);
      changes.push(`${row.status} → ${args.status}`);
      if (args.status === 'confirmed') {
        db.prepare(
          'UPDATE investigations SET root_cause_hypothesis_id = ?, root_cause = coalesce(root_cause, ?) WHERE id = ?',
        ).run(row.id, args.description ?? row.description, row.investigation_id);
      } else if (row.status === 'confirmed') {
        db.prepare(
          'UPDATE investigations SET root_cause_hypothesis_id = NULL WHERE id = ? AND root_cause_hypothesis_id = ?',
        ).run(row.investigation_id, row.id);
      }
    }
    if (changes.length === 0 && !args.note) return;
    db.prepare('UPDATE hypotheses SET updated_at = ? WHERE id = ?').run(now, row.id);
    const verb =
      args.status === 'confirmed' ? 'Confirmed' : args.status === 'refuted' ? 'Refuted' : 'Hypothesis';
    appendTimeline(db, {
      incidentId,
      ts: now,
      kind: 'hypothesis',
      title: `${verb}: ${args.description ?? row.description}`,
      body: [changes.join('; '), args.note ?? ''].filter(Boolean).join('\n\n') || null,
      actor,
      ref: { type: 'hypothesis', id: row.id },
    });
    touchInvestigation(db, row.investigation_id);
  })();
  return readInvestigation(db, row.investigation_id);
}

export function linkEvidence(
  db: Db,
  args: { hypothesisId: number; evidenceId: number; stance: 'supports' | 'refutes' | 'none' },
): Investigation {
  const row = hypothesisRow(db, args.hypothesisId);
  checkEvidence(db, row.investigation_id, args.evidenceId);
  const incidentId = incidentOf(db, row.investigation_id);
  const evidence = db.prepare('SELECT description FROM evidence WHERE id = ?').get(args.evidenceId) as {
    description: string;
  };
  db.transaction(() => {
    if (args.stance === 'none') {
      db.prepare('DELETE FROM hypothesis_evidence WHERE hypothesis_id = ? AND evidence_id = ?').run(
        row.id,
        args.evidenceId,
      );
    } else {
      db.prepare(
        `INSERT INTO hypothesis_evidence (hypothesis_id, evidence_id, stance, origin) VALUES (?, ?, ?, 'user')
         ON CONFLICT (hypothesis_id, evidence_id) DO UPDATE SET stance = excluded.stance, origin = 'user'`,
      ).run(row.id, args.evidenceId, args.stance);
    }
    refreshProbabilities(db, row.investigation_id);
    const after = db.prepare('SELECT probability FROM hypotheses WHERE id = ?').get(row.id) as {
      probability: number;
    };
    const action =
      args.stance === 'none'
        ? 'Evidence detached from'
        : args.stance === 'supports'
          ? 'Evidence supports'
          : 'Evidence refutes';
    appendTimeline(db, {
      incidentId,
      ts: nowMicros(),
      kind: 'hypothesis',
      title: `${action}: ${row.description}`,
      body: `${evidence.description}. Probability ${percent(row.probability)} → ${percent(after.probability)}.`,
      actor: currentActor(),
      ref: { type: 'evidence', id: args.evidenceId },
    });
    touchInvestigation(db, row.investigation_id);
  })();
  return readInvestigation(db, row.investigation_id);
}

export function setRootCause(
  db: Db,
  args: { investigationId: number; hypothesisId: number | null; text: string | null },
): Investigation {
  const incidentId = incidentOf(db, args.investigationId);
  let text = args.text;
  if (args.hypothesisId !== null) {
    const row = hypothesisRow(db, args.hypothesisId);
    if (row.investigation_id !== args.investigationId) {
      throw new AppError('invalid_args', `Hypothesis ${args.hypothesisId} belongs to another investigation.`);
    }
    text ??= row.description;
  }
  db.transaction(() => {
    db.prepare('UPDATE investigations SET root_cause = ?, root_cause_hypothesis_id = ? WHERE id = ?').run(
      text,
      args.hypothesisId,
      args.investigationId,
    );
    appendTimeline(db, {
      incidentId,
      ts: nowMicros(),
      kind: 'hypothesis',
      title: text ? `Root cause: ${text}` : 'Root cause cleared',
      actor: currentActor(),
      ref: args.hypothesisId === null ? null : { type: 'hypothesis', id: args.hypothesisId },
    });
    touchInvestigation(db, args.investigationId);
  })();
  return readInvestigation(db, args.investigationId);
}

export function setInvestigationStatus(
  db: Db,
  args: { investigationId: number; status: Investigation['status'] },
): Investigation {
  const row = investigationRow(db, args.investigationId);
  if (row.status !== args.status) {
    db.transaction(() => {
      db.prepare('UPDATE investigations SET status = ? WHERE id = ?').run(args.status, args.investigationId);
      appendTimeline(db, {
        incidentId: row.incident_id,
        ts: nowMicros(),
        kind: 'status',
        title: `Investigation ${row.status} → ${args.status}`,
        actor: currentActor(),
        ref: null,
      });
      touchInvestigation(db, args.investigationId);
    })();
  }
  return readInvestigation(db, args.investigationId);
}
