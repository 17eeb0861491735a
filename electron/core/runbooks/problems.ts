import type { z } from 'zod';

/** One thing wrong with a runbook file, placed where the author can fix it. */
export interface RunbookProblem {
  file: string;
  /** 1-based; 0 when the problem concerns the whole file. */
  line: number;
  /** 1-based; 0 when the problem concerns the whole file. */
  column: number;
  /** `steps[2].timeout`; empty for the file as a whole. */
  field: string;
  message: string;
}

export type FieldPath = readonly (string | number)[];

/** `steps[2].on_failure.goto`, the way a person reads it next to the YAML. */
export function formatField(path: FieldPath): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text === '' ? part : `.${part}`;
  }
  return text;
}

export function formatProblem(problem: RunbookProblem): string {
  const where = problem.line > 0 ? `${problem.file}:${problem.line}:${problem.column}` : problem.file;
  return problem.field ? `${where}: ${problem.field}: ${problem.message}` : `${where}: ${problem.message}`;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return 'text';
  return `a ${typeof value}`;
}

const expectedNames: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
};

function valueAt(root: unknown, path: FieldPath): unknown {
  let current = root;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[part];
  }
  return current;
}

export interface PlacedMessage {
  path: FieldPath;
  message: string;
  /** Placed on the key rather than its value: the key itself is what is wrong. */
  atKey?: boolean;
}

/**
 * Turns zod's issues into sentences for a runbook author. A union whose branches all failed is reported
 * through the branch that got furthest, since "Invalid input" alone does not say what to fix.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown): PlacedMessage[] {
  const placed: PlacedMessage[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    switch (issue.code) {
      case 'invalid_type': {
        const actual = valueAt(input, path);
        const expected = expectedNames[issue.expected] ?? issue.expected;
        placed.push({
          path,
          message:
            actual === undefined ? `required (${expected})` : `expected ${expected}, got ${typeName(actual)}`,
        });
        break;
      }
      case 'unrecognized_keys':
        for (const key of issue.keys)
          placed.push({ path: [...path, key], message: 'unknown field', atKey: true });
        break;
      case 'invalid_value':
        placed.push({ path, message: `use one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` });
        break;
      case 'invalid_union': {
        if ('discriminator' in issue && issue.discriminator) {
          const options = 'options' in issue && Array.isArray(issue.options) ? issue.options : [];
          const actual = valueAt(input, path);
          placed.push({
            path,
            message: `${actual === undefined ? 'required' : `unknown ${issue.discriminator} ${JSON.stringify(actual)}`}; use one of ${options.map(String).join(', ')}`,
          });
          break;
        }
        const branches = issue.errors.filter((branch) => branch.some((i) => i.code !== 'invalid_type'));
        if (branches.length > 0) {
          const nearest = branches.reduce((a, b) => (b.length < a.length ? b : a));
          placed.push(
            ...describeIssues(
              nearest.map((i) => ({ ...i, path: [...issue.path, ...i.path] })),
              input,
            ),
          );
        } else {
          placed.push({
            path,
            message: `expected ${describeUnionTypes(issue.errors)}, got ${typeName(valueAt(input, path))}`,
          });
        }
        break;
      }
      default:
        placed.push({ path, message: issue.message });
    }
  }
  return placed;
}

function describeUnionTypes(branches: readonly (readonly z.core.$ZodIssue[])[]): string {
  const names = new Set<string>();
  for (const branch of branches) {
    for (const issue of branch) {
      if (issue.code === 'invalid_type' && issue.path.length === 0)
        names.add(expectedNames[issue.expected] ?? issue.expected);
    }
  }
  return names.size > 0 ? [...names].join(' or ') : 'another kind of value';
}
