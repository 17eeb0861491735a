import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerRunbook } from '../../electron/cli/commands/runbook';
import { tempDir } from '../support/temp';

const RUNBOOKS = path.resolve(__dirname, '../../runbooks');

/** Runs `iwb runbook validate ...` through commander as the CLI does, capturing stdout and the exit code. */
async function validate(...args: string[]): Promise<{ code: number; stdout: string }> {
  const program = new Command().exitOverride();
  const output = new PassThrough();
  let stdout = '';
  output.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  registerRunbook(program, output);
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await program.parseAsync(['runbook', 'validate', ...args], { from: 'user' });
    await new Promise((resolve) => setImmediate(resolve));
    return { code: Number(process.exitCode ?? 0), stdout };
  } finally {
    process.exitCode = before;
  }
}

const broken = `id: broken
title: Broken
steps:
  - id: wait
    title: Wait
    type: command
    run: sleep 1
    timeout: forever
  - id: next
    title: Next
    type: manual
    on_failure:
      goto: nowhere
`;

describe('iwb runbook validate', () => {
  it('accepts every shipped runbook with exit code 0', async () => {
    const files = fs
      .readdirSync(RUNBOOKS)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => path.join(RUNBOOKS, f));
    const { code, stdout } = await validate(...files);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual(files.map((f) => `${f}: ok`));
  });

  it('prints file:line:col: field: message per problem and exits 1', async () => {
    const file = path.join(tempDir(), 'broken.yaml');
    fs.writeFileSync(file, broken);
    const { code, stdout } = await validate(file);
    expect(code).toBe(1);
    expect(stdout).toBe(`${file}:8:14: steps[0].timeout: a duration such as 500ms, 30s, 5m or 1h\n`);
  });

  it('reports semantic problems once the schema is satisfied', async () => {
    const file = path.join(tempDir(), 'broken.yaml');
    fs.writeFileSync(file, broken.replace('forever', '2m'));
    const { code, stdout } = await validate(file);
    expect(code).toBe(1);
    expect(stdout).toBe(`${file}:13:13: steps[1].on_failure.goto: no step has the id nowhere\n`);
  });

  it('--json gives every file with its problems, and an unreadable file is a problem, not a crash', async () => {
    const dir = tempDir();
    const good = path.join(RUNBOOKS, 'disk-full.yaml');
    const bad = path.join(dir, 'broken.yaml');
    const missing = path.join(dir, 'missing.yaml');
    fs.writeFileSync(bad, broken);
    const { code, stdout } = await validate('--json', good, bad, missing);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as {
      valid: boolean;
      files: { file: string; valid: boolean; problems: { line: number; field: string; message: string }[] }[];
    };
    expect(report.valid).toBe(false);
    expect(report.files.map((f) => [f.file, f.valid])).toEqual([
      [good, true],
      [bad, false],
      [missing, false],
    ]);
    expect(report.files[1]?.problems).toMatchObject([{ line: 8, field: 'steps[0].timeout' }]);
    expect(report.files[2]?.problems[0]?.message).toContain('Cannot read runbook');
  });
});
