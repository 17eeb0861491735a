import type { HypothesisRule } from '../../../shared/methods/investigation';
import type { AnalyzerRun, FindingDraft, Investigation } from '../../../shared/model/investigation';
import { parseJsonColumn, stringArray } from '../db/json';
import type { Db } from '../db/open';
import { AppError, errorMessage } from '../errors';
import { appendTimeline } from '../incidents/timeline';
import type { AnalysisWindow, Analyzer } from './analyzer';
import { defaultAnalyzers } from './analyzers';
import { loadHypothesisRules } from './hypotheses/rules';
import {
  proposeHypotheses,
  withLinkedEvidence,
  type FindingForRules,
  type Proposal,
} from './hypotheses/propose';
import {
  createInvestigation,
  insertFinding,
  latestInvestigationId,
  nowMicros,
  readInvestigation,
} from './store';

const MINUTE = 60_000_000;
/** Problems usually start a little before anyone opens an incident. */
const LEAD = 30 * MINUTE;
/** An incident left open for days is investigated over its most recent half day. */
const LONGEST_WINDOW = 12 * 60 * MINUTE;
/**
 * Only the surest findings make it onto the timeline, so the story of the incident stays readable; the rest
 * stay on the Investigation screen.
 */
const TIMELINE_CONFIDENCE = 0.8;
const TIMELINE_FINDINGS = 20;

export interface InvestigationProgress {
  analyzer: string;
  done: number;
  total: number;
}

export function analysisWindow(db: Db, incidentId: string, now = nowMicros()): AnalysisWindow {
  const incident = db
    .prepare('SELECT started_at, resolved_at, services FROM incidents WHERE id = ?')
    .get(incidentId) as { started_at: number; resolved_at: number | null; services: string } | undefined;
  if (!incident) throw new AppError('not_found', `There is no incident '${incidentId}' in this workspace.`);
  const to = Math.max(incident.resolved_at ?? now, incident.started_at);
  const from = Math.max(incident.started_at - LEAD, to - LONGEST_WINDOW);
  const length = to - from;
  return {
    incidentId,
    from,
    to,
    baselineFrom: from - length,
    baselineTo: from - 1,
    services: parseJsonColumn(stringArray, incident.services, []),
  };
}

interface AnalyzerOutcome {
  run: AnalyzerRun;
  findings: FindingDraft[];
}

/** Runs one analyzer; a failure becomes that analyzer's error on the record, never the whole run's. */
function runAnalyzer(db: Db, analyzer: Analyzer, window: AnalysisWindow): AnalyzerOutcome {
  const warnings: string[] = [];
  const started = performance.now();
  try {
    const findings = analyzer.run({ db, window, warn: (message) => warnings.push(message) });
    return {
      findings,
      run: {
        analyzer: analyzer.id,
        title: analyzer.title,
        findings: findings.length,
        ms: Math.round(performance.now() - started),
        error: warnings.length > 0 ? warnings.join('; ') : null,
      },
    };
  } catch (error) {
    return {
      findings: [],
      run: {
        analyzer: analyzer.id,
        title: analyzer.title,
        findings: 0,
        ms: Math.round(performance.now() - started),
        error: `failed: ${errorMessage(error)}`,
      },
    };
  }
}

interface SavedLink {
  hypothesisId: number;
  type: string;
  ref: string;
  stance: 'supports' | 'refutes';
}

/**
 * Replaces the previous run's findings while keeping what people did with them: hypotheses someone moved
 * out of "untested" or wrote themselves stay, and evidence they linked by hand is linked again to the same
 * rows in the new run.
 */
