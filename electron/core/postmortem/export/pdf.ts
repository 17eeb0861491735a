import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../errors';

const TIMEOUT_MS = 90_000;

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROME_PATH ?? '/usr/bin/chromium';
}

/**
 * Prints the HTML to PDF with headless Chromium, offline: the page is a local file that makes no requests,
 * and a throwaway profile keeps the user's browser state out of it.
 */
export async function exportPdf(html: string, outFile: string): Promise<void> {
  const browser = chromiumPath();
  if (!fs.existsSync(browser)) {
    throw new AppError(
      'unavailable',
      `No Chromium at ${browser} to print the PDF; install it or set CHROME_PATH.`,
    );
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'iwb-pdf-'));
  const target = path.resolve(outFile);
  try {
    const page = path.join(work, 'postmortem.html');
    fs.writeFileSync(page, html);
    fs.rmSync(target, { force: true });
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${path.join(work, 'profile')}`,
      `--print-to-pdf=${target}`,
      '--no-pdf-header-footer',
      `file://${page}`,
    ];
    const { code, stderr } = await run(browser, args);
    if (code !== 0 || !fs.existsSync(target) || fs.statSync(target).size === 0) {
      throw new AppError(
        'internal',
        `Chromium could not print the PDF (exit ${code}): ${stderr.trim().split('\n').pop() ?? ''}`,
      );
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function run(command: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new AppError('unavailable', `Chromium could not start: ${error.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}
