import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runIwb } from '../support/cli';
import { tempDir } from '../support/temp';

interface Row {
  timestamp: string;
  value: number;
  score: number;
  anomaly: boolean;
}

function writeSeries(file: string, values: number[]): string[] {
  const start = Date.UTC(2014, 3, 10);
  const stamps = values.map((_, i) =>
    new Date(start + i * 300_000).toISOString().replace('T', ' ').slice(0, 19),
  );
  fs.writeFileSync(file, ['timestamp,value', ...values.map((v, i) => `${stamps[i]},${v}`), ''].join('\n'));
  return stamps;
}

describe('iwb anomalies', () => {
  it('prints one JSON object per row, in order, with the timestamp as written, and flags the spike', () => {
    const file = path.join(tempDir(), 'series.csv');
    const values = Array.from({ length: 900 }, (_, i) => 20 + (i % 7) * 0.1);
    values[800] = 90;
    const stamps = writeSeries(file, values);
    const result = runIwb(['anomalies', file, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const rows = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Row);
    expect(rows.map((r) => r.timestamp)).toEqual(stamps);
    expect(rows.map((r) => r.value)).toEqual(values);
    expect(rows.filter((r) => r.anomaly).map((r) => r.timestamp)).toEqual([stamps[800]]);
    expect(rows[800]!.score).toBeGreaterThan(rows[799]!.score);
  });

  it('names the line of a bad row and exits non-zero', () => {
    const file = path.join(tempDir(), 'bad.csv');
    fs.writeFileSync(file, 'timestamp,value\n2014-04-10 00:00:00,1\n2014-04-10 00:05:00,abc\n');
    const result = runIwb(['anomalies', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}:3`);
    expect(result.stderr).toContain('value');
  });

  it('rejects a file without the timestamp,value header', () => {
    const file = path.join(tempDir(), 'noheader.csv');
    fs.writeFileSync(file, '2014-04-10 00:00:00,1\n');
    const result = runIwb(['anomalies', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('header');
  });
});
