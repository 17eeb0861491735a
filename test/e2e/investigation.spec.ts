import { expect, test, type Page } from '@playwright/test';
import type { ServeProcess } from '../support/cli';
import { closeSession, openSession, screenshot, type E2eSession, type PageProblems } from './support';

let session: E2eSession | undefined;
let server: ServeProcess;
let page: Page;
let watched: PageProblems;

/** The one piece of the page's DOM this file reads; the e2e project is compiled without the DOM library. */
interface Animated {
  document: { getAnimations(): unknown[] };
}

test.beforeAll(async () => {
  // A brand-new workspace: the first launch loads the demo incident by itself.
  session = await openSession();
  ({ server, page, watched } = session);
  await page.emulateMedia({ colorScheme: 'dark' });
});

test.afterAll(async () => {
  await closeSession(session);
});

test('runs the investigation on the demo incident, confirms the top hypothesis and plans the follow-up', async () => {
  test.setTimeout(90_000);
  await page.goto(server.url);
  await page.getByTestId('incident-row').first().click();
  await page.getByTestId('nav-investigation').click();
  const screen = page.getByTestId('screen-investigation');
  await expect(screen.getByTestId('investigation-empty')).toContainText('No investigation yet');
  await expect(screen).toContainText('INC-2026-1118-checkout');
  await screenshot(page, 'investigation-empty');

  await screen.getByTestId('investigation-run').click();
  await expect(screen.getByTestId('finding').first()).toBeVisible({ timeout: 30_000 });
  await expect(screen.getByTestId('finding').filter({ hasText: 'checkout' }).first()).toBeVisible();
  const top = screen.getByTestId('hypothesis').first();
  await expect(top).toContainText(/connection pool/i);
  await expect(screen.getByTestId('similar-incidents')).toContainText(/HikariCP pool/i);
  await screenshot(page, 'investigation-results');

  const regression = screen
    .getByTestId('hypothesis')
    .filter({ hasText: /regression/i })
    .first();
  await expect(regression).toContainText('0 refuting');
  await screen.getByTestId('evidence-attach').first().click();
  const menu = page.getByRole('dialog', { name: 'Attach to a hypothesis' });
  await menu
    .locator('.attach-menu__row', { hasText: /regression/i })
    .getByRole('button', { name: 'Refutes' })
    .click();
  await expect(regression).toContainText('1 refuting');
  await screenshot(page, 'investigation-attach');
  await page.keyboard.press('Escape');

  await top.getByTestId('hypothesis-confirm').click();
  await expect(screen.getByTestId('root-cause')).toContainText(/connection pool/i);
  await expect(screen.getByTestId('hypothesis-board')).toContainText('Confirmed');
  await screenshot(page, 'investigation-confirmed');

  await screen.getByTestId('investigation-tab-timeline').click();
  const timeline = screen.getByTestId('investigation-timeline');
  await expect(
    timeline
      .getByTestId('timeline-entry')
      .filter({ hasText: /confirmed/i })
      .first(),
  ).toContainText(/connection pool/i);
  await screenshot(page, 'investigation-timeline');
  await timeline.getByRole('button', { name: 'show finding' }).first().click();
  await expect(screen.locator('.finding--highlighted')).toBeVisible();

  const actions = screen.getByTestId('action-items');
  await actions.getByLabel('Action item').fill('Cap the checkout connection pool at the database limit');
  await actions.getByLabel('Owner').fill('payments-team');
  await actions.getByLabel('Priority').selectOption('P1');
  await actions.getByRole('button', { name: 'Add' }).click();
  await expect(actions.getByTestId('action-item')).toContainText('Cap the checkout connection pool');

  await screen.getByTestId('investigation-tab-findings').click();
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  // Colours fade between themes; a picture taken mid-fade shows neither.
  await page.waitForFunction(() => (globalThis as unknown as Animated).document.getAnimations().length === 0);
  await screenshot(page, 'investigation-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(watched.problems).toEqual([]);
});

test('follows a log evidence link into Logs with its search', async () => {
  const link = page.locator('[data-testid="evidence-link"][href*="q="]').first();
  const href = (await link.getAttribute('href')) ?? '';
  const query = new URLSearchParams(href.split('?', 2)[1] ?? '').get('q') ?? '';
  expect(query).not.toBe('');
  await link.click();
  await expect(page.getByTestId('screen-logs')).toBeVisible();
  await expect(page.getByTestId('log-search')).toHaveValue(query);
  await expect(page.getByTestId('log-row').first()).toBeVisible();
  expect(watched.problems).toEqual([]);
});
