import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { ServeProcess } from '../support/cli';
import { closeSession, openSession, screenshot, type E2eSession, type PageProblems } from './support';

const SECRET = 'Bearer e2e-secret-never-shown';
const LOG_LINES = 120;

let session: E2eSession | undefined;
let server: ServeProcess;
let page: Page;
let watched: PageProblems;
let deadPort: number;
let logFile: string;

/** A loopback port nothing listens on: bound, read, released. */
function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** JSON lines from the last hour, with one line cut short so the import has something to reject. */
function writeLogFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iwb-e2e-import-'));
  const file = path.join(dir, 'checkout-e2e.jsonl');
  const start = Date.now() - 60 * 60 * 1000;
  const lines: string[] = [];
  for (let i = 0; i < LOG_LINES; i++) {
    lines.push(
      JSON.stringify({
        ts: new Date(start + i * 20_000).toISOString(),
        level: i % 10 === 0 ? 'error' : 'info',
        service: 'checkout',
        msg: `POST /api/checkout answered in ${40 + (i % 30)} ms`,
      }),
    );
    if (i === 50) lines.push('{"ts": "cut short');
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

test.beforeAll(async () => {
  // No demo: this spec is about sources and imports, and the demo load is slow on a busy machine.
  session = await openSession(['--no-demo']);
  ({ server, page, watched } = session);
  deadPort = await unusedPort();
  logFile = writeLogFile();
});

test.afterAll(async () => {
  await closeSession(session);
  if (logFile) fs.rmSync(path.dirname(logFile), { recursive: true, force: true });
});

test('explains sources on an empty workspace and adds one through the form', async () => {
  await page.goto(`${server.url}#/sources`);
  await expect(page.getByTestId('screen-sources')).toBeVisible();
  const empty = page.getByTestId('sources-empty');
  await expect(empty).toContainText('No sources yet');
  await expect(empty).toContainText('iwb source add');
  await expect(empty).toContainText('keeps working');
  await screenshot(page, 'sources-empty');

  const form = page.getByTestId('add-source');
  await form.getByLabel('Type', { exact: true }).selectOption('prometheus');
  await expect(form).toContainText('PromQL');
  await form.getByLabel('Name', { exact: true }).fill('prom-e2e');
  await form.getByLabel('URL', { exact: true }).fill(`http://127.0.0.1:${deadPort}`);
  await form.getByLabel('Query 1', { exact: true }).fill('up');
  await form.getByRole('button', { name: 'Add header' }).click();
  await form.getByLabel('Header 1 name', { exact: true }).fill('Authorization');
  const secret = form.getByLabel('Header 1 value', { exact: true });
  await secret.fill(SECRET);
  await expect(secret).toHaveAttribute('type', 'password');
  await screenshot(page, 'sources-add-form');
  await page.getByTestId('add-source-submit').click();

  const card = page.getByTestId('source-card');
  await expect(card).toHaveCount(1);
  await expect(page.getByTestId('sources-list')).toBeVisible();
  await expect(card).toContainText('prom-e2e');
  await expect(card).toContainText(`127.0.0.1:${deadPort}`);
  await expect(card).toContainText('Never synced');
  await expect(card).toContainText('Authorization');
  await expect(page.locator('body')).not.toContainText(SECRET);
  await screenshot(page, 'sources-list');
  expect(watched.problems).toEqual([]);
});

test('syncs, reports the source offline with its error and shows it in the status bar', async () => {
  await page.getByTestId('sync-button').click();
  const report = page.getByTestId('sync-report');
  await expect(report).toBeVisible({ timeout: 90_000 });
  await expect(report).toContainText('prom-e2e');
  await expect(report).toContainText('Offline');
  await expect(report).toContainText(`127.0.0.1:${deadPort}`);

  const card = page.getByTestId('source-card');
  await expect(card.locator('[data-status="offline"]').first()).toBeVisible();
  const error = card.getByTestId('source-error');
  await expect(error).toContainText(`127.0.0.1:${deadPort}`);
  await expect(page.getByTestId('status-sources')).toContainText('prom-e2e');
  await expect(page.getByTestId('status-sources')).toContainText('offline');
  await screenshot(page, 'sources-sync-report');
  expect(watched.problems).toEqual([]);
});

test('imports a log file through the file picker and shows what was stored and rejected', async () => {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-button').click();
  await (await chooser).setFiles(logFile);

  const result = page.getByTestId('import-result');
  await expect(result).toHaveCount(1, { timeout: 60_000 });
  await expect(result).toContainText('checkout-e2e.jsonl');
  await expect(result).toContainText('jsonl');
  await expect(result).toContainText(`${LOG_LINES} stored`);
  await expect(result).toContainText('1 rejected');
  await expect(result).toContainText('First rejected: line 52');
  await screenshot(page, 'sources-import-result');
  expect(watched.problems).toEqual([]);
});

test('shows the drop overlay while files are dragged over the window, in both themes', async () => {
  // Evaluated as text: this file is type-checked for Node, where DataTransfer does not exist.
  const dataTransfer = await page.evaluateHandle(`(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['level=info msg=hello\\n'], 'dragged.log', { type: 'text/plain' }));
    return transfer;
  })()`);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  const overlay = page.getByTestId('drop-overlay');
  await expect(overlay).toBeVisible();
  await expect(overlay).toContainText('Drop log, metric or trace files');
  await screenshot(page, 'sources-drop-overlay');
  await page.dispatchEvent('body', 'dragleave', { dataTransfer });
  await expect(overlay).toBeHidden();

  await page.getByTestId('theme-toggle').click();
  const theme = await page.locator('html').getAttribute('data-theme');
  await screenshot(page, `sources-${theme ?? 'other'}-theme`);
  await page.getByTestId('theme-toggle').click();
  expect(watched.problems).toEqual([]);
});
