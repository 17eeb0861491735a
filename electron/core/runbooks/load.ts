import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { runbook as runbookSchema, type Runbook } from '../../../shared/model/runbook';
import { AppError, errorMessage } from '../errors';
import { describeIssues, formatField, formatProblem, type FieldPath, type RunbookProblem } from './problems';
import { checkRunbookSemantics } from './semantics';

/** Far above any hand-written runbook; keeps a stray binary or log file from being parsed as one. */
export const MAX_RUNBOOK_BYTES = 1 << 20;

interface Position {
  line: number;
  column: number;
}

/**
 * The start of the deepest YAML node on the path. A missing key is placed on the mapping that should hold
 * it, an unknown key on the key itself.
 */
function locate(doc: Document, path: FieldPath, lines: LineCounter): Position {
  let node: unknown = doc.contents;
  let offset = isNode(node) ? (node.range?.[0] ?? 0) : 0;
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(part),
      );
      if (!pair) break;
      const key = pair.key;
      if (isNode(pair.value) && pair.value.range) {
        offset = pair.value.range[0];
        node = pair.value;
      } else {
        if (isNode(key) && key.range) offset = key.range[0];
        node = pair.value;
      }
    } else if (isSeq(node) && typeof part === 'number') {
      const item: unknown = node.items[part];
      if (!isNode(item) || !item.range) break;
      offset = item.range[0];
      node = item;
    } else {
      break;
    }
  }
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

/** An unknown key is best shown at the key, not at its value. */
function locateKey(doc: Document, path: FieldPath, lines: LineCounter): Position | null {
  const parent = doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return null;
  const pair = parent.items.find(
    (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(path.at(-1)),
  );
  if (!pair || !isNode(pair.key) || !pair.key.range) return null;
  const { line, col } = lines.linePos(pair.key.range[0]);
  return { line, column: col };
}

function inFileOrder(problems: RunbookProblem[]): RunbookProblem[] {
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

export interface RunbookCheck {
  runbook: Runbook | null;
  problems: RunbookProblem[];
}

/** Parses and validates one runbook's text; every problem found, each with its line and field. */
export function checkRunbookText(text: string, fileName: string): RunbookCheck {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      runbook: null,
      problems: doc.errors.map((error) => {
        const pos = lines.linePos(error.pos[0]);
        return {
          file: fileName,
          line: pos.line,
          column: pos.col,
          field: '',
          message: `YAML: ${error.message.split('\n')[0]}`,
        };
      }),
    };
  }
  const input: unknown = doc.toJS({ maxAliasCount: 100 });
  const place = (path: FieldPath, message: string, atKey = false): RunbookProblem => {
    const pos = (atKey ? locateKey(doc, path, lines) : null) ?? locate(doc, path, lines);
    return { file: fileName, line: pos.line, column: pos.column, field: formatField(path), message };
  };
  const parsed = runbookSchema.safeParse(input);
  if (!parsed.success) {
    return {
      runbook: null,
      problems: inFileOrder(
        describeIssues(parsed.error.issues, input).map((p) => place(p.path, p.message, p.atKey)),
      ),
    };
  }
  const problems = checkRunbookSemantics(parsed.data).map((p) => place(p.path, p.message));
  return { runbook: problems.length === 0 ? parsed.data : null, problems: inFileOrder(problems) };
}

export function validateRunbookText(text: string, fileName: string): RunbookProblem[] {
  return checkRunbookText(text, fileName).problems;
}

export interface LoadedRunbook {
  runbook: Runbook;
  /** sha256 of the file's bytes, hex: what a person trusted and what a run recorded. */
  hash: string;
  /** The file's text as read. */
  source: string;
}

export function readRunbookBytes(file: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new AppError('not_found', `Cannot read runbook ${file}: ${errorMessage(error)}.`);
  }
  if (bytes.length > MAX_RUNBOOK_BYTES) {
    throw new AppError(
      'invalid_args',
      `${file}: ${bytes.length} bytes is too large for a runbook (at most ${MAX_RUNBOOK_BYTES}).`,
    );
  }
  return bytes;
}

export function decodeRunbook(
  bytes: Buffer,
  file: string,
): { source: string; hash: string; check: RunbookCheck } {
  const source = bytes.toString('utf8');
  const hash = createHash('sha256').update(bytes).digest('hex');
  return { source, hash, check: checkRunbookText(source, file) };
}

/** Reads and validates a runbook file; throws one AppError listing every problem. */
export function loadRunbookFile(file: string): LoadedRunbook {
  const { source, hash, check } = decodeRunbook(readRunbookBytes(file), file);
  if (!check.runbook) throw new AppError('invalid_args', check.problems.map(formatProblem).join('\n'));
  return { runbook: check.runbook, hash, source };
}
