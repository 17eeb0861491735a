import { AppError } from '../errors';

/**
 * Runbook templating: `{{params.namespace}}`, `{{incident.services}}`, `{{steps.usage.outputs.mount}}`.
 * `\{{` stands for a literal `{{` so that go-templates (`kubectl -o go-template`) can be written.
 */

export type TemplateValue = string | number | boolean | null | readonly string[] | TemplateContext;
export interface TemplateContext {
  readonly [name: string]: TemplateValue | undefined;
}

export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'variable'; name: string; offset: number }
  | { kind: 'malformed'; text: string; offset: number };

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/;

/** Splits a string into literal text and `{{ ... }}` references, keeping where each reference starts. */
export function parseTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('\\{{', i)) {
      literal += '{{';
      i += 3;
      continue;
    }
    if (!text.startsWith('{{', i)) {
      literal += text[i];
      i += 1;
      continue;
    }
    const end = text.indexOf('}}', i + 2);
    if (literal) parts.push({ kind: 'text', text: literal });
    literal = '';
    if (end < 0) {
      parts.push({ kind: 'malformed', text: text.slice(i), offset: i });
      return parts;
    }
    const name = text.slice(i + 2, end).trim();
    parts.push(
      VARIABLE.test(name)
        ? { kind: 'variable', name, offset: i }
        : { kind: 'malformed', text: text.slice(i, end + 2), offset: i },
    );
    i = end + 2;
  }
  if (literal) parts.push({ kind: 'text', text: literal });
  return parts;
}

function lookup(context: TemplateContext, name: string): TemplateValue | undefined {
  let current: TemplateValue | undefined = context;
  for (const segment of name.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    const record: TemplateContext = current as TemplateContext;
    if (!Object.hasOwn(record, segment)) return undefined;
    current = record[segment];
  }
  return current;
}

function show(name: string, value: TemplateValue | undefined): string {
  if (value === undefined) throw new AppError('invalid_args', `Unknown template variable {{${name}}}.`);
  if (value === null) return '';
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'object') {
    throw new AppError(
      'invalid_args',
      `Template variable {{${name}}} is a group of values; name one of them.`,
    );
  }
  return String(value);
}

/** Substitutes every reference; an unknown variable throws rather than turning into an empty string. */
export function renderTemplate(text: string, context: TemplateContext): string {
  let out = '';
  for (const part of parseTemplate(text)) {
    if (part.kind === 'text') out += part.text;
    else if (part.kind === 'variable') out += show(part.name, lookup(context, part.name));
    else
      throw new AppError(
        'invalid_args',
        `${part.text} is not a template variable; write \\{{ for a literal {{.`,
      );
  }
  return out;
}
