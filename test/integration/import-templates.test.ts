import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspaceDb } from '../../electron/core/db/open';
import { importFile } from '../../electron/core/ingest/files';
import { runIwb } from '../support/cli';
import { generateLogFile } from '../support/generate-logs';
import { tempDir } from '../support/temp';

describe('templates during import', () => {
  it('gives every imported line a template, counted exactly, and a re-import counts nothing twice', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'app.log');
    generateLogFile(file, { lines: 20_000, seed: 7 });
    const { db } = openWorkspaceDb(path.join(dir, 'w.db'));
    try {
      const first = await importFile(db, file);
      expect(first.error).toBeNull();
      const untemplated = db.prepare('SELECT COUNT(*) AS n FROM logs WHERE template_id IS NULL').get() as {
        n: number;
      };
      expect(untemplated.n).toBe(0);
      const templates = db.prepare('SELECT template, count FROM log_templates ORDER BY count DESC').all() as {
        template: string;
        count: number;
      }[];
      const rows = (db.prepare('SELECT COUNT(*) AS n FROM logs').get() as { n: number }).n;
      expect(templates.reduce((sum, t) => sum + t.count, 0)).toBe(rows);
      // Thousands of lines collapse into a few dozen patterns with their variables masked.
      expect(templates.length).toBeLessThan(rows / 100);
      expect(templates.some((t) => t.template.includes('<*>'))).toBe(true);

      await importFile(db, file);
      const again = db.prepare('SELECT SUM(count) AS n FROM log_templates').get() as { n: number };
      expect(again.n).toBe(rows);
    } finally {
      db.close();
    }
  });
});

describe('iwb templates', () => {
  it('prints one JSON object per input line, in order, with the final template of its group', () => {
    const file = path.join(tempDir(), 'messages.txt');
    fs.writeFileSync(
      file,
      [
        'Connection from 10.0.0.1 closed',
        'Connection from 10.0.0.2 closed',
        'Disk /var is 91% full',
        '',
      ].join('\n'),
    );
    const result = runIwb(['templates', file, '--json']);
    expect(result.code).toBe(0);
    const out = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, string>);
    expect(out).toHaveLength(3);
    expect(out[0]).toEqual({ template_id: out[1]?.template_id, template: 'Connection from <*> closed' });
    expect(out[2]?.template_id).not.toBe(out[0]?.template_id);
    expect(out[2]?.template).toContain('Disk');
  });
});
