import { expect, test, type Page } from '@playwright/test';
import type { ServeProcess } from '../support/cli';
import {
  closeSession,
  openSession,
  screenshot,
  watchPage,
  type E2eSession,
  type PageProblems,
} from './support';

let session: E2eSession | undefined;
let server: ServeProcess;
let page: Page;
let watched: PageProblems;
const reopened: PageProblems[] = [];

test.beforeAll(async () => {
  session = await openSession();
  ({ server, page, watched } = session);
});

test.afterAll(async () => {
  await closeSession(session);
});

const hashParams = (current: Page) => new URLSearchParams(new URL(current.url()).hash.split('?', 2)[1] ?? '');

/**
 * Opens the view's link in a fresh tab. The tab has none of the first one's state; like any new tab it
 * authenticates with the launch URL's token, and the view comes from the hash alone.
 */
async function reopen(url: string): Promise<Page> {
  if (!session) throw new Error('no browser session');
  const other = await session.browser.newPage({ viewport: { width: 1440, height: 900 } });
  const problems = watchPage(other);
  await other.goto(`${server.url}${new URL(url).hash}`);
  reopened.push(problems);
  return other;
}

test('a copied link reopens the same log search, charts and trace', async () => {
  await page.goto(server.url);
  await page.getByTestId('incident-row').first().click();

  await page.getByTestId('nav-logs').click();
  await page.getByTestId('log-search').fill('service:checkout HikariPool');
  await expect.poll(() => hashParams(page).get('q')).toBe('service:checkout HikariPool');
  const logs = await reopen(page.url());
  await expect(logs.getByTestId('log-search')).toHaveValue('service:checkout HikariPool');
  await expect(logs.getByTestId('log-row').first()).toContainText('checkout');
  await logs.close();

  await page.getByTestId('nav-metrics').click();
  await page.getByTestId('metrics-search').fill('db_pool_pending');
  await page.locator('.series-item', { hasText: 'db_pool_pending_requests' }).first().click();
  await expect(page.getByTestId('series-charts')).toBeVisible();
  await expect.poll(() => hashParams(page).get('series')).toMatch(/^\d+$/);
  const metrics = await reopen(page.url());
  await expect(metrics.getByTestId('series-charts')).toContainText('db_pool_pending_requests');
  await screenshot(metrics, 'links-metrics-reopened');
  await metrics.close();

  await page.getByTestId('nav-traces').click();
  await page.getByTestId('trace-row').first().click();
  await expect(page.getByTestId('trace-waterfall')).toBeVisible();
  await expect.poll(() => hashParams(page).get('trace')).toMatch(/^[0-9a-f]+$/);
  const traces = await reopen(page.url());
  await expect(traces.getByTestId('trace-waterfall')).toBeVisible();
  await expect(traces.getByTestId('span-row').first()).toBeVisible();
  await traces.close();
  expect(watched.problems).toEqual([]);
  expect(reopened.flatMap((problems) => problems.problems)).toEqual([]);
});

test('[ and ] slide the time range by half its width', async () => {
  await page.getByTestId('nav-logs').click();
  await page.getByTestId('screen-logs').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('[');
  await expect.poll(() => hashParams(page).get('range')).toBe('custom');
  const from = Number(hashParams(page).get('from'));
  const to = Number(hashParams(page).get('to'));
  await page.keyboard.press(']');
  await expect.poll(() => Number(hashParams(page).get('to'))).toBeGreaterThan(to);
  const width = to - from;
  expect(Number(hashParams(page).get('to')) - Number(hashParams(page).get('from'))).toBe(width);
  expect(Number(hashParams(page).get('from')) - from).toBe(Math.round(width / 2));
  expect(watched.problems).toEqual([]);
});
