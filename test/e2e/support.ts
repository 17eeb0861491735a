import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { startServe, type ServeProcess } from '../support/cli';

export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve('test-results', 'screenshots');

/** Flags that keep Chromium from reaching for Google's services on a closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function e2eWorkspace(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'iwb-e2e-')), 'workspace.db');
}

export interface PageProblems {
  problems: string[];
}

/** Collects everything a user would count as broken: console errors, failed or non-loopback requests. */
export function watchPage(page: Page): PageProblems {
  const watched: PageProblems = { problems: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') watched.problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => watched.problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) =>
    watched.problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`),
  );
  page.on('request', (request) => {
    const url = new URL(request.url());
    const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    if (!local && !['data:', 'blob:'].includes(url.protocol)) {
      watched.problems.push(`request left the machine: ${request.url()}`);
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 400) watched.problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return watched;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: false });
}

export interface E2eSession {
  server: ServeProcess;
  browser: Browser;
  page: Page;
  watched: PageProblems;
}

/**
 * Serves a brand-new workspace and opens one watched Chromium page; `serveArgs` are added to `iwb serve`, and
 * `prepare` may put files beside the workspace (its runbooks, say) before the server starts.
 */
export async function openSession(
  serveArgs: string[] = [],
  prepare: (workspaceDir: string) => void = () => undefined,
): Promise<E2eSession> {
  const db = e2eWorkspace();
  prepare(path.dirname(db));
  const server = await startServe(['--db', db, '--port', '0', '--otlp-port', '0', ...serveArgs]);
  try {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    return { server, browser, page, watched: watchPage(page) };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

export async function closeSession(session: E2eSession | undefined): Promise<void> {
  await session?.browser.close();
  await session?.server.stop();
}
