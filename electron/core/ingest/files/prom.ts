import type { MetricKind } from '../../db/writers/metrics';
import { parseEpochMicros } from './time';
import type { FileContext, LineParser } from './types';

/** One sample of the Prometheus text exposition format or OpenMetrics. */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  /** Microseconds; the file's modification time when the sample has no timestamp. */
  ts: number;
  kind: MetricKind;
  unit: string | null;
}

export interface PromSink {
  sample(sample: PromSample): void;
  reject(line: number, reason: string): void;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const SUFFIXES = ['_bucket', '_sum', '_count', '_total', '_created', '_gsum', '_gcount', '_info'];
const KINDS: Readonly<Record<string, MetricKind>> = {
  counter: 'counter',
  gauge: 'gauge',
  histogram: 'histogram',
  gaugehistogram: 'histogram',
  summary: 'summary',
};

/** A sample line looks like `name{label="value"} 1.5 1700000000000`. */
export const PROM_SAMPLE =
  /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})?[ \t]+[-+]?(\d|\.\d|Inf|NaN|inf|nan)\S*([ \t]+\S+)?[ \t]*(#.*)?$/;

function parseValue(token: string): number | null {
  switch (token) {
    case '+Inf':
    case 'Inf':
    case '+inf':
    case 'inf':
      return Infinity;
    case '-Inf':
    case '-inf':
      return -Infinity;
    case 'NaN':
    case 'nan':
      return NaN;
  }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(token)) return null;
  return Number(token);
}

const LABEL_ESCAPES: Readonly<Record<string, string>> = { n: '\n', '"': '"', '\\': '\\' };

/** Reads `{a="b",c="d"}` starting at `from`; returns the labels and the index after '}', or a reason. */
function parseLabels(line: string, from: number): { labels: Record<string, string>; end: number } | string {
  const labels: Record<string, string> = {};
  let i = from + 1;
  for (;;) {
    while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 44) i++;
    if (line.charCodeAt(i) === 125) return { labels, end: i + 1 };
    LABEL_NAME.lastIndex = i;
    const name = LABEL_NAME.exec(line)?.[0];
    if (!name) return `a bad label name at column ${i + 1}`;
    i += name.length;
    while (line.charCodeAt(i) === 32) i++;
    if (line.charCodeAt(i) !== 61 || line.charCodeAt(i + 1) !== 34)
      return `label "${name}" has no quoted value`;
    i += 2;
    let value = '';
    let chunk = i;
    for (;;) {
      if (i >= line.length) return `the value of label "${name}" is not closed`;
      const code = line.charCodeAt(i);
      if (code === 34) break;
      if (code === 92) {
        value += line.slice(chunk, i) + (LABEL_ESCAPES[line.charAt(i + 1)] ?? line.charAt(i + 1));
        i += 2;
        chunk = i;
      } else i++;
    }
    labels[name] = value + line.slice(chunk, i);
    i++;
  }
}

/**
 * The text exposition format line by line: `# TYPE` and `# UNIT` set the kind and unit of a family, its
 * samples follow. Timestamps are milliseconds (Prometheus) or seconds with a fraction (OpenMetrics).
 */
export function createPromParser(file: FileContext, sink: PromSink): LineParser {
  const kinds = new Map<string, MetricKind>();
  const units = new Map<string, string>();
  let ended = false;

  const family = <T>(map: ReadonlyMap<string, T>, name: string): T | undefined => {
    const direct = map.get(name);
    if (direct !== undefined) return direct;
    for (const suffix of SUFFIXES) {
      if (name.endsWith(suffix)) {
        const found = map.get(name.slice(0, -suffix.length));
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };

  const meta = (text: string, lineNo: number) => {
    const parts = text.split(/[ \t]+/);
    if (parts[1] === 'EOF') ended = true;
    else if (parts[1] === 'TYPE' && parts[2]) {
      const kind = KINDS[parts[3] ?? ''];
      if (kind) kinds.set(parts[2], kind);
      else if (!['untyped', 'unknown', 'info', 'stateset'].includes(parts[3] ?? '')) {
        sink.reject(lineNo, `unknown metric type "${parts[3] ?? ''}"`);
      }
    } else if (parts[1] === 'UNIT' && parts[2] && parts[3]) units.set(parts[2], parts[3]);
  };

  return {
    line(text, lineNo) {
      if (ended || text.length === 0 || text.trim() === '') return;
      if (text.charCodeAt(0) === 35) {
        meta(text, lineNo);
        return;
      }
      const name = NAME.exec(text)?.[0];
      if (!name) {
        sink.reject(lineNo, 'not a metric sample (expected `name{labels} value [timestamp]`)');
        return;
      }
      let labels: Record<string, string> = {};
      let i = name.length;
      if (text.charCodeAt(i) === 123) {
        const parsed = parseLabels(text, i);
        if (typeof parsed === 'string') {
          sink.reject(lineNo, parsed);
          return;
        }
        labels = parsed.labels;
        i = parsed.end;
      }
      const hash = text.indexOf(' #', i);
      const tokens = text
        .slice(i, hash === -1 ? undefined : hash)
        .trim()
        .split(/[ \t]+/);
      const value = parseValue(tokens[0] ?? '');
      if (value === null || tokens.length > 2) {
        sink.reject(lineNo, `"${tokens.join(' ').slice(0, 40)}" is not a value and optional timestamp`);
        return;
      }
      const ts = tokens[1] === undefined ? file.mtimeUs : parseEpochMicros(tokens[1].replace(/^\+/, ''));
      if (ts === null) {
        sink.reject(lineNo, `"${tokens[1] ?? ''}" is not a timestamp`);
        return;
      }
      sink.sample({
        name,
        labels,
        value,
        ts,
        kind: family(kinds, name) ?? 'gauge',
        unit: family(units, name) ?? null,
      });
    },
    end() {},
  };
}
