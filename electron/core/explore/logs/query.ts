import { logLevels, type LogLevel } from '../../db/writers/logs';

/**
 * The log search language: words, "phrases", prefix*, AND / OR / NOT (juxtaposition is AND), parentheses,
 * `-word` as NOT, and field filters `service:checkout`, `level:warn,error`, `trace:<id>`. Text becomes an FTS5
 * MATCH expression in which every term is double-quoted, so nothing a person types reaches FTS5 as syntax;
 * anything we cannot express comes back as a message with the character position it is about.
 */

export interface QueryError {
  message: string;
  position: number;
}

export const queryFields = ['service', 'level', 'trace'] as const;
export type QueryField = (typeof queryFields)[number];

export type QueryNode =
  | { kind: 'term'; text: string; phrase: boolean; prefix: boolean; position: number }
  | { kind: 'field'; field: QueryField; values: string[]; position: number }
  | { kind: 'and'; children: QueryNode[]; position: number }
  | { kind: 'or'; children: QueryNode[]; position: number }
  | { kind: 'not'; child: QueryNode; position: number };

export interface FieldFilter {
  field: QueryField;
  values: string[];
  negate: boolean;
}

export interface CompiledQuery {
  /** FTS5 MATCH text the hits must match; null when the query has no positive text. */
  match: string | null;
  /** FTS5 MATCH text the hits must not match; only set when there is no positive text to subtract it from. */
  exclude: string | null;
  filters: FieldFilter[];
}

export type CompileResult = { ok: true; query: CompiledQuery } | { ok: false; error: QueryError };

class QuerySyntaxError extends Error {
  readonly position: number;

  constructor(message: string, position: number) {
    super(message);
    this.position = position;
  }
}

type Token =
  | { kind: 'lparen' | 'rparen' | 'and' | 'or' | 'not' | 'minus'; position: number }
  | { kind: 'word'; text: string; position: number }
  | { kind: 'phrase'; text: string; position: number }
  | { kind: 'field'; field: QueryField; value: string; position: number };

const MAX_DEPTH = 32;
const keywords = new Map<string, 'and' | 'or' | 'not'>([
  ['AND', 'and'],
  ['OR', 'or'],
  ['NOT', 'not'],
]);
const levelAliases = new Map<string, LogLevel>([
  ['warning', 'warn'],
  ['err', 'error'],
  ['critical', 'fatal'],
]);

function isBreak(char: string): boolean {
  return /\s/.test(char) || char === '(' || char === ')' || char === '"';
}

function isQueryField(name: string): name is QueryField {
  return (queryFields as readonly string[]).includes(name);
}

function readPhrase(text: string, start: number): { value: string; end: number } {
  const close = text.indexOf('"', start + 1);
  if (close < 0) throw new QuerySyntaxError('This quote is never closed: add a closing ".', start);
  return { value: text.slice(start + 1, close), end: close + 1 };
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (/\s/.test(char)) {
      i++;
    } else if (char === '(' || char === ')') {
      tokens.push({ kind: char === '(' ? 'lparen' : 'rparen', position: i });
      i++;
    } else if (char === '"') {
      const { value, end } = readPhrase(text, i);
      tokens.push({ kind: 'phrase', text: value, position: i });
      i = end;
    } else if (char === '-' && i + 1 < text.length && !isBreak(text[i + 1]!)) {
      tokens.push({ kind: 'minus', position: i });
      i++;
    } else {
      const start = i;
      while (i < text.length && !isBreak(text[i]!)) i++;
      const word = text.slice(start, i);
      const keyword = keywords.get(word);
      const colon = word.indexOf(':');
      const name = colon > 0 ? word.slice(0, colon).toLowerCase() : '';
      if (keyword) {
        tokens.push({ kind: keyword, position: start });
      } else if (isQueryField(name)) {
        let value = word.slice(colon + 1);
        if (value === '' && text[i] === '"') {
          const phrase = readPhrase(text, i);
          value = phrase.value;
          i = phrase.end;
        }
        if (value.trim() === '') {
          throw new QuerySyntaxError(`'${name}:' needs a value, as in ${name}:${exampleValue(name)}.`, start);
        }
        tokens.push({ kind: 'field', field: name, value, position: start });
      } else {
        tokens.push({ kind: 'word', text: word, position: start });
      }
    }
  }
  return tokens;
}

