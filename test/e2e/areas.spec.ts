import { expect, test, type Page } from '@playwright/test';
import { areas } from '../../renderer/state/route';
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

test('opens on the demo incident and visits every area without an error', async () => {
  await page.goto(server.url);
  await expect(page.getByTestId('incident-row').first()).toBeVisible();
  await expect(page.getByTestId('status-bar')).toContainText('workspace.db');
  await page.getByTestId('incident-row').first().click();
  const overview = page.getByTestId('incident-overview');
  await expect(overview).toContainText('Checkout');
  await expect(overview).toContainText('SEV2');
  await expect(overview).toContainText('CheckoutHighErrorRate');
  await screenshot(page, 'incidents');

  for (const area of areas.slice(1)) {
    await page.getByTestId(`nav-${area}`).click();
    await expect(page.getByTestId(`screen-${area}`)).toBeVisible();
    await screenshot(page, area);
  }
  expect(watched.problems).toEqual([]);
});

test('keeps the view across a reload and switches theme', async () => {
  await page.getByTestId('nav-incidents').click();
  // A reload cancels whatever is still loading (the note editor's worker among them), which the watcher
  // would count as a failed request; the engineer reloads a screen that has finished loading.
  await page.waitForLoadState('networkidle');
  await page.reload();
  await expect(page.getByTestId('screen-incidents')).toBeVisible();
  const before = await page.locator('html').getAttribute('data-theme');
  await page.getByTestId('theme-toggle').click();
  const after = await page.locator('html').getAttribute('data-theme');
  expect(after).not.toBe(before);
  await screenshot(page, `incidents-${after ?? 'other'}-theme`);
  await page.getByTestId('theme-toggle').click();
  expect(watched.problems).toEqual([]);
});

test('opens the command palette with Ctrl+K and navigates from it', async () => {
  await page.keyboard.press('Control+K');
  const palette = page.getByTestId('command-palette');
  await expect(palette).toBeVisible();
  await page.keyboard.type('Metrics');
  await screenshot(page, 'command-palette');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('screen-metrics')).toBeVisible();
  await page.keyboard.press('Control+K');
  await expect(palette).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();
  expect(watched.problems).toEqual([]);
});
