import fs from 'node:fs';
import type { Db } from '../../db/open';
import { createTemplateAssigner } from '../../analysis/templates';
import { errorMessage } from '../../errors';
import { detectFormat } from './detect';
import { createJsonLinesParser } from './jsonl';
import { sampleLines } from './lines';
import { createLogfmtParser } from './logfmt';
import { runJaegerJson, runOtlpJson } from './run-documents';
import { fileNaming, type RunContext } from './run-context';
import { runLogLines } from './run-logs';
import { runPrometheusText } from './run-metrics';
import { Tally } from './tally';
import { createTextParser } from './text';
import { detectTextDialect, type TextDialect } from './text-dialects';
import { openTextSource, type TextSource } from './text-source';
import type { FileImportSummary, ImportFormat, ImportOptions, ImportSignal } from './types';

const DEFAULT_BATCH_ROWS = 10_000;

/**
 * Connection settings for the import's duration. Each insert fires the FTS trigger, so SQLite keeps a
 * statement journal per row; in a temp file that is a pwrite per page and costs half the insert time, in
 * memory almost nothing. A bigger page cache helps FTS5's segment merges.
 */
const IMPORT_PRAGMAS: Readonly<Record<string, string | number>> = {
  cache_size: -65_536,
  temp_store: 'MEMORY',
};

function applyPragmas(
  db: Db,
  pragmas: Readonly<Record<string, string | number>>,
): Record<string, string | number> {
  const previous: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(pragmas)) {
    previous[name] = db.pragma(name, { simple: true }) as string | number;
    db.pragma(`${name} = ${value}`);
  }
  return previous;
}

const SIGNALS: Readonly<Record<ImportFormat, ImportSignal | null>> = {
  jsonl: 'logs',
  logfmt: 'logs',
  text: 'logs',
  prom: 'metrics',
  'jaeger-json': 'traces',
  // One OTLP file may hold any of the three.
  'otlp-json': null,
};

const NOUNS: Readonly<Record<ImportFormat, string>> = {
  jsonl: 'log line',
  logfmt: 'log line',
  text: 'log line',
  prom: 'metric sample',
  'jaeger-json': 'span',
  'otlp-json': 'OTLP item',
};

function run(ctx: RunContext, format: ImportFormat, dialect: TextDialect | null): Promise<void> {
  switch (format) {
    case 'jsonl':
      return runLogLines(ctx, createJsonLinesParser);
    case 'logfmt':
      return runLogLines(ctx, createLogfmtParser);
    case 'text':
      return runLogLines(ctx, (sink) => createTextParser(dialect, ctx.file, sink));
    case 'prom':
      return runPrometheusText(ctx);
    case 'jaeger-json':
      return runJaegerJson(ctx);
    case 'otlp-json':
      return runOtlpJson(ctx);
  }
}

function nothingUsable(file: string, format: ImportFormat, tally: Tally): string {
  const first = tally.firstRejected;
  if (first === null)
    return `${file} holds no ${NOUNS[format]}s (it is empty or blank); nothing was imported.`;
  const others = tally.rejected > 1 ? ` (${tally.rejected.toLocaleString('en')} lines rejected in all)` : '';
  return `${file}:${first.line}: ${first.reason}; no usable ${NOUNS[format]} found${others}.`;
}

/**
 * Imports one file of any size as a stream: detects its format from the first block (or takes the one
 * given), parses it line by line (or element by element for JSON documents) and writes rows in batches, one
 * transaction each. Malformed lines are counted and skipped. Rows are keyed by `file:<name>`, the file's
 * name, time and content, so importing the same file again — or again after a crash — adds nothing twice.
 * Never throws for a bad file: the summary's `error` says why it yielded nothing.
 */
export async function importFile(
  db: Db,
  file: string,
  options: ImportOptions = {},
): Promise<FileImportSummary> {
  const started = performance.now();
  const summary: FileImportSummary = {
    file,
    format: null,
    dialect: null,
    signal: null,
    lines: 0,
    entries: 0,
    stored: 0,
    duplicates: 0,
    rejected: 0,
    firstRejected: null,
    error: null,
    seconds: 0,
  };
  const finish = (tally: Tally | null, error: string | null): FileImportSummary => {
    if (tally) {
      Object.assign(summary, {
        lines: tally.lines,
        entries: tally.entries,
        stored: tally.stored,
        duplicates: summary.signal === 'metrics' ? 0 : Math.max(0, tally.entries - tally.stored),
        rejected: tally.rejected,
        firstRejected: tally.firstRejected,
      });
    }
    summary.error = error;
    summary.seconds = (performance.now() - started) / 1000;
    return summary;
  };

  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    return finish(null, `Cannot read ${file}: ${errorMessage(error)}.`);
  }
  if (stat.isDirectory()) return finish(null, `${file} is a folder; import takes files.`);

  let text: TextSource;
  try {
    text = await openTextSource(file);
  } catch (error) {
    return finish(null, errorMessage(error));
  }
  const lines = sampleLines(text.sample, text.complete);
  const detected =
    options.format === undefined || options.format === 'auto'
      ? detectFormat(text.sample, lines)
      : {
          format: options.format,
          dialect: options.format === 'text' ? (detectTextDialect(lines)?.dialect ?? null) : null,
        };
  summary.format = detected.format;
  summary.dialect = detected.dialect?.name ?? null;
  summary.signal = SIGNALS[detected.format];

  const naming = fileNaming(file);
  const templates = createTemplateAssigner(db);
  const tally = new Tally(file, { read: text.bytesRead, total: text.bytesTotal }, options.onProgress);
  const ctx: RunContext = {
    db,
    text,
    tally,
    file: { mtimeUs: Math.floor(stat.mtimeMs) * 1000 },
    source: naming.source,
    stream: naming.stream,
    serviceOverride: options.service ?? null,
    serviceFallback: naming.stem,
    batchSize: options.batchSize ?? DEFAULT_BATCH_ROWS,
    stages: [templates.assign, ...(options.stages ?? [])],
  };
  const previous = applyPragmas(db, IMPORT_PRAGMAS);
  try {
    await run(ctx, detected.format, detected.dialect);
  } catch (error) {
    return finish(
      tally,
      `Reading ${file} failed after line ${tally.lines} (${errorMessage(error)}); the rows before it were kept.`,
    );
  } finally {
    text.close();
    templates.flush();
    applyPragmas(db, previous);
  }
  tally.report();
  return finish(tally, tally.entries === 0 ? nothingUsable(file, detected.format, tally) : null);
}