function exampleValue(field: QueryField): string {
  if (field === 'level') return 'error or level:warn,error';
  if (field === 'trace') return '4bf92f3577b34da6a3ce929d0e0e4736';
  return 'checkout';
}

function fieldValues(token: Extract<Token, { kind: 'field' }>): string[] {
  const values = token.value
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value !== '');
  if (values.length === 0) {
    throw new QuerySyntaxError(
      `'${token.field}:' needs a value, as in ${token.field}:${exampleValue(token.field)}.`,
      token.position,
    );
  }
  if (token.field !== 'level') return values;
  return values.map((value) => {
    const key = value.toLowerCase();
    const level = (logLevels as readonly string[]).includes(key) ? (key as LogLevel) : levelAliases.get(key);
    if (!level) {
      throw new QuerySyntaxError(
        `Unknown level '${value}': use one of ${logLevels.join(', ')}.`,
        token.position,
      );
    }
    return level;
  });
}

const hasSearchableText = (text: string): boolean => /[\p{L}\p{N}_]/u.test(text);

class Parser {
  private index = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly length: number,
  ) {}

  parse(): QueryNode | null {
    if (this.tokens.length === 0) return null;
    const node = this.parseOr(0);
    const next = this.peek();
    if (next) {
      throw new QuerySyntaxError(
        next.kind === 'rparen' ? "This ')' has no matching '('." : 'Unexpected text here.',
        next.position,
      );
    }
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private endPosition(): number {
    return this.peek()?.position ?? this.length;
  }

  private parseOr(depth: number): QueryNode {
    const first = this.parseAnd(depth);
    const children = [first];
    while (this.peek()?.kind === 'or') {
      const or = this.tokens[this.index++]!;
      if (this.startsOperand()) children.push(this.parseAnd(depth));
      else throw new QuerySyntaxError('OR needs something to search for after it.', or.position);
    }
    return children.length === 1 ? first : { kind: 'or', children, position: first.position };
  }

  private parseAnd(depth: number): QueryNode {
    const first = this.parseUnary(depth);
    const children = [first];
    for (;;) {
      const next = this.peek();
      if (next?.kind === 'and') {
        this.index++;
        if (!this.startsOperand()) {
          throw new QuerySyntaxError('AND needs something to search for after it.', next.position);
        }
      } else if (!this.startsOperand()) {
        break;
      }
      children.push(this.parseUnary(depth));
    }
    return children.length === 1 ? first : { kind: 'and', children, position: first.position };
  }

  private startsOperand(): boolean {
    const kind = this.peek()?.kind;
    return kind !== undefined && kind !== 'or' && kind !== 'and' && kind !== 'rparen';
  }

  private parseUnary(depth: number): QueryNode {
    const token = this.peek();
    if (!token) throw new QuerySyntaxError('The query ends too early.', this.length);
    if (token.kind === 'not' || token.kind === 'minus') {
      this.index++;
      const label = token.kind === 'not' ? 'NOT' : "'-'";
      if (!this.startsOperand()) {
        throw new QuerySyntaxError(`${label} needs something to leave out after it.`, token.position);
      }
      return { kind: 'not', child: this.parseUnary(depth), position: token.position };
    }
    return this.parsePrimary(depth);
  }

  private parsePrimary(depth: number): QueryNode {
    const token = this.tokens[this.index]!;
    this.index++;
    switch (token.kind) {
      case 'lparen': {
        if (depth >= MAX_DEPTH) throw new QuerySyntaxError('Too many nested parentheses.', token.position);
        if (this.peek()?.kind === 'rparen') throw new QuerySyntaxError('Empty parentheses.', token.position);
        if (!this.peek()) throw new QuerySyntaxError("This '(' is never closed: add a ')'.", token.position);
        const inner = this.parseOr(depth + 1);
        if (this.peek()?.kind !== 'rparen') {
          throw new QuerySyntaxError("This '(' is never closed: add a ')'.", token.position);
        }
        this.index++;
        return inner;
      }
      case 'word': {
        const prefix = token.text.endsWith('*');
        const text = prefix ? token.text.replace(/\*+$/, '') : token.text;
        if (!hasSearchableText(text)) {
          throw new QuerySyntaxError(
            `'${token.text}' has no letters or digits to search for: put it in quotes with a word.`,
            token.position,
          );
        }
        return { kind: 'term', text, phrase: false, prefix, position: token.position };
      }
      case 'phrase':
        if (!hasSearchableText(token.text)) {
          throw new QuerySyntaxError('This phrase has no letters or digits to search for.', token.position);
        }
        return { kind: 'term', text: token.text, phrase: true, prefix: false, position: token.position };
      case 'field':
        return { kind: 'field', field: token.field, values: fieldValues(token), position: token.position };
      case 'rparen':
        throw new QuerySyntaxError("This ')' has no matching '('.", token.position);
      default:
        throw new QuerySyntaxError(
          `${token.kind.toUpperCase()} needs something to search for before it.`,
          token.position,
        );
    }
  }
}

