import type { RunbookStep } from '../../../../shared/model/runbook';
import type { Db } from '../../db/open';
import { AppError } from '../../errors';
import { runApiCall } from './api-call';
import { runCommand, type StreamName } from './command';
import { captureOutputs, evaluateExpectation, parseJsonOrUndefined, type Observation } from './expect';
import { defaultWindow, readIncident } from './incident-window';
import { runQuery, type QueryResult } from './query';
import type { Redactor } from './redact';
import type { RenderedStep } from './render';
import { readStepRuns, type RunRow, type StepOutputs, type StepRunRow } from './store';

/** What one step produced, ready to be stored as its result. */
export interface Outcome {
  status: 'succeeded' | 'failed' | 'cancelled' | 'skipped';
  exitCode: number | null;
  stdout: string | null;
  stderr: string | null;
  outputs: StepOutputs;
  note: string | null;
}

function queryObservation(query: QueryResult): Observation {
  return {
    exitCode: null,
    status: null,
    text: query.kind === 'logs' ? query.rows.map((r) => r.message).join('\n') : '',
    json: query,
    metric: query.kind === 'metric' ? query.stats : null,
  };
}

/** A recorded step as a later check step sees it. */
function observationOf(row: StepRunRow): Observation {
  // Stored by runLocalStep from a QueryResult; the column schema keeps it opaque.
  const query = row.outputs.query as QueryResult | undefined;
  if (query !== undefined) return queryObservation(query);
  const text = row.stdout ?? '';
  return {
    exitCode: row.exitCode,
    status: row.outputs.http?.status ?? null,
    text,
    json: parseJsonOrUndefined(text),
    metric: null,
  };
}

/** Runs a query over the cache, or a check against a recorded step: nothing outside the workspace is touched. */
export function runLocalStep(db: Db, run: RunRow, step: RunbookStep): Outcome {
  const base: Outcome = {
    status: 'succeeded',
    exitCode: null,
    stdout: null,
    stderr: null,
    outputs: { values: {}, failures: [] },
    note: null,
  };
  if (step.type === 'query') {
    const window = run.incidentId === null ? defaultWindow() : readIncident(db, run.incidentId).window;
    const query = runQuery(db, step.query, window);
    const seen = queryObservation(query);
    const failures = [
      ...(query.kind === 'logs' && query.error ? [query.error] : []),
      ...(step.expect ? evaluateExpectation(step.expect, seen) : []),
    ];
    return {
      ...base,
      status: failures.length === 0 ? 'succeeded' : 'failed',
      outputs: { values: captureOutputs(step.outputs, seen), failures, query },
    };
  }
  if (step.type === 'check') {
    const rows = readStepRuns(db, run.id).filter((r) => r.status === 'succeeded' || r.status === 'failed');
    const target =
      step.check.step === undefined ? rows.at(-1) : rows.findLast((r) => r.stepId === step.check.step);
    if (!target) {
      const failures = [`step ${step.check.step ?? '(previous)'} has not run, so there is nothing to check`];
      return { ...base, status: 'failed', outputs: { values: {}, failures } };
    }
    const seen = observationOf(target);
    const failures = evaluateExpectation(step.check, seen);
    return {
      ...base,
      status: failures.length === 0 ? 'succeeded' : 'failed',
      outputs: { values: captureOutputs(step.outputs, seen), failures },
    };
  }
  throw new AppError('internal', `Step ${step.id} (${step.type}) does not run by itself.`);
}

/** Runs a confirmed command; its chunks go to `onOutput` redacted, as they will be stored. */
export async function runCommandStep(
  step: RunbookStep,
  rendered: Extract<RenderedStep, { type: 'command' }>,
  redact: Redactor,
  signal: AbortSignal,
  onOutput: (stream: StreamName, text: string) => void,
): Promise<Outcome> {
  const result = await runCommand({
    ...rendered.exec,
    signal,
    onChunk: (stream, text) => onOutput(stream, redact(text)),
  });
  const stdout = redact(result.stdout);
  let stderr = redact(result.stderr);
  const seconds = (rendered.exec.timeoutMs / 1000).toString();
  if (result.timedOut) stderr += `\n[stopped: no result within the ${seconds} s timeout]`;
  if (result.spawnError !== null)
    stderr += `\n[could not start ${rendered.exec.shell}: ${result.spawnError}]`;
  const seen: Observation = {
    exitCode: result.exitCode,
    status: null,
    text: stdout,
    json: parseJsonOrUndefined(stdout),
    metric: null,
  };
  const failures = step.expect ? evaluateExpectation(step.expect, seen) : [];
  const exitOk = step.expect?.exit_code !== undefined || result.exitCode === 0;
  if (!exitOk) failures.unshift(`exit code ${result.exitCode ?? `none (${result.signal ?? 'killed'})`}`);
  const status = result.cancelled
    ? 'cancelled'
    : result.timedOut || failures.length > 0
      ? 'failed'
      : 'succeeded';
  return {
    status,
    exitCode: result.exitCode,
    stdout,
    stderr,
    outputs: {
      values: status === 'succeeded' ? captureOutputs(step.outputs, seen) : {},
      durationMs: result.durationMs,
      failures: result.timedOut ? ['timed out', ...failures] : failures,
    },
    note: null,
  };
}

/** Sends a confirmed request; status, headers and body are kept redacted. */
export async function runApiCallStep(
  step: RunbookStep,
  rendered: Extract<RenderedStep, { type: 'api_call' }>,
  redact: Redactor,
  signal: AbortSignal,
): Promise<Outcome> {
  const result = await runApiCall({ ...rendered.exec, signal });
  const headers = Object.fromEntries(Object.entries(result.headers).map(([k, v]) => [k, redact(v)]));
  const body = redact(result.body);
  const seen: Observation = {
    exitCode: null,
    status: result.status,
    text: body,
    json: parseJsonOrUndefined(body),
    metric: null,
  };
  const failures = step.expect ? evaluateExpectation(step.expect, seen) : [];
  if (result.error !== null) failures.unshift(result.timedOut ? 'timed out' : result.error);
  else if (step.expect?.status === undefined && (result.status ?? 0) >= 400) {
    failures.unshift(`HTTP status ${result.status}`);
  }
  const status = result.cancelled ? 'cancelled' : failures.length > 0 ? 'failed' : 'succeeded';
  return {
    status,
    exitCode: null,
    stdout: body,
    stderr: null,
    outputs: {
      values: status === 'succeeded' ? captureOutputs(step.outputs, seen) : {},
      durationMs: result.durationMs,
      failures: failures.map(redact),
      http: { status: result.status, headers },
      ...(result.error === null ? {} : { error: redact(result.error) }),
    },
    note: null,
  };
}