function storeRun(
  db: Db,
  investigationId: number,
  window: AnalysisWindow,
  outcomes: AnalyzerOutcome[],
  rules: readonly HypothesisRule[],
): { proposals: Proposal[]; created: Map<string, number> } {
  const userLinks = db
    .prepare(
      `SELECT he.hypothesis_id AS hypothesisId, e.type, e.ref, he.stance FROM hypothesis_evidence he
       JOIN evidence e ON e.id = he.evidence_id JOIN hypotheses h ON h.id = he.hypothesis_id
       WHERE h.investigation_id = ? AND he.origin = 'user'`,
    )
    .all(investigationId) as SavedLink[];
  db.prepare('DELETE FROM findings WHERE investigation_id = ?').run(investigationId);
  db.prepare('DELETE FROM analyzer_runs WHERE investigation_id = ?').run(investigationId);
  db.prepare(
    'UPDATE investigations SET window_from = ?, window_to = ?, baseline_from = ?, baseline_to = ?, updated_at = ? WHERE id = ?',
  ).run(window.from, window.to, window.baselineFrom, window.baselineTo, nowMicros(), investigationId);

  const forRules: FindingForRules[] = [];
  const insertRun = db.prepare(
    'INSERT INTO analyzer_runs (investigation_id, analyzer, title, findings, ms, error, ran_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  for (const outcome of outcomes) {
    insertRun.run(
      investigationId,
      outcome.run.analyzer,
      outcome.run.title,
      outcome.run.findings,
      outcome.run.ms,
      outcome.run.error,
      nowMicros(),
    );
    for (const draft of outcome.findings) {
      const { id, evidenceIds } = insertFinding(db, investigationId, draft);
      forRules.push({ ...draft, id, evidenceIds });
    }
  }

  const proposals = proposeHypotheses(rules, forRules);
  const created = upsertProposals(db, investigationId, proposals);
  const relink = db.prepare(
    `INSERT OR REPLACE INTO hypothesis_evidence (hypothesis_id, evidence_id, stance, origin)
     SELECT ?, e.id, ?, 'user' FROM evidence e JOIN findings f ON f.id = e.finding_id
     WHERE f.investigation_id = ? AND e.type = ? AND e.ref = ? LIMIT 1`,
  );
  for (const link of userLinks)
    relink.run(link.hypothesisId, link.stance, investigationId, link.type, link.ref);
  refreshProbabilities(db, investigationId);
  return { proposals, created };
}

