import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import { z } from 'zod';
import { AnomalyDetector } from '../../core/analysis/anomaly';
import { AppError } from '../../core/errors';
import { CHUNK_CHARS, openInput, write } from '../streams';

const rowSchema = z.object({
  timestamp: z.string().trim().min(1, 'the timestamp is empty'),
  value: z
    .string()
    .trim()
    .min(1, 'the value is empty')
    .transform(Number)
    .refine(Number.isFinite, 'the value is not a finite number'),
});

function parseRow(line: string, lineNumber: number, source: string): z.infer<typeof rowSchema> {
  const fields = line.split(',');
  if (fields.length !== 2) {
    throw new AppError(
      'invalid_args',
      `${source}:${lineNumber}: expected 2 fields (timestamp,value), found ${fields.length}.`,
    );
  }
  const parsed = rowSchema.safeParse({ timestamp: fields[0], value: fields[1] });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'invalid_args',
      `${source}:${lineNumber}: ${issue?.path.join('.')}: ${issue?.message}.`,
    );
  }
  return parsed.data;
}

/**
 * Reads `timestamp,value` rows and prints, as each row arrives, one JSON object judging it from the rows before
 * it only. The timestamp is echoed exactly as written, so the output lines up with any tool that made the file.
 */
export async function runAnomalies(input: Readable, output: Writable, source: string): Promise<number> {
  const detector = new AnomalyDetector();
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  let rows = 0;
  let chunk = '';
  for await (const line of lines) {
    lineNumber++;
    if (lineNumber === 1) {
      if (
        line
          .replace(/^\uFEFF/, '')
          .trim()
          .toLowerCase() !== 'timestamp,value'
      ) {
        throw new AppError(
          'invalid_args',
          `${source}:1: the header must be "timestamp,value", found "${line}".`,
        );
      }
      continue;
    }
    if (line.trim() === '') continue;
    const row = parseRow(line, lineNumber, source);
    const judgement = detector.push(row.value);
    rows++;
    chunk += `${JSON.stringify({
      timestamp: row.timestamp,
      value: row.value,
      score: Number(judgement.score.toFixed(4)),
      anomaly: judgement.anomaly,
    })}\n`;
    if (chunk.length >= CHUNK_CHARS) {
      await write(output, chunk);
      chunk = '';
    }
  }
  if (lineNumber === 0)
    throw new AppError('invalid_args', `${source}: empty input, expected a "timestamp,value" header.`);
  if (chunk) await write(output, chunk);
  return rows;
}

export function registerAnomalies(program: Command): void {
  program
    .command('anomalies')
    .description('judge each row of a timestamp,value CSV from the rows before it: one JSON object per row')
    .argument('<file>', 'CSV file with a "timestamp,value" header ("-" reads stdin)')
    .option('--json', 'print JSON lines (the only format; accepted for symmetry with other commands)')
    .action(async (file: string) => {
      await runAnomalies(openInput(file), process.stdout, file === '-' ? 'stdin' : file);
    });
}
