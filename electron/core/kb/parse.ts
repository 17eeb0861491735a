import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { frontMatterSchemas, type KbDocument, type KbKind, type KbProblem } from './schema';

const MAX_FILE_CHARS = 512 * 1024;
const FENCE = /^---[ \t]*$/;
const CLOSING_FENCE = /^(---|\.\.\.)[ \t]*$/;

export type ParseResult = { ok: true; document: KbDocument } | { ok: false; problems: KbProblem[] };

interface FrontMatterSplit {
  yaml: string;
  body: string;
}

function splitFrontMatter(text: string): FrontMatterSplit | null {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (!FENCE.test(lines[0] ?? '')) return null;
  const close = lines.findIndex((line, index) => index > 0 && CLOSING_FENCE.test(line));
  if (close < 0) return null;
  return {
    yaml: lines.slice(1, close).join('\n'),
    body: lines
      .slice(close + 1)
      .join('\n')
      .trim(),
  };
}

function validate(kind: KbKind, path: string, body: string, data: unknown): KbDocument | z.core.$ZodIssue[] {
  if (kind === 'incident') {
    const parsed = frontMatterSchemas.incident.safeParse(data);
    return parsed.success ? { kind, path, body, fields: parsed.data } : parsed.error.issues;
  }
  if (kind === 'symptom') {
    const parsed = frontMatterSchemas.symptom.safeParse(data);
    return parsed.success ? { kind, path, body, fields: parsed.data } : parsed.error.issues;
  }
  const parsed = frontMatterSchemas.solution.safeParse(data);
  return parsed.success ? { kind, path, body, fields: parsed.data } : parsed.error.issues;
}

const fail = (file: string, line: number, field: string, message: string): ParseResult => ({
  ok: false,
  problems: [{ file, line, field, message }],
});

/**
 * Reads one knowledge-base file. Problems carry the line in the file (the front matter starts on line 2),
 * found from the YAML node of the offending field, or of its parent when the field is missing.
 */
export function parseKbFile(file: string, kind: KbKind, text: string): ParseResult {
  if (text.length > MAX_FILE_CHARS) {
    return fail(file, 1, '(file)', `is larger than ${MAX_FILE_CHARS / 1024} KiB; split it`);
  }
  const split = splitFrontMatter(text);
  if (!split) {
    return fail(file, 1, '(front matter)', 'the file must start with a "---" line and a closing "---" line');
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(split.yaml, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number) => lineCounter.linePos(offset).line + 1;
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => ({
        file,
        line: (error.linePos?.[0]?.line ?? 1) + 1,
        field: '(yaml)',
        message: error.message.split('\n')[0] ?? error.message,
      })),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (error) {
    return fail(file, 2, '(yaml)', error instanceof Error ? error.message : String(error));
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return fail(file, 2, '(front matter)', 'must be a mapping of field: value');
  }
  const parsed = validate(kind, file, split.body, data);
  if (!Array.isArray(parsed)) return { ok: true, document: parsed };
  return {
    ok: false,
    problems: parsed.map((issue) => {
      const path = issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key));
      const node = doc.getIn(path, true) ?? doc.getIn(path.slice(0, 1), true);
      const line = isNode(node) && node.range ? lineOf(node.range[0]) : 1;
      const field = path.length > 0 ? path.join('.') : '(front matter)';
      const message = issue.code === 'invalid_type' && node === undefined ? 'is required' : issue.message;
      return { file, line: path.length > 0 ? line : 1, field, message };
    }),
  };
}