export function parseQuery(text: string): QueryNode | null {
  const tokens = tokenize(text);
  return new Parser(tokens, text.length).parse();
}

function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

function firstField(node: QueryNode): QueryNode | null {
  switch (node.kind) {
    case 'field':
      return node;
    case 'term':
      return null;
    case 'not':
      return firstField(node.child);
    default:
      return node.children.map(firstField).find((found) => found !== null) ?? null;
  }
}

function toMatch(node: QueryNode): string {
  switch (node.kind) {
    case 'term':
      return node.prefix ? `${quote(node.text)}*` : quote(node.text);
    case 'or':
      return `(${node.children.map(toMatch).join(' OR ')})`;
    case 'and': {
      const positives = node.children.filter((child) => child.kind !== 'not').map(toMatch);
      const negatives = node.children.flatMap((child) =>
        child.kind === 'not' ? [toMatch(child.child)] : [],
      );
      if (positives.length === 0) {
        throw new QuerySyntaxError(
          'Inside parentheses, NOT needs a word to leave things out of.',
          node.position,
        );
      }
      return `(${positives.join(' AND ')}${negatives.map((negative) => ` NOT ${negative}`).join('')})`;
    }
    case 'not':
      throw new QuerySyntaxError(
        'NOT can only leave things out of a search: put a word before it, as in `timeout NOT retry`.',
        node.position,
      );
    case 'field':
      throw new QuerySyntaxError('Field filters cannot be used here.', node.position);
  }
}

function compileNode(root: QueryNode | null): CompiledQuery {
  const conjuncts = root === null ? [] : root.kind === 'and' ? root.children : [root];
  const positives: string[] = [];
  const negatives: string[] = [];
  const filters: FieldFilter[] = [];
  for (const node of conjuncts) {
    if (node.kind === 'field') {
      filters.push({ field: node.field, values: node.values, negate: false });
      continue;
    }
    if (node.kind === 'not' && node.child.kind === 'field') {
      filters.push({ field: node.child.field, values: node.child.values, negate: true });
      continue;
    }
    const field = firstField(node);
    if (field) {
      throw new QuerySyntaxError(
        'Field filters can only be combined with AND: for either of two values use a comma list, as in service:checkout,payments.',
        field.position,
      );
    }
    if (node.kind === 'not') negatives.push(toMatch(node.child));
    else positives.push(toMatch(node));
  }
  if (positives.length > 0) {
    const match = positives.join(' AND ') + negatives.map((negative) => ` NOT ${negative}`).join('');
    return { match, exclude: null, filters };
  }
  return { match: null, exclude: negatives.length > 0 ? negatives.join(' OR ') : null, filters };
}

/** Parses and compiles in one step; every problem with the text comes back as a QueryError, never a throw. */
export function compileQuery(text: string): CompileResult {
  try {
    return { ok: true, query: compileNode(parseQuery(text)) };
  } catch (error) {
    if (error instanceof QuerySyntaxError) {
      return { ok: false, error: { message: error.message, position: error.position } };
    }
    throw error;
  }
}
