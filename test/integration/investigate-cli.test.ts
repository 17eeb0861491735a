import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIwb } from '../support/cli';

let dir: string;
let db: string;

// One workspace for the whole file: each command is its own process, so the file must outlive each test.
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iwb-investigate-'));
  db = path.join(dir, 'workspace.db');
  const demo = runIwb(['demo', '--db', db, '--json']);
  expect(demo.code).toBe(0);
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('iwb investigate', () => {
  it('prints the hypotheses, most likely first, and each analyzer with its findings', () => {
    const result = runIwb(['investigate', 'INC-2026-1118-checkout', '--db', db]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    const first = lines.findIndex((line) => line.startsWith('Hypotheses'));
    expect(lines[first + 1]).toMatch(/^ {2}1\. +\d+% {2}Connection pool misconfigured .*\(checkout\)/);
    expect(result.stdout).toMatch(/^Log patterns \(\d+ findings, \d+ ms\)$/m);
    expect(result.stdout).toMatch(/Deploy checkout v2\.14\.0/);
  });

  it('prints the whole stored investigation as JSON, the same on a second run', () => {
    const once = JSON.parse(
      runIwb(['investigate', 'INC-2026-1118-checkout', '--db', db, '--json']).stdout,
    ) as {
      id: number;
      findings: { evidence: unknown[] }[];
      hypotheses: { ruleId: string | null; status: string }[];
    };
    const twice = JSON.parse(
      runIwb(['investigate', 'INC-2026-1118-checkout', '--db', db, '--json']).stdout,
    ) as typeof once;
    expect(twice.id).toBe(once.id);
    expect(twice.hypotheses.map((h) => h.ruleId)).toEqual(once.hypotheses.map((h) => h.ruleId));
    expect(once.findings.every((finding) => finding.evidence.length > 0)).toBe(true);
  });

  it('names an incident that does not exist and exits non-zero', () => {
    const result = runIwb(['investigate', 'INC-NOPE', '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe("iwb: There is no incident 'INC-NOPE' in this workspace.");
  });
});
