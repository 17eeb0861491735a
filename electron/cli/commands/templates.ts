import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import { createTemplateMiner, type TemplateMiner } from '../../core/analysis/templates';
import { CHUNK_CHARS, openInput, write } from '../streams';

/**
 * Mines templates from one message per input line and prints one JSON object per line, in input order,
 * with the FINAL template of the line's cluster: ids are kept while reading and printed once input ends.
 */
export async function runTemplates(
  input: Readable,
  output: Writable,
  miner: TemplateMiner = createTemplateMiner(),
): Promise<number> {
  const ids: string[] = [];
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) ids.push(miner.add(line).id);
  const rendered = new Map<string, string>();
  for (const t of miner.templates()) {
    rendered.set(t.id, `${JSON.stringify({ template_id: t.id, template: t.template })}\n`);
  }
  let chunk = '';
  for (const id of ids) {
    chunk += rendered.get(id)!;
    if (chunk.length >= CHUNK_CHARS) {
      await write(output, chunk);
      chunk = '';
    }
  }
  if (chunk) await write(output, chunk);
  return ids.length;
}

export function registerTemplates(program: Command): void {
  program
    .command('templates')
    .description('mine log templates: one JSON object per input line with its template id and final template')
    .argument('[file]', 'log file with one message per line (stdin when "-" or absent)')
    .option('--json', 'print JSON lines (the only format; accepted for symmetry with other commands)')
    .action(async (file: string | undefined) => {
      await runTemplates(openInput(file), process.stdout);
    });
}
