import { z } from 'zod';
import {
  evidencePreview,
  evidenceRef,
  testStep,
  type AnalyzerRun,
  type Evidence,
  type Finding,
  type FindingDraft,
  type Hypothesis,
  type Investigation,
  type InvestigationStatus,
} from '../../../shared/model/investigation';
import { parseJsonColumn, stringArray } from '../db/json';
import type { Db } from '../db/open';
import { AppError } from '../errors';
import type { AnalysisWindow } from './analyzer';

export const nowMicros = (): number => Date.now() * 1000;

interface InvestigationRow {
  id: number;
  incident_id: string;
  status: InvestigationStatus;
  window_from: number;
  window_to: number;
  baseline_from: number | null;
  baseline_to: number | null;
  root_cause: string | null;
  root_cause_hypothesis_id: number | null;
  created_at: number;
  updated_at: number;
}

interface FindingRow {
  id: number;
  type: Finding['type'];
  analyzer: string;
  title: string;
  description: string;
  confidence: number;
  severity: Finding['severity'];
  service: string | null;
  tags: string;
  onset_ts: number | null;
}

interface EvidenceRow {
  id: number;
  finding_id: number | null;
  type: Evidence['type'];
  description: string;
  ref: string;
  ts_from: number | null;
  ts_to: number | null;
  preview: string | null;
}

interface HypothesisRow {
  id: number;
  description: string;
  probability: number;
  status: Hypothesis['status'];
  origin: Hypothesis['origin'];
  rule_id: string | null;
  service: string | null;
  rationale: string;
  test_plan: string;
  updated_at: number;
}

const testPlanColumn = z.array(testStep);
const linkRow = z.object({
  hypothesis_id: z.number(),
  evidence_id: z.number(),
  stance: z.enum(['supports', 'refutes']),
});

function toEvidence(row: EvidenceRow): Evidence | null {
  const ref = parseJsonColumn(evidenceRef.nullable(), row.ref, null);
  if (!ref) return null;
  return {
    id: row.id,
    findingId: row.finding_id,
    type: row.type,
    description: row.description,
    ref,
    from: row.ts_from,
    to: row.ts_to,
    preview: row.preview === null ? null : parseJsonColumn(evidencePreview.nullable(), row.preview, null),
  };
}

export function investigationRow(db: Db, id: number): InvestigationRow {
  const row = db.prepare('SELECT * FROM investigations WHERE id = ?').get(id) as InvestigationRow | undefined;
  if (!row) throw new AppError('not_found', `There is no investigation ${id} in this workspace.`);
  return row;
}

export function latestInvestigationId(db: Db, incidentId: string): number | null {
  const row = db
    .prepare('SELECT id FROM investigations WHERE incident_id = ? ORDER BY id DESC LIMIT 1')
    .get(incidentId) as { id: number } | undefined;
  return row?.id ?? null;
}

export function createInvestigation(db: Db, window: AnalysisWindow): number {
  const now = nowMicros();
  return Number(
    db
      .prepare(
        `INSERT INTO investigations (incident_id, status, window_from, window_to, baseline_from, baseline_to,
           created_at, updated_at) VALUES (?, 'active', ?, ?, ?, ?, ?, ?)`,
      )
      .run(window.incidentId, window.from, window.to, window.baselineFrom, window.baselineTo, now, now)
      .lastInsertRowid,
  );
}

export function readInvestigation(db: Db, id: number): Investigation {
  const row = investigationRow(db, id);
  const evidenceRows = db
    .prepare(
      `SELECT e.* FROM evidence e JOIN findings f ON f.id = e.finding_id WHERE f.investigation_id = ? ORDER BY e.id`,
    )
    .all(id) as EvidenceRow[];
  const evidenceByFinding = new Map<number, Evidence[]>();
  for (const evidenceRow of evidenceRows) {
    const item = toEvidence(evidenceRow);
    if (!item || item.findingId === null) continue;
    evidenceByFinding.set(item.findingId, [...(evidenceByFinding.get(item.findingId) ?? []), item]);
  }
  const findings: Finding[] = (
    db
      .prepare('SELECT * FROM findings WHERE investigation_id = ? ORDER BY confidence DESC, id')
      .all(id) as FindingRow[]
  ).map((f) => ({
    id: f.id,
    type: f.type,
    analyzer: f.analyzer,
    title: f.title,
    description: f.description,
    confidence: f.confidence,
    severity: f.severity,
    service: f.service,
    tags: parseJsonColumn(stringArray, f.tags, []),
    onset: f.onset_ts,
    evidence: evidenceByFinding.get(f.id) ?? [],
  }));
  const links = z.array(linkRow).parse(
    db
      .prepare(
        `SELECT he.hypothesis_id, he.evidence_id, he.stance FROM hypothesis_evidence he
           JOIN hypotheses h ON h.id = he.hypothesis_id WHERE h.investigation_id = ? ORDER BY he.evidence_id`,
      )
      .all(id),
  );
  const hypotheses: Hypothesis[] = (
    db
      .prepare('SELECT * FROM hypotheses WHERE investigation_id = ? ORDER BY probability DESC, id')
      .all(id) as HypothesisRow[]
  ).map((h) => ({
    id: h.id,
    description: h.description,
    probability: h.probability,
    status: h.status,
    origin: h.origin,
    ruleId: h.rule_id,
    service: h.service,
    rationale: h.rationale,
    testPlan: parseJsonColumn(testPlanColumn, h.test_plan, []),
    evidence: links
      .filter((link) => link.hypothesis_id === h.id)
      .map((link) => ({ evidenceId: link.evidence_id, stance: link.stance })),
    updatedAt: h.updated_at,
  }));
  const runs = db
    .prepare(
      'SELECT analyzer, title, findings, ms, error FROM analyzer_runs WHERE investigation_id = ? ORDER BY rowid',
    )
    .all(id) as AnalyzerRun[];
  return {
    id: row.id,
    incidentId: row.incident_id,
    status: row.status,
    window: { from: row.window_from, to: row.window_to },
    baseline: { from: row.baseline_from ?? row.window_from, to: row.baseline_to ?? row.window_from },
    rootCause: row.root_cause,
    rootCauseHypothesisId: row.root_cause_hypothesis_id,
    findings,
    hypotheses,
    runs,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Stores one finding and its evidence; returns the finding's id and its evidence ids in order. */
export function insertFinding(
  db: Db,
  investigationId: number,
  draft: FindingDraft,
): { id: number; evidenceIds: number[] } {
  const now = nowMicros();
  const id = Number(
    db
      .prepare(
        `INSERT INTO findings (investigation_id, type, analyzer, title, description, confidence, severity, service,
           tags, onset_ts, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        investigationId,
        draft.type,
        draft.analyzer,
        draft.title,
        draft.description,
        draft.confidence,
        draft.severity,
        draft.service,
        JSON.stringify(draft.tags),
        draft.onset,
        now,
      ).lastInsertRowid,
  );
  const insertEvidence = db.prepare(
    `INSERT INTO evidence (finding_id, type, description, ref, ts_from, ts_to, preview, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const evidenceIds = draft.evidence.map((item) =>
    Number(
      insertEvidence.run(
        id,
        item.type,
        item.description,
        JSON.stringify(item.ref),
        item.from,
        item.to,
        item.preview === null ? null : JSON.stringify(item.preview),
        now,
      ).lastInsertRowid,
    ),
  );
  return { id, evidenceIds };
}

export function touchInvestigation(db: Db, id: number): void {
  db.prepare('UPDATE investigations SET updated_at = ? WHERE id = ?').run(nowMicros(), id);
}
