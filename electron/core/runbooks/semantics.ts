import type { Expectation, Runbook, RunbookStep } from '../../../shared/model/runbook';
import type { FieldPath, PlacedMessage } from './problems';
import { parseTemplate } from './template';

/** The incident fields a runbook may reference; the executor fills exactly these. */
export const incidentVariables = ['id', 'title', 'services', 'severity', 'started_at'] as const;

function compileError(source: string): string | null {
  try {
    new RegExp(source);
    return null;
  } catch (error) {
    return `not a valid regular expression (${error instanceof Error ? error.message : String(error)})`;
  }
}

function captureGroups(source: string): number {
  return (new RegExp(`${source}|`).exec('')?.length ?? 1) - 1;
}

/** What each step's template references may name: parameters, the incident, and steps before it. */
class Scope {
  private readonly params: Set<string>;
  private readonly earlier = new Map<string, Set<string>>();

  constructor(runbook: Runbook) {
    this.params = new Set(runbook.parameters.map((p) => p.name));
  }

  admit(step: RunbookStep): void {
    this.earlier.set(step.id, new Set(step.outputs.map((o) => o.name)));
  }

  explain(name: string): string | null {
    const [root, first, second, third, ...rest] = name.split('.');
    if (root === 'params') {
      if (first !== undefined && second === undefined && this.params.has(first)) return null;
      return `{{${name}}} names no declared parameter (declared: ${[...this.params].join(', ') || 'none'})`;
    }
    if (root === 'incident') {
      if (second === undefined && (incidentVariables as readonly string[]).includes(first ?? '')) return null;
      return `{{${name}}} is not an incident field (use ${incidentVariables.map((v) => `incident.${v}`).join(', ')})`;
    }
    if (root === 'steps') {
      const outputs = first === undefined ? undefined : this.earlier.get(first);
      if (outputs === undefined) return `{{${name}}} names no step before this one`;
      if (third === undefined && (second === 'exit_code' || second === 'stdout')) return null;
      if (second === 'outputs' && third !== undefined && rest.length === 0 && outputs.has(third)) return null;
      return `{{${name}}} is not captured by step ${first} (it captures: ${[...outputs].join(', ') || 'nothing'}; exit_code and stdout are always there)`;
    }
    return `{{${name}}} is unknown; variables start with params., incident. or steps.`;
  }
}

