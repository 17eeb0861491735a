import fs from 'node:fs';
import path from 'node:path';
import { createTemplateMiner } from '../../electron/core/analysis/templates';

/**
 * `npm run eval`: grouping accuracy of the template miner on the Loghub 2k samples (Zhu et al., ISSRE
 * 2023), one fresh miner per dataset and one configuration for all. A line is parsed correctly when its
 * predicted group holds exactly the lines of its true group (EventId).
 */

const LOGHUB = path.resolve(process.cwd(), '..', 'shared', 'fixtures', 'loghub');

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

interface Sample {
  contents: string[];
  events: string[];
}

function readSample(file: string): Sample {
  const [header, ...records] = parseCsv(fs.readFileSync(file, 'utf8'));
  if (!header) throw new Error(`${file}: empty file`);
  const content = header.indexOf('Content');
  const event = header.indexOf('EventId');
  if (content < 0 || event < 0) throw new Error(`${file}: header lacks the Content or EventId column`);
  const sample: Sample = { contents: [], events: [] };
  records.forEach((record, index) => {
    if (record.length !== header.length) {
      throw new Error(
        `${file}: record ${index + 1} has ${record.length} fields, the header ${header.length}`,
      );
    }
    sample.contents.push(record[content]!);
    sample.events.push(record[event]!);
  });
  return sample;
}

/** Lines whose predicted group and true group are the same set, as a share of all lines. */
export function groupingAccuracy(predicted: string[], truth: string[]): number {
  const truthSizes = new Map<string, number>();
  for (const t of truth) truthSizes.set(t, (truthSizes.get(t) ?? 0) + 1);
  const pairs = new Map<string, Map<string, number>>();
  for (let i = 0; i < predicted.length; i++) {
    let byTruth = pairs.get(predicted[i]!);
    if (!byTruth) {
      byTruth = new Map();
      pairs.set(predicted[i]!, byTruth);
    }
    byTruth.set(truth[i]!, (byTruth.get(truth[i]!) ?? 0) + 1);
  }
  let correct = 0;
  for (const byTruth of pairs.values()) {
    if (byTruth.size !== 1) continue;
    for (const [event, size] of byTruth) if (truthSizes.get(event) === size) correct += size;
  }
  return predicted.length === 0 ? 1 : correct / predicted.length;
}

function main(): void {
  if (!fs.existsSync(LOGHUB)) {
    process.stdout.write(`No Loghub samples at ${LOGHUB}: nothing to evaluate.\n`);
    return;
  }
  const figures: Record<string, number> = {};
  const scores: number[] = [];
  for (const family of fs.readdirSync(LOGHUB).sort()) {
    const file = path.join(LOGHUB, family, `${family}_2k.log_structured.csv`);
    if (!fs.existsSync(file)) continue;
    const sample = readSample(file);
    const miner = createTemplateMiner();
    const predicted = sample.contents.map((content) => miner.add(content).id);
    const accuracy = groupingAccuracy(predicted, sample.events);
    scores.push(accuracy);
    figures[`templates.accuracy.${family}`] = Number(accuracy.toFixed(4));
    process.stdout.write(
      `${family.padEnd(10)} ${accuracy.toFixed(4)}  (${sample.contents.length} lines, ` +
        `${miner.templates().length} templates, ${new Set(sample.events).size} true events)\n`,
    );
  }
  if (scores.length === 0) {
    process.stdout.write(`No *_2k.log_structured.csv samples under ${LOGHUB}: nothing to evaluate.\n`);
    return;
  }
  figures['templates.accuracy.avg'] = Number((scores.reduce((a, b) => a + b, 0) / scores.length).toFixed(4));
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main();
