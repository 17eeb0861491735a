import type { Expectation, OutputCapture } from '../../../../shared/model/runbook';
import { firstJsonPath } from './jsonpath';
import type { MetricStats } from './query';

/** What a finished step produced, as expectations and output captures see it. */
export interface Observation {
  exitCode: number | null;
  status: number | null;
  text: string;
  /** The structured result (a query result), else the text parsed as JSON when it is JSON. */
  json: unknown;
  metric: MetricStats | null;
}

export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function compare(actual: unknown, op: string, expected: string | number | boolean | null): boolean {
  if (op === 'contains') {
    if (Array.isArray(actual)) return actual.some((item) => item === expected);
    return typeof actual === 'string' && actual.includes(String(expected));
  }
  if (op === '==' || op === '!=') {
    const equal =
      actual === expected ||
      (typeof expected === 'number' && typeof actual === 'string' && Number(actual) === expected) ||
      (typeof expected === 'string' && typeof actual === 'number' && String(actual) === expected);
    return op === '==' ? equal : !equal;
  }
  const a = typeof actual === 'number' ? actual : Number(actual);
  const e = Number(expected);
  if (actual === null || actual === undefined || Number.isNaN(a) || Number.isNaN(e)) return false;
  if (op === '>') return a > e;
  if (op === '>=') return a >= e;
  if (op === '<') return a < e;
  return a <= e;
}

/** The reasons an expectation failed; empty when it holds. */
export function evaluateExpectation(expect: Expectation, seen: Observation): string[] {
  const failures: string[] = [];
  if (expect.exit_code !== undefined && seen.exitCode !== expect.exit_code) {
    failures.push(`exit code ${seen.exitCode ?? 'none'}, expected ${expect.exit_code}`);
  }
  if (expect.status !== undefined && seen.status !== expect.status) {
    failures.push(`HTTP status ${seen.status ?? 'none'}, expected ${expect.status}`);
  }
  if (expect.contains !== undefined && !seen.text.includes(expect.contains)) {
    failures.push(`output does not contain "${expect.contains}"`);
  }
  if (expect.not_contains !== undefined && seen.text.includes(expect.not_contains)) {
    failures.push(`output contains "${expect.not_contains}"`);
  }
  if (expect.matches !== undefined && !new RegExp(expect.matches, 'm').test(seen.text)) {
    failures.push(`output does not match /${expect.matches}/`);
  }
  if (expect.jsonpath !== undefined) {
    const { path, op, value } = expect.jsonpath;
    const actual = seen.json === undefined ? undefined : firstJsonPath(seen.json, path);
    if (!compare(actual, op, value)) {
      failures.push(
        `${path} is ${JSON.stringify(actual) ?? 'missing'}, expected ${op} ${JSON.stringify(value)}`,
      );
    }
  }
  if (expect.metric !== undefined) {
    const { of, above, below } = expect.metric;
    const actual = seen.metric?.[of];
    if (actual === undefined) failures.push('no metric points in the window');
    else {
      if (above !== undefined && !(actual > above)) failures.push(`${of} ${actual} is not above ${above}`);
      if (below !== undefined && !(actual < below)) failures.push(`${of} ${actual} is not below ${below}`);
    }
  }
  return failures;
}

function captureText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The named values a step's `outputs` capture, for `{{steps.<id>.outputs.<name>}}`; misses are left out. */
export function captureOutputs(
  captures: readonly OutputCapture[],
  seen: Observation,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const capture of captures) {
    const value =
      'regex' in capture
        ? new RegExp(capture.regex, 'm').exec(seen.text)?.[capture.group]
        : captureText(seen.json === undefined ? undefined : firstJsonPath(seen.json, capture.jsonpath));
    if (value !== undefined) values[capture.name] = value;
  }
  return values;
}
