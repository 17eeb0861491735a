import { expect, test, type Page } from '@playwright/test';
import type { ServeProcess } from '../support/cli';
import { closeSession, openSession, screenshot, type E2eSession, type PageProblems } from './support';

const INCIDENT = 'INC-2026-1118-checkout';

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

test('finds the failing checkout traces and shows where the time went', async () => {
  await page.goto(`${server.url}#/traces?incident=${INCIDENT}`);
  const rows = page.getByTestId('trace-row');
  await expect(rows.first()).toBeVisible();
  await screenshot(page, 'traces-list');

  await page.keyboard.press('/');
  await expect(page.getByTestId('trace-service')).toBeFocused();
  await page.getByTestId('trace-service').selectOption('checkout');
  await page.getByTestId('trace-errors-only').check();
  await page.getByRole('columnheader', { name: 'Duration' }).getByRole('button').click();
  await expect(rows.first()).toContainText('error');
  await expect(rows.first()).toContainText('checkout');

  await rows.first().click();
  const waterfall = page.getByTestId('trace-waterfall');
  await expect(waterfall.getByTestId('span-row').first()).toBeVisible();
  await expect(
    waterfall.locator('[data-testid="span-row"][data-critical][data-error]').first(),
  ).toBeVisible();
  await waterfall.locator('[data-testid="span-row"][data-error]').last().click();
  await expect(page.getByTestId('span-panel')).toContainText('Attributes');
  await waterfall.scrollIntoViewIfNeeded();
  await screenshot(page, 'traces-waterfall');

  const logs = page.getByTestId('trace-logs-link');
  await expect(logs).toHaveAttribute(
    'href',
    /^#\/logs\?incident=INC-2026-1118-checkout&q=trace%3A[0-9a-f]{32}$/,
  );
  expect(watched.problems).toEqual([]);
});

test('draws the service map with the failing checkout edge in red, in both themes', async () => {
  await page.getByTestId('traces-tab-map').click();
  const map = page.getByTestId('service-map');
  await expect(map.getByTestId('map-node')).toHaveCount(5);
  await expect(map.locator('[data-testid="map-edge"][data-bad]').first()).toBeVisible();
  await screenshot(page, 'traces-map');
  await page.getByTestId('theme-toggle').click();
  await screenshot(page, 'traces-map-other-theme');
  await page.getByTestId('theme-toggle').click();

  await map.getByTestId('map-node').filter({ hasText: 'payments' }).click();
  await expect(page.getByTestId('trace-service')).toHaveValue('payments');
  expect(watched.problems).toEqual([]);
});

test('opens a trace linked from another screen', async () => {
  await page.getByTestId('traces-tab-search').click();
  const href = await page.getByTestId('trace-row').last().getAttribute('data-trace-id');
  expect(href).toMatch(/^[0-9a-f]{32}$/);
  await page.getByTestId('nav-incidents').click();
  await expect(page.getByTestId('screen-incidents')).toBeVisible();
  // Only the hash changes, as when the Logs screen links here: the page is not reloaded.
  await page.evaluate(`location.hash = '#/traces?incident=${INCIDENT}&trace=${href ?? ''}'`);
  const waterfall = page.getByTestId('trace-waterfall');
  await expect(waterfall).toContainText(href ?? '');
  await expect(waterfall.getByTestId('span-row').first()).toBeVisible();
  await screenshot(page, 'traces-linked');
  expect(watched.problems).toEqual([]);
});
