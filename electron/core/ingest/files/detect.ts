import { fieldRole } from './fields';
import { parseLogfmt } from './logfmt';
import { PROM_SAMPLE } from './prom';
import { detectTextDialect, type TextDialect } from './text-dialects';
import type { ImportFormat } from './types';

const OTLP_KEYS = /"resource(Spans|Logs|Metrics)"\s*:/;

function jsonObjectOf(line: string): Record<string, unknown> | null {
  if (line.trimStart().charCodeAt(0) !== 123) return null;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function isLogfmt(line: string): boolean {
  const pairs = parseLogfmt(line);
  if (typeof pairs === 'string' || pairs.length < 2 || pairs[0]?.[1] === true) return false;
  return pairs.some(([key, value]) => value !== true && fieldRole(key) === 'ts');
}

function isProm(line: string): boolean {
  return /^# (TYPE|HELP|UNIT|EOF)\b/.test(line) || PROM_SAMPLE.test(line);
}

function isJaegerData(data: unknown): boolean {
  return (
    Array.isArray(data) &&
    data.every((trace: unknown) => typeof trace === 'object' && trace !== null && 'spans' in trace)
  );
}

export interface Detection {
  format: ImportFormat;
  /** The timestamp layout, for plain text. */
  dialect: TextDialect | null;
}

/**
 * Picks a file's format from its first block: whole JSON documents (OTLP, Jaeger) by their keys, line
 * formats by how many of the first non-blank lines each one reads. A tie goes to the stricter format.
 */
export function detectFormat(sample: string, lines: readonly string[]): Detection {
  const head = sample.trimStart();
  if (head.startsWith('{') || head.startsWith('[')) {
    const first = lines[0] === undefined ? null : jsonObjectOf(lines[0]);
    if (first !== null) {
      if ('resourceSpans' in first || 'resourceLogs' in first || 'resourceMetrics' in first)
        return { format: 'otlp-json', dialect: null };
      if (isJaegerData(first.data)) return { format: 'jaeger-json', dialect: null };
    } else {
      if (OTLP_KEYS.test(sample)) return { format: 'otlp-json', dialect: null };
      if (/"data"\s*:/.test(sample) && /"traceID"\s*:/.test(sample))
        return { format: 'jaeger-json', dialect: null };
    }
  }
  const scores: [ImportFormat, number][] = [
    ['jsonl', lines.filter((line) => jsonObjectOf(line) !== null).length],
    ['prom', lines.filter(isProm).length],
    ['logfmt', lines.filter(isLogfmt).length],
  ];
  const text = detectTextDialect(lines);
  let best: ImportFormat = 'text';
  let bestScore = text?.lines ?? 0;
  for (const [format, score] of scores) {
    if (score > bestScore || (score === bestScore && score > 0 && best === 'text')) {
      best = format;
      bestScore = score;
    }
  }
  return { format: best, dialect: best === 'text' ? (text?.dialect ?? null) : null };
}
