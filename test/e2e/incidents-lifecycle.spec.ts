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
  await page.emulateMedia({ colorScheme: 'dark' });
});

test.afterAll(async () => {
  await closeSession(session);
});

async function inBothThemes(name: string): Promise<void> {
  await screenshot(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
  await screenshot(page, `${name}-light`);
  await page.emulateMedia({ colorScheme: 'dark' });
}

test('opens an incident by hand, walks it to resolved, notes it in Markdown and reads the history', async () => {
  test.setTimeout(120_000);
  await page.goto(server.url);
  await expect(page.getByTestId('incident-row').first()).toBeVisible({ timeout: 60_000 });

  await page.getByTestId('new-incident-button').click();
  const form = page.getByTestId('new-incident');
  await form.getByLabel('Title').fill('Card payments failing at checkout');
  await form.getByRole('radio', { name: 'SEV1' }).click();
  await form.getByLabel('Affected services').fill('checkout, payments');
  await form.getByLabel('Commander').fill('Ana Costa');
  await inBothThemes('incidents-new');
  await form.getByRole('button', { name: 'Open incident' }).click();

  const overview = page.getByTestId('incident-overview');
  await expect(overview.getByRole('heading', { name: 'Card payments failing at checkout' })).toBeVisible();
  await expect(overview).toContainText(/INC-\d{4}-\d{4}-card-payments-failing-at-checkout/);
  await expect(overview.getByTestId('step-open')).toHaveClass(/step--current/);
  await expect(overview.getByTestId('key-times')).toContainText('Time to acknowledge · running');
  await inBothThemes('incidents-open');

  for (const [button, status] of [
    ['Acknowledge', 'acknowledged'],
    ['Start investigating', 'investigating'],
    ['Mark mitigated', 'mitigated'],
    ['Resolve', 'resolved'],
  ] as const) {
    await overview.getByTestId('next-step').filter({ hasText: button }).click();
    await expect(overview.getByTestId(`step-${status}`)).toHaveClass(/step--current/);
    await expect(overview.getByTestId(`step-${status}`)).not.toContainText('—');
  }
  await expect(overview.getByTestId('next-step')).toHaveText('Close');
  await inBothThemes('incidents-resolved');
  await expect(overview.getByTestId('key-times')).not.toContainText('running');
  const timeline = overview.getByRole('region', { name: 'Timeline' });
  await expect(timeline).toContainText('Investigating → Mitigated');
  await expect(timeline).toContainText('Mitigated → Resolved');

  await overview.getByRole('button', { name: 'Edit customer impact' }).click();
  await overview.getByLabel('Customer impact').fill('One card payment in three declined for 20 minutes.');
  await overview.getByRole('button', { name: 'Save' }).click();
  await expect(overview.getByTestId('fact-customer-impact')).toContainText('One card payment in three');

  const editor = overview.getByTestId('markdown-editor');
  await editor.locator('.monaco-editor').click();
  await page.keyboard.type('## Rolled back\n\nRolled **payments** back to `v4.1.2`.');
  await editor.getByRole('tab', { name: 'Preview' }).click();
  await expect(editor.locator('strong')).toHaveText('payments');
  await overview.getByRole('button', { name: 'Add to timeline' }).click();
  const note = timeline.locator('.timeline__entry--note').last();
  await expect(note).toContainText('Rolled back');
  await expect(note.locator('code')).toHaveText('v4.1.2');
  await expect(editor.getByRole('tab', { name: 'Write' })).toHaveAttribute('aria-selected', 'true');
  await note.scrollIntoViewIfNeeded();
  await inBothThemes('incidents-note');

  await page.getByRole('link', { name: 'All incidents' }).click();
  await page.getByRole('tab', { name: 'History' }).click();
  const history = page.getByTestId('incident-history');
  await expect(history).toContainText('2 incidents across 4 services');
  await expect(page.getByTestId('chart-months').locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expect(page.getByTestId('chart-mttr')).toContainText('payments');
  await inBothThemes('incidents-history');

  expect(watched.problems).toEqual([]);
});
