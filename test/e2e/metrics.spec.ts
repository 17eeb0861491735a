import { expect, test, type Page } from '@playwright/test';
import type { ServeProcess } from '../support/cli';
import { closeSession, openSession, screenshot, type E2eSession, type PageProblems } from './support';

let session: E2eSession | undefined;
let server: ServeProcess;
let page: Page;
let watched: PageProblems;

// Each test continues where the previous one left the page.
test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  // A brand-new workspace loads the demo incident by itself on first launch.
  session = await openSession();
  ({ server, page, watched } = session);
});

test.afterAll(async () => {
  await closeSession(session);
});

test('opens on the RED board of the incident service, with the deploy marked', async () => {
  await page.goto(server.url);
  await page.getByTestId('incident-row').first().click();
  await page.getByTestId('nav-metrics').click();
  const board = page.getByTestId('red-board');
  await expect(board).toBeVisible();
  await expect(board).toContainText('checkout');
  await expect(board).toContainText('Server errors');
  await expect(board).toContainText('Latency p95');
  await expect(board).toContainText('checkout v2.14.0');
  await screenshot(page, 'metrics-red-board');
  expect(watched.problems).toEqual([]);
});

test('opens the SLO panel on checkout: budget spent and the incident window pages', async () => {
  await page.getByTestId('open-slo').click();
  const panel = page.getByTestId('slo-panel');
  await expect(panel.getByTestId('slo-budget')).toContainText('Error budget left');
  await expect(panel.getByTestId('slo-budget')).toContainText('−');
  await expect(panel.getByTestId('slo-page-status')).toContainText('Would page');
  await expect(panel.getByTestId('slo-pages')).toContainText('Page: 1h/5m burn above 14.4 from 11:');
  await expect(panel.locator('.recharts-line-curve')).toHaveCount(4);
  await expect(panel).toContainText('not the whole 30-day period');
  await screenshot(page, 'metrics-slo');

  await panel.getByRole('button', { name: 'Latency' }).click();
  await expect(panel).toContainText('Requests faster than 500 ms');
  await expect(panel).toContainText('Approximated from latency quantiles');
  await page.getByTestId('theme-toggle').click();
  await screenshot(page, 'metrics-slo-latency');
  await page.getByTestId('theme-toggle').click();

  await panel.getByRole('button', { name: 'Availability' }).click();
  await page.getByRole('button', { name: 'Signals' }).click();
  await expect(page.getByTestId('red-board')).toContainText('Latency quantiles');
  expect(watched.problems).toEqual([]);
});

test('finds a series with `/` and charts it next to another one', async () => {
  await page.keyboard.press('/');
  await expect(page.getByTestId('metrics-search')).toBeFocused();
  await page.keyboard.type('requests_total checkout 5xx');
  const list = page.getByTestId('series-list');
  await expect(list.getByRole('button')).toHaveCount(1);
  await list.getByRole('button', { name: /http_requests_total/ }).click();

  await page.getByTestId('metrics-search').fill('db_pool_pending checkout');
  await expect(list.getByRole('button')).toHaveCount(1);
  await list.getByRole('button', { name: /db_pool_pending_requests/ }).click();

  const charts = page.getByTestId('series-charts');
  await expect(charts.getByRole('region')).toHaveCount(2);
  await expect(charts.locator('.recharts-line-curve')).toHaveCount(2);
  await expect(charts).toContainText('status_class=5xx');
  await screenshot(page, 'metrics-series');

  await page.getByRole('button', { name: 'Back to the RED board' }).click();
  await expect(page.getByTestId('red-board')).toBeVisible();
  expect(watched.problems).toEqual([]);
});

test('says so when nothing matches the search', async () => {
  await page.getByTestId('metrics-search').fill('no_such_metric_anywhere');
  await expect(page.getByTestId('metrics-screen')).toContainText('No series match');
  await page.getByTestId('theme-toggle').click();
  await screenshot(page, 'metrics-empty-search');
  await page.getByTestId('theme-toggle').click();
  expect(watched.problems).toEqual([]);
});
