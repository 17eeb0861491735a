/**
 * Generic variable masking for log messages, the same for every log source. Whole quoted values are
 * masked on the line first (they may hold spaces); every whitespace token is then classified by one
 * scan over its characters rather than a cascade of regular expressions.
 */

export const WILDCARD = '<*>';

const QUOTED = `"${WILDCARD}"`;
const SINGLE_QUOTED = `'${WILDCARD}'`;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10 || c === 11 || c === 12;
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** A quote opens a value only after a boundary: this keeps apostrophes in prose (`don't`) intact. */
function opensQuote(line: string, at: number): boolean {
  if (at === 0) return true;
  const before = line.charCodeAt(at - 1);
  return !isAlnum(before) && before !== 92;
}

function closesQuote(line: string, at: number): boolean {
  if (at + 1 >= line.length) return true;
  const after = line.charCodeAt(at + 1);
  return !isAlnum(after);
}

/** Replaces each non-empty quoted value (`"…"` or `'…'`, possibly holding spaces) with a quoted wildcard. */
export function maskQuoted(line: string): string {
  if (line.indexOf('"') < 0 && line.indexOf("'") < 0) return line;
  let out = '';
  let from = 0;
  let i = 0;
  while (i < line.length) {
    const c = line.charCodeAt(i);
    if ((c === 34 || c === 39) && opensQuote(line, i)) {
      let end = line.indexOf(c === 34 ? '"' : "'", i + 1);
      while (end > 0 && !closesQuote(line, end)) end = line.indexOf(c === 34 ? '"' : "'", end + 1);
      if (end > i + 1) {
        out += line.slice(from, i) + (c === 34 ? QUOTED : SINGLE_QUOTED);
        from = end + 1;
        i = end + 1;
        continue;
      }
      if (end < 0) break;
    }
    i++;
  }
  return from === 0 ? line : out + line.slice(from);
}

/** Splits on runs of whitespace; no empty tokens. */
export function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let start = -1;
  for (let i = 0; i < line.length; i++) {
    if (isSpace(line.charCodeAt(i))) {
      if (start >= 0) {
        tokens.push(line.slice(start, i));
        start = -1;
      }
    } else if (start < 0) {
      start = i;
    }
  }
  if (start >= 0) tokens.push(line.slice(start));
  return tokens;
}

const OPENERS = '([{<"\'';
const CLOSERS = ')]}>,;:.!?"\'';

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** `key=value`: the key starts with a letter and holds only word characters, dots and dashes. */
function keyLength(core: string): number {
  if (!isLetter(core.charCodeAt(0))) return -1;
  for (let i = 1; i < core.length; i++) {
    const c = core.charCodeAt(i);
    if (c === 61) return i;
    if (!isAlnum(c) && c !== 46 && c !== 45) return -1;
  }
  return -1;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Separators inside one value: dates, times, addresses, versions, grouped digits. */
function joinsNumber(punctuation: string): boolean {
  for (let i = 0; i < punctuation.length; i++) if ('.:-_/,+'.indexOf(punctuation[i]!) < 0) return false;
  return true;
}

/**
 * Masks the alphanumeric runs that hold a digit and joins wildcards separated only by punctuation, so
 * `blk_-42` reads `blk_-<*>`, `10.0.0.1:8080` and `2024-05-01T10:00:00Z` read `<*>` and `[::1]:443`
 * reads `[<*>]:<*>`, while the words around a number (`index:3`, `Record{de9231d`) still tell messages
 * apart.
 */
function maskRuns(core: string): string {
  let out = '';
  let runStart = -1;
  let runDigits = false;
  let pendingPunct = '';
  let lastWasWildcard = false;
  const flush = (end: number) => {
    const run = core.slice(runStart, end);
    if (runDigits) {
      if (!lastWasWildcard || !joinsNumber(pendingPunct)) out += pendingPunct + WILDCARD;
      lastWasWildcard = true;
    } else {
      out += pendingPunct + run;
      lastWasWildcard = false;
    }
    pendingPunct = '';
    runStart = -1;
    runDigits = false;
  };
  for (let i = 0; i < core.length; i++) {
    const c = core.charCodeAt(i);
    if (isLetter(c) || isDigit(c)) {
      if (runStart < 0) runStart = i;
      if (isDigit(c)) runDigits = true;
    } else {
      if (runStart >= 0) flush(i);
      pendingPunct += core[i];
    }
  }
  if (runStart >= 0) flush(core.length);
  return out + pendingPunct;
}

/** Hex words with no digit (`deadbeef`) are ids too; real words of eight or more letters a–f are rare. */
function isHexWord(core: string): boolean {
  if (core.length < 8) return false;
  for (let i = 0; i < core.length; i++) if (!isHex(core.charCodeAt(i))) return false;
  return true;
}

function maskCore(core: string): string {
  const key = keyLength(core);
  if (key > 0) return key + 1 < core.length ? `${core.slice(0, key + 1)}${WILDCARD}` : core;
  let digits = false;
  let slashes = 0;
  let at = -1;
  let dotAfterAt = false;
  for (let i = 0; i < core.length; i++) {
    const c = core.charCodeAt(i);
    if (isDigit(c)) digits = true;
    else if (c === 47 || c === 92) slashes++;
    else if (c === 64) at = i;
    else if (c === 46 && at >= 0) dotAfterAt = true;
  }
  const first = core.charCodeAt(0);
  // Paths and URLs: absolute, home-relative, Windows drive, or anything with two separators or a scheme.
  const path =
    (slashes > 0 && (first === 47 || first === 126 || core.indexOf('://') > 0 || slashes >= 2)) ||
    (core.length > 2 && core.charCodeAt(1) === 58 && core.charCodeAt(2) === 92);
  const email = at > 0 && dotAfterAt;
  if (path || email) return WILDCARD;
  if (!digits) return isHexWord(core) ? WILDCARD : core;
  return maskRuns(core);
}

/**
 * Masks one token: numbers, hex, IPs (v4/v6, with ports), UUIDs, dates and times, durations and sizes
 * with units (every token holding a digit), paths, URLs, emails and the value of `key=value`. Brackets
 * and trailing punctuation around the variable stay, so `[10.0.0.1]` reads `[<*>]`.
 */
export function maskToken(token: string): string {
  if (token.indexOf(WILDCARD) >= 0) return token;
  let start = 0;
  let end = token.length;
  while (start < end && OPENERS.indexOf(token[start]!) >= 0) start++;
  while (end > start && CLOSERS.indexOf(token[end - 1]!) >= 0) end--;
  if (start === end) return token;
  const core = token.slice(start, end);
  const masked = maskCore(core);
  if (masked === core) return token;
  return token.slice(0, start) + masked + token.slice(end);
}

/**
 * How much of a token is variable, which decides how two tokens at one position compare: a constant
 * word; a variable inside words that still say what it is (`blk_<*>`, `index:<*>`); or nothing but
 * variables and punctuation (`<*>`, `[<*>]:`).
 */
export type TokenKind = 0 | 1 | 2;
export const CONSTANT: TokenKind = 0;
export const SHAPED: TokenKind = 1;
export const VARIABLE: TokenKind = 2;

export function tokenKind(token: string): TokenKind {
  if (token.indexOf(WILDCARD) < 0) return CONSTANT;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (isLetter(c) || isDigit(c)) return SHAPED;
  }
  return VARIABLE;
}
