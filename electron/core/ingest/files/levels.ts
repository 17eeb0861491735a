import { normaliseLevel, type LogLevel } from '../../db/writers/logs';

/**
 * Words that mark a level when a message starts with them. Deliberately narrower than normaliseLevel's
 * aliases: single letters or 'log' at the start of free text are words, not levels.
 */
const LEVEL_WORDS = [
  'trace',
  'debug',
  'dbg',
  'info',
  'inf',
  'notice',
  'warn',
  'warning',
  'wrn',
  'error',
  'err',
  'fatal',
  'critical',
  'crit',
  'panic',
  'severe',
  'alert',
  'emerg',
];

const WORD_LEVELS: ReadonlyMap<string, LogLevel> = new Map(
  LEVEL_WORDS.flatMap((word) => {
    const level = normaliseLevel(word);
    const title = word.charAt(0).toUpperCase() + word.slice(1);
    return [word, word.toUpperCase(), title].map((spelling) => [spelling, level] as const);
  }),
);

/** The level a word names in lower, upper or title case, or undefined. */
export function levelWord(word: string): LogLevel | undefined {
  return WORD_LEVELS.get(word);
}

export interface LeveledText {
  level: LogLevel;
  message: string;
}

const isSpace = (code: number) => code === 32 || code === 9;

/** After the level: 'INFO msg', 'INFO: msg', 'INFO - msg', 'INFO | msg'; the index where the message starts. */
function skipSeparator(text: string, from: number): number {
  let i = from;
  if (text.charCodeAt(i) === 58) i++;
  while (isSpace(text.charCodeAt(i))) i++;
  const code = text.charCodeAt(i);
  if (
    (code === 45 || code === 124 || code === 58) &&
    (i + 1 >= text.length || isSpace(text.charCodeAt(i + 1)))
  ) {
    i++;
    while (isSpace(text.charCodeAt(i))) i++;
  }
  return i;
}

/**
 * Reads a leading level token ('ERROR msg', '[warn] msg', 'INFO: msg', 'level=error msg') and returns the rest
 * as the message; text without one is info.
 */
export function splitLevel(text: string): LeveledText {
  let start = 0;
  let open = text.charCodeAt(0);
  if (open === 91 || open === 60)
    start = 1; // '[' or '<'
  else if (text.startsWith('level=')) start = 6;
  else open = 0;
  let end = start;
  while (end < text.length && end - start <= 8) {
    const code = text.charCodeAt(end);
    if (!((code >= 65 && code <= 90) || (code >= 97 && code <= 122))) break;
    end++;
  }
  if (end === start) return { level: 'info', message: text };
  const level = levelWord(text.slice(start, end));
  if (!level) return { level: 'info', message: text };
  if (open === 91 || open === 60) {
    if (text.charCodeAt(end) !== (open === 91 ? 93 : 62)) return { level: 'info', message: text };
    end++;
  }
  const next = text.charCodeAt(end);
  if (end < text.length && !isSpace(next) && next !== 58) return { level: 'info', message: text };
  return { level, message: text.slice(skipSeparator(text, end)) };
}