/** Rule hypotheses are matched to earlier ones by rule and service, so a re-run updates rather than duplicates. */
function upsertProposals(
  db: Db,
  investigationId: number,
  proposals: readonly Proposal[],
): Map<string, number> {
  const now = nowMicros();
  const existing = db
    .prepare(
      "SELECT id, rule_id AS ruleId, service, status FROM hypotheses WHERE investigation_id = ? AND origin = 'rule'",
    )
    .all(investigationId) as { id: number; ruleId: string; service: string | null; status: string }[];
  const key = (ruleId: string, service: string | null) => `${ruleId}\u0000${service ?? ''}`;
  const byKey = new Map(existing.map((row) => [key(row.ruleId, row.service), row]));
  const created = new Map<string, number>();
  const kept = new Set<number>();
  const link = db.prepare(
    "INSERT OR IGNORE INTO hypothesis_evidence (hypothesis_id, evidence_id, stance, origin) VALUES (?, ?, 'supports', 'rule')",
  );
  for (const proposal of proposals) {
    const previous = byKey.get(key(proposal.ruleId, proposal.service));
    let id: number;
    if (previous) {
      id = previous.id;
      db.prepare(
        'UPDATE hypotheses SET base_probability = ?, rationale = ?, test_plan = ?, updated_at = ? WHERE id = ?',
      ).run(proposal.probability, proposal.rationale, JSON.stringify(proposal.testPlan), now, id);
    } else {
      id = Number(
        db
          .prepare(
            `INSERT INTO hypotheses (investigation_id, description, probability, base_probability, status, origin,
               rule_id, service, rationale, test_plan, created_at, updated_at)
             VALUES (?, ?, ?, ?, 'untested', 'rule', ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            investigationId,
            proposal.description,
            proposal.probability,
            proposal.probability,
            proposal.ruleId,
            proposal.service,
            proposal.rationale,
            JSON.stringify(proposal.testPlan),
            now,
            now,
          ).lastInsertRowid,
      );
      created.set(proposal.description, id);
    }
    kept.add(id);
    for (const evidenceId of proposal.evidenceIds) link.run(id, evidenceId);
  }
  for (const row of existing) {
    if (!kept.has(row.id) && row.status === 'untested')
      db.prepare('DELETE FROM hypotheses WHERE id = ?').run(row.id);
  }
  return created;
}

/** Every hypothesis's probability from its base and the evidence people attached by hand. */
export function refreshProbabilities(db: Db, investigationId: number): void {
  const hypotheses = db
    .prepare('SELECT id, probability, base_probability AS base FROM hypotheses WHERE investigation_id = ?')
    .all(investigationId) as { id: number; probability: number; base: number | null }[];
  const links = db.prepare(
    `SELECT he.stance, f.confidence FROM hypothesis_evidence he JOIN evidence e ON e.id = he.evidence_id
     JOIN findings f ON f.id = e.finding_id WHERE he.hypothesis_id = ? AND he.origin = 'user'`,
  );
  const update = db.prepare('UPDATE hypotheses SET probability = ? WHERE id = ?');
  for (const hypothesis of hypotheses) {
    const base = hypothesis.base ?? hypothesis.probability;
    const userLinks = links.all(hypothesis.id) as { stance: 'supports' | 'refutes'; confidence: number }[];
    update.run(userLinks.length > 0 ? withLinkedEvidence(base, userLinks) : base, hypothesis.id);
  }
}

function recordOnTimeline(db: Db, investigation: Investigation, created: Map<string, number>): void {
  db.prepare(
    "DELETE FROM incident_events WHERE incident_id = ? AND kind = 'finding' AND actor = 'investigation'",
  ).run(investigation.incidentId);
  const onTimeline = investigation.findings
    .filter((finding) => finding.onset !== null && finding.confidence >= TIMELINE_CONFIDENCE)
    .slice(0, TIMELINE_FINDINGS);
  for (const finding of onTimeline) {
    if (finding.onset === null) continue;
    appendTimeline(db, {
      incidentId: investigation.incidentId,
      ts: finding.onset,
      kind: 'finding',
      title: finding.title,
      body: finding.description,
      actor: 'investigation',
      ref: { type: 'finding', id: finding.id },
    });
  }
  const now = nowMicros();
  for (const hypothesis of investigation.hypotheses) {
    if (!created.has(hypothesis.description)) continue;
    appendTimeline(db, {
      incidentId: investigation.incidentId,
      ts: now,
      kind: 'hypothesis',
      title: `Proposed: ${hypothesis.description} (${Math.round(hypothesis.probability * 100)} %)`,
      body: hypothesis.rationale,
      actor: 'investigation',
      ref: { type: 'hypothesis', id: hypothesis.id },
    });
  }
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs every analyzer over the incident's window, stores the findings and proposes hypotheses. Analyzers run
 * one at a time with a pause between them, so the host keeps answering and progress reaches the screen.
 */
export async function runInvestigation(
  db: Db,
  incidentId: string,
  options: {
    analyzers?: readonly Analyzer[];
    onProgress?: (progress: InvestigationProgress) => void;
    now?: number;
  } = {},
): Promise<Investigation> {
  const window = analysisWindow(db, incidentId, options.now);
  const analyzers = options.analyzers ?? defaultAnalyzers;
  const { rules } = loadHypothesisRules(db);
  const outcomes: AnalyzerOutcome[] = [];
  for (const [index, analyzer] of analyzers.entries()) {
    options.onProgress?.({ analyzer: analyzer.title, done: index, total: analyzers.length });
    await nextTick();
    outcomes.push(runAnalyzer(db, analyzer, window));
  }
  options.onProgress?.({ analyzer: 'Hypotheses', done: analyzers.length, total: analyzers.length });
  const investigation = db.transaction(() => {
    const id = latestInvestigationId(db, incidentId) ?? createInvestigation(db, window);
    const { created } = storeRun(db, id, window, outcomes, rules);
    const stored = readInvestigation(db, id);
    recordOnTimeline(db, stored, created);
    return stored;
  })();
  return investigation;
}
