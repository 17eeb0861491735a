import fs from 'node:fs';
import path from 'node:path';
import type { Runbook } from '../../../shared/model/runbook';
import type { runbookMethods, RunbookSummary } from '../../../shared/methods/runbooks';
import type { Handlers } from '../api/dispatch';
import { parseJsonColumn, stringArray } from '../db/json';
import type { Db } from '../db/open';
import { AppError, errorMessage } from '../errors';
import type { RunEvent } from './executor/engine';
import { createRunbookService } from './executor/service';
import { readRun } from './executor/store';
import { isTrusted } from './executor/trust';
import { listRunbooks, type ListedRunbook } from './list';
import { decodeRunbook, readRunbookBytes } from './load';

export type RunbookHandlers = Pick<Handlers, keyof typeof runbookMethods>;

export interface RunbookHandlerOptions {
  /** Folders whose runbooks are listed and trusted as they are, shipped ones first. */
  runbookDirs: readonly string[];
  emit: (event: RunEvent) => void;
}

/**
 * The runbooks shipped with the app: the bundles (dist/cli/iwb.cjs, dist/electron/main.cjs) sit two levels
 * below the package root; from the sources or an unusual layout, the working directory's runbooks/.
 */
export function shippedRunbooksDir(): string | null {
  const candidates = [
    path.resolve(__dirname, '..', '..', 'runbooks'),
    path.resolve(process.cwd(), 'runbooks'),
  ];
  return (
    candidates.find((dir) => fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? false) ?? null
  );
}

/** The shipped runbooks plus the ones the team keeps beside the workspace file. */
export function runbookDirsFor(workspaceFile: string): string[] {
  const shipped = shippedRunbooksDir();
  return [...(shipped ? [shipped] : []), path.join(path.dirname(workspaceFile), 'runbooks')];
}

interface IncidentSignals {
  services: Set<string>;
  alerts: Set<string>;
  findingTags: Set<string>;
}

function incidentSignals(db: Db, incidentId: string): IncidentSignals {
  const incident = db.prepare('SELECT services FROM incidents WHERE id = ?').get(incidentId) as
    { services: string } | undefined;
  if (!incident) throw new AppError('not_found', `There is no incident ${incidentId} in this workspace.`);
  const alerts = db
    .prepare('SELECT DISTINCT alertname FROM alerts WHERE incident_id = ?')
    .all(incidentId) as { alertname: string }[];
  const findings = db
    .prepare(
      `SELECT f.tags FROM findings f
       WHERE f.investigation_id = (SELECT MAX(id) FROM investigations WHERE incident_id = ?)`,
    )
    .all(incidentId) as { tags: string }[];
  return {
    services: new Set(parseJsonColumn(stringArray, incident.services, [])),
    alerts: new Set(alerts.map((a) => a.alertname)),
    findingTags: new Set(findings.flatMap((f) => parseJsonColumn(stringArray, f.tags, []))),
  };
}

function suggestionReasons(runbook: Runbook, signals: IncidentSignals): string[] {
  return [
    ...runbook.triggers.alerts.filter((a) => signals.alerts.has(a)).map((a) => `alert ${a}`),
    ...runbook.triggers.tags.filter((t) => signals.findingTags.has(t)).map((t) => `finding tag ${t}`),
    ...runbook.triggers.services.filter((s) => signals.services.has(s)).map((s) => `service ${s}`),
  ];
}

function summarize(listed: ListedRunbook, trusted: boolean, signals: IncidentSignals | null): RunbookSummary {
  const runbook = listed.runbook;
  const stepTypes: RunbookSummary['stepTypes'] = {};
  for (const step of runbook?.steps ?? []) stepTypes[step.type] = (stepTypes[step.type] ?? 0) + 1;
  const reasons = runbook && signals ? suggestionReasons(runbook, signals) : [];
  return {
    id: runbook?.id ?? path.basename(listed.file),
    title: runbook?.title ?? path.basename(listed.file),
    description: runbook?.description ?? '',
    owner: runbook?.owner ?? '',
    tags: runbook?.tags ?? [],
    triggers: runbook?.triggers ?? { tags: [], alerts: [], services: [] },
    parameters: runbook?.parameters ?? [],
    stepCount: runbook?.steps.length ?? 0,
    stepTypes,
    file: listed.file,
    trusted,
    problems: listed.problems,
    suggested: reasons.length > 0 ? { reasons } : null,
  };
}

function readListed(file: string): ListedRunbook {
  try {
    const { hash, check } = decodeRunbook(readRunbookBytes(file), file);
    return { file, runbook: check.runbook, hash, problems: check.problems };
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') throw error;
    return {
      file,
      runbook: null,
      hash: null,
      problems: [{ file, line: 0, column: 0, field: '', message: errorMessage(error) }],
    };
  }
}

export function createRunbookHandlers(db: Db, options: RunbookHandlerOptions): RunbookHandlers {
  const service = createRunbookService(db, { runbookDirs: options.runbookDirs, onEvent: options.emit });
  service.resume();

  const trustedFile = (listed: ListedRunbook): boolean =>
    listed.runbook !== null &&
    listed.hash !== null &&
    isTrusted(db, listed.runbook.id, listed.hash, listed.file, options.runbookDirs);
  const signalsFor = (incidentId: string | undefined) =>
    incidentId === undefined ? null : incidentSignals(db, incidentId);

  return {
    listRunbooks: ({ incidentId }) => {
      const signals = signalsFor(incidentId);
      const summaries = options.runbookDirs
        .flatMap((dir) => listRunbooks(dir))
        .map((listed) => summarize(listed, trustedFile(listed), signals));
      const weight = (s: RunbookSummary) => s.suggested?.reasons.length ?? 0;
      return summaries.sort((a, b) => weight(b) - weight(a) || a.title.localeCompare(b.title));
    },
    getRunbook: ({ file, incidentId }) => {
      const listed = readListed(path.resolve(file));
      return { ...summarize(listed, trustedFile(listed), signalsFor(incidentId)), runbook: listed.runbook };
    },
    startRunbookRun: ({ file, incidentId, params }) =>
      service.startRun({ source: path.resolve(file), incidentId, params }),
    getRunbookRun: (args) => service.getRun(args),
    listRunbookRuns: ({ incidentId, limit }) => {
      const rows = (
        incidentId === undefined
          ? db.prepare('SELECT id FROM runbook_runs ORDER BY started_at DESC, id DESC LIMIT ?').all(limit)
          : db
              .prepare(
                'SELECT id FROM runbook_runs WHERE incident_id = ? ORDER BY started_at DESC, id DESC LIMIT ?',
              )
              .all(incidentId, limit)
      ) as { id: number }[];
      return rows.map((row) => readRun(db, row.id));
    },
    confirmRunbookStep: (args) => service.confirmStep(args),
    runSafeRunbookSteps: (args) => service.runSafeSteps(args),
    completeManualStep: (args) => service.completeManual(args),
    chooseRunbookOption: (args) => service.chooseOption(args),
    skipRunbookStep: (args) => service.skipStep(args),
    cancelRunbookRun: (args) => service.cancelRun(args),
    trustRunbook: (args) => service.trust(args),
  };
}
