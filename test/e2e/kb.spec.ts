import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { ServeProcess } from '../support/cli';
import { closeSession, openSession, screenshot, type E2eSession, type PageProblems } from './support';

let session: E2eSession | undefined;
let server: ServeProcess;
let page: Page;
let watched: PageProblems;

const POOL_INCIDENT = 'incidents/KB-2023-1012-orders-hikari-pool-shrunk.md';
const CONFLICT_COPY = 'incidents/KB-2023-1012-orders-hikari-pool-shrunk.conflict-20261124T130502Z.md';

test.beforeAll(async () => {
  session = await openSession();
  ({ server, page, watched } = session);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(server.url);
  // The first launch loads the demo; the knowledge base is searched once the workspace is ready.
  await expect(page.getByTestId('incident-row').first()).toBeVisible({ timeout: 60_000 });
});

test.afterAll(async () => {
  await closeSession(session);
});

test('finds a past incident from a log line, says why, and opens it', async () => {
  await page.getByTestId('nav-kb').click();
  const screen = page.getByTestId('screen-kb');
  await expect(screen.getByTestId('kb-counts')).toContainText('past incidents');
  await screenshot(page, 'kb-start');

  await screen.getByTestId('kb-search').fill('HikariPool connection not available');
  await screen.getByRole('button', { name: 'Find similar' }).click();
  const pool = screen.getByTestId('kb-result').filter({ hasText: 'KB-2023-1012-orders-hikari-pool-shrunk' });
  await expect(pool).toBeVisible();
  const why = pool.getByTestId('kb-why');
  await expect(why).toContainText('Shared');
  await expect(why).toContainText(/hikari/i);
  await expect(why).toContainText('deploy-regression');
  await expect(why).toContainText(/Rolled back/);
  await screenshot(page, 'kb-results');

  await pool.getByRole('button').first().click();
  const doc = screen.getByTestId('kb-document');
  await expect(doc).toContainText('Orders API 5xx after deploy shrank the HikariCP pool from 50 to 5');
  await expect(doc.locator('.kb-facts')).toContainText('Root cause');
  await expect(doc.locator('.kb-doc__body h2').first()).toBeVisible();
  await screenshot(page, 'kb-document');

  await screen.getByTestId('kb-tab-library').click();
  await expect(screen.getByTestId('kb-library').getByRole('button').first()).toBeVisible();
  await screenshot(page, 'kb-library');
  expect(watched.problems).toEqual([]);
});

test('shows a sync conflict side by side and resolving it removes it', async () => {
  const screen = page.getByTestId('screen-kb');
  await screen.getByTestId('kb-tab-sync').click();
  await expect(screen.getByTestId('kb-sync')).toContainText('Sync with the team');
  const dir = (await screen.getByTestId('kb-dir').textContent()) ?? '';
  expect(fs.existsSync(path.join(dir, POOL_INCIDENT))).toBe(true);
  await screenshot(page, 'kb-sync');

  const theirs = fs.readFileSync(path.join(dir, POOL_INCIDENT), 'utf8');
  const mine = theirs.replace('severity: SEV2', 'severity: SEV1');
  fs.writeFileSync(path.join(dir, CONFLICT_COPY), mine);
  await screen.getByTestId('kb-tab-library').click();
  await screen.getByTestId('kb-tab-sync').click();
  const row = screen.getByTestId('kb-conflict-row');
  await expect(row).toContainText(POOL_INCIDENT);
  await row.click();

  const diff = screen.getByTestId('kb-diff');
  await expect(diff.locator('.monaco-diff-editor')).toBeVisible();
  await expect(diff).toContainText('severity: SEV1');
  await expect(diff).toContainText('severity: SEV2');
  // Monaco computes the diff after the text shows; the highlight is what the engineer reads.
  await expect(diff.locator('.char-insert, .line-insert').first()).toBeVisible();
  await screenshot(page, 'kb-conflict');
  await page.emulateMedia({ colorScheme: 'light' });
  await screenshot(page, 'kb-conflict-light');
  await page.emulateMedia({ colorScheme: 'dark' });

  await screen.getByRole('button', { name: 'Keep mine' }).click();
  await expect(screen.getByTestId('kb-conflicts')).toContainText('No conflicts');
  await expect(row).toHaveCount(0);
  expect(fs.existsSync(path.join(dir, CONFLICT_COPY))).toBe(false);
  expect(fs.readFileSync(path.join(dir, POOL_INCIDENT), 'utf8')).toBe(mine);
  expect(watched.problems).toEqual([]);
});
