import { expect, test, type Page } from '@playwright/test';
import type { ServeProcess } from '../support/cli';
import { closeSession, openSession, screenshot, type E2eSession, type PageProblems } from './support';

let session: E2eSession | undefined;
let server: ServeProcess;
let page: Page;
let watched: PageProblems;

test.beforeAll(async () => {
  // A brand-new workspace: the first launch loads the demo incident by itself.
  session = await openSession();
  ({ server, page, watched } = session);
});

test.afterAll(async () => {
  await closeSession(session);
});

test('searches the demo incident logs, opens a line and shows what is wrong with a query', async () => {
  await page.goto(server.url);
  await page.getByTestId('incident-row').first().click();
  await page.getByTestId('nav-logs').click();
  await expect(page.getByTestId('log-row').first()).toBeVisible();
  await expect(page.getByTestId('log-volume')).toBeVisible();
  await screenshot(page, 'logs-all');

  await page.keyboard.press('/');
  await page.keyboard.type('timeout level:error');
  await expect(page.getByTestId('log-row').first()).toContainText('ERROR');
  await expect(page.getByTestId('log-total')).toContainText('lines');
  await page.getByTestId('log-row').first().click();
  await expect(page.getByTestId('log-detail')).toContainText('Attributes');
  await screenshot(page, 'logs-detail');

  await page.getByTestId('log-search').fill('service:checkout "(');
  await expect(page.getByTestId('log-query-error')).toContainText('never closed');
  await page.getByTestId('log-search').fill('zzz_no_such_word_anywhere');
  await expect(page.getByTestId('logs-empty')).toContainText('No log lines match');
  await screenshot(page, 'logs-empty');

  await page.getByTestId('log-search').press('Escape');
  await expect(page.getByTestId('log-search')).toHaveValue('');
  await page.getByTestId('logs-tab-patterns').click();
  await expect(page.getByTestId('patterns-empty').or(page.getByTestId('patterns-table'))).toBeVisible();
  await screenshot(page, 'logs-patterns');
  expect(watched.problems).toEqual([]);
});

test('scrolls through more than one page and follows a trace link to Traces', async () => {
  await page.getByRole('tab', { name: 'Lines' }).click();
  const table = page.getByTestId('log-table');
  await expect(page.getByTestId('log-row').first()).toBeVisible();
  await table.evaluate((element) => element.scrollTo(0, 260 * 26));
  await expect(page.getByTestId('log-row').last()).toBeVisible();
  await page.getByTestId('log-search').fill('timeout level:error');
  await expect(
    page.locator('[data-testid=logs-results][data-query="timeout level:error"][data-status=ready]'),
  ).toBeVisible();
  const link = page.getByTestId('log-trace-link').first();
  await expect(link).toBeVisible();
  await link.click();
  await expect(page.getByRole('main', { name: 'Traces' })).toBeVisible();
  await screenshot(page, 'logs-trace-link');
  expect(watched.problems).toEqual([]);
});