function checkTemplates(value: unknown, path: FieldPath, scope: Scope, out: PlacedMessage[]): void {
  if (typeof value === 'string') {
    for (const part of parseTemplate(value)) {
      if (part.kind === 'malformed') {
        out.push({ path, message: `${part.text} is not a template variable; write \\{{ for a literal {{` });
      } else if (part.kind === 'variable') {
        const problem = scope.explain(part.name);
        if (problem) out.push({ path, message: problem });
      }
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => checkTemplates(item, [...path, index], scope, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) checkTemplates(item, [...path, key], scope, out);
  }
}

function checkExpectation(
  expectation: Expectation,
  path: FieldPath,
  self: number,
  steps: readonly RunbookStep[],
  indexOf: ReadonlyMap<string, number>,
  out: PlacedMessage[],
): void {
  let target: RunbookStep | undefined = steps[self];
  if (expectation.step !== undefined) {
    const index = indexOf.get(expectation.step);
    if (index === undefined) {
      out.push({ path: [...path, 'step'], message: `no step has the id ${expectation.step}` });
      return;
    }
    if (index > self || (index === self && steps[self]?.type === 'check')) {
      out.push({ path: [...path, 'step'], message: `${expectation.step} must come before this step` });
      return;
    }
    target = steps[index];
  } else if (steps[self]?.type === 'check') {
    target = steps[self - 1];
    if (target === undefined) {
      out.push({
        path,
        message: 'a check without step: tests the step before it, and this is the first step',
      });
      return;
    }
  }
  if (expectation.matches !== undefined) {
    const error = compileError(expectation.matches);
    if (error) out.push({ path: [...path, 'matches'], message: error });
  }
  if (expectation.jsonpath !== undefined && !expectation.jsonpath.path.startsWith('$')) {
    out.push({ path: [...path, 'jsonpath', 'path'], message: 'a JSONPath starts with $' });
  }
  if (!target) return;
  if (expectation.exit_code !== undefined && target.type !== 'command') {
    out.push({
      path: [...path, 'exit_code'],
      message: `only a command step has an exit code (${target.id} is ${target.type})`,
    });
  }
  if (expectation.status !== undefined && target.type !== 'api_call') {
    out.push({
      path: [...path, 'status'],
      message: `only an api_call step has a status (${target.id} is ${target.type})`,
    });
  }
  if (expectation.metric !== undefined && !(target.type === 'query' && target.query.kind === 'metric')) {
    out.push({
      path: [...path, 'metric'],
      message: `only a metric query has values to compare (${target.id} is ${target.type})`,
    });
  }
}

function checkStepLinks(
  step: RunbookStep,
  index: number,
  steps: readonly RunbookStep[],
  indexOf: ReadonlyMap<string, number>,
  out: PlacedMessage[],
): void {
  const at: FieldPath = ['steps', index];
  const jump = (target: string, path: FieldPath) => {
    if (!indexOf.has(target)) out.push({ path, message: `no step has the id ${target}` });
    else if (target === step.id) out.push({ path, message: 'a step cannot lead to itself' });
  };
  if (typeof step.on_failure === 'object') jump(step.on_failure.goto, [...at, 'on_failure', 'goto']);
  if (step.type === 'decision') step.options.forEach((o, i) => jump(o.next, [...at, 'options', i, 'next']));
  if (step.expect) checkExpectation(step.expect, [...at, 'expect'], index, steps, indexOf, out);
  if (step.type === 'check') checkExpectation(step.check, [...at, 'check'], index, steps, indexOf, out);
}

function checkStepFields(step: RunbookStep, index: number, out: PlacedMessage[]): void {
  const at: FieldPath = ['steps', index];
  const names = new Set<string>();
  step.outputs.forEach((capture, i) => {
    if (names.has(capture.name))
      out.push({ path: [...at, 'outputs', i, 'name'], message: `${capture.name} is captured twice` });
    names.add(capture.name);
    if ('regex' in capture) {
      const error = compileError(capture.regex);
      if (error) out.push({ path: [...at, 'outputs', i, 'regex'], message: error });
      else if (capture.group > captureGroups(capture.regex)) {
        out.push({
          path: [...at, 'outputs', i, 'group'],
          message: `the regex has only ${captureGroups(capture.regex)} group(s)`,
        });
      }
    } else if (!capture.jsonpath.startsWith('$')) {
      out.push({ path: [...at, 'outputs', i, 'jsonpath'], message: 'a JSONPath starts with $' });
    }
  });
  if (step.type === 'command') {
    step.secret_env.forEach((name, i) => {
      if (!Object.hasOwn(step.env, name))
        out.push({ path: [...at, 'secret_env', i], message: `env has no ${name}` });
    });
  }
  if (step.type === 'api_call') {
    step.secret_headers.forEach((name, i) => {
      if (!Object.hasOwn(step.headers, name))
        out.push({ path: [...at, 'secret_headers', i], message: `headers has no ${name}` });
    });
  }
}

/** What the schema cannot say: references between steps, regexes, templates, parameter defaults. */
export function checkRunbookSemantics(runbook: Runbook): PlacedMessage[] {
  const out: PlacedMessage[] = [];
  const seenParams = new Set<string>();
  runbook.parameters.forEach((p, i) => {
    if (seenParams.has(p.name))
      out.push({ path: ['parameters', i, 'name'], message: `parameter ${p.name} is declared twice` });
    seenParams.add(p.name);
    if (p.default !== undefined && typeof p.default !== p.type) {
      out.push({
        path: ['parameters', i, 'default'],
        message: `the default must be a ${p.type}, like the parameter`,
      });
    }
  });
  const indexOf = new Map<string, number>();
  runbook.steps.forEach((step, i) => {
    if (indexOf.has(step.id))
      out.push({
        path: ['steps', i, 'id'],
        message: `${step.id} is already the id of steps[${indexOf.get(step.id)}]`,
      });
    else indexOf.set(step.id, i);
  });
  const scope = new Scope(runbook);
  const { steps, parameters, ...header } = runbook;
  checkTemplates(header, [], scope, out);
  parameters.forEach((p, i) => checkTemplates(p.description, ['parameters', i, 'description'], scope, out));
  steps.forEach((step, i) => {
    checkStepLinks(step, i, steps, indexOf, out);
    checkStepFields(step, i, out);
    checkTemplates(step, ['steps', i], scope, out);
    scope.admit(step);
  });
  return out;
}
