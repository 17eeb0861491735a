import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type { ServeProcess } from '../support/cli';
import { closeSession, openSession, screenshot, type E2eSession, type PageProblems } from './support';

let session: E2eSession | undefined;
let server: ServeProcess;
let page: Page;
let watched: PageProblems;

/** The pieces of the page's DOM this file reads; the e2e project is compiled without the DOM library. */
interface Animated {
  document: { getAnimations(): unknown[] };
}
interface Timed {
  performance: { getEntriesByType(type: 'resource'): { name: string }[] };
}

/** Reloads once Monaco's worker has arrived: a reload mid-download cancels it, which reads as a failed request. */
async function reloadWhenSettled(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    (globalThis as unknown as Timed).performance
      .getEntriesByType('resource')
      .some((entry) => entry.name.includes('editor.worker')),
  );
  await page.reload();
}

const SENTENCE = 'The pager reached the payments team eleven minutes after the first alert.';
const REVIEWED = 'Reviewed with the payments team.';
const UNSAVED = 'Nobody owned the Helm chart defaults for the datasource.';

/** What the core answers when it cannot take a write: the call fails the way a busy or stopped core fails it. */
const refusal = JSON.stringify({
  ok: false,
  error: { code: 'unavailable', message: 'The workspace is busy.' },
});

test.beforeAll(async () => {
  // A brand-new workspace: the first launch loads the demo incident by itself.
  session = await openSession();
  ({ server, page, watched } = session);
  await page.emulateMedia({ colorScheme: 'dark' });
});

test.afterAll(async () => {
  await closeSession(session);
});

test('drafts the post-mortem from a confirmed investigation, with links, prompts and a chart', async () => {
  test.setTimeout(120_000);
  await page.goto(server.url);
  await page.getByTestId('incident-row').first().click({ timeout: 60_000 });
  await page.getByTestId('nav-investigation').click();
  const investigation = page.getByTestId('screen-investigation');
  await investigation.getByTestId('investigation-run').click();
  const top = investigation.getByTestId('hypothesis').first();
  await expect(top).toContainText(/connection pool/i, { timeout: 30_000 });
  await top.getByTestId('hypothesis-confirm').click();
  await expect(investigation.getByTestId('root-cause')).toContainText(/connection pool/i);

  await page.getByTestId('nav-postmortem').click();
  const screen = page.getByTestId('screen-postmortem');
  await expect(screen.getByTestId('postmortem-empty')).toContainText('No post-mortem yet');
  await screenshot(page, 'postmortem-empty');

  await screen.getByTestId('postmortem-draft').click();
  const preview = screen.getByTestId('postmortem-preview');
  await expect(preview.getByRole('heading', { name: /root cause/i })).toBeVisible({ timeout: 30_000 });
  await expect(preview).toContainText(/connection pool/i);
  await expect(preview.getByTestId('postmortem-chart').first().locator('svg').first()).toBeVisible();
  await expect(preview.locator('.pm-prompt').first()).toContainText('Author:');
  await expect(preview.locator('a.pm-ref').first()).toBeVisible();
  await expect(screen.getByTestId('postmortem-status')).toContainText('v1');
  await expect(screen.locator('.monaco-editor').first()).toBeVisible();
  await preview.getByRole('heading', { name: /root cause/i }).scrollIntoViewIfNeeded();
  await screenshot(page, 'postmortem-editor');
  expect(watched.problems).toEqual([]);
});

test('autosaves what is typed and keeps it across a reload', async () => {
  const screen = page.getByTestId('screen-postmortem');
  await screen.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.type(SENTENCE);
  await expect(screen.getByTestId('postmortem-preview')).toContainText(SENTENCE);
  await expect(screen.getByTestId('postmortem-status')).toContainText(/Saved .* · v2/, { timeout: 15_000 });

  await reloadWhenSettled(page);
  await expect(page.getByTestId('screen-postmortem').getByTestId('postmortem-preview')).toContainText(
    SENTENCE,
    {
      timeout: 30_000,
    },
  );
  await expect(page.getByTestId('postmortem-recovery')).toHaveCount(0);
  expect(watched.problems).toEqual([]);
});

test('views and restores an earlier version, which appends a version', async () => {
  const screen = page.getByTestId('screen-postmortem');
  await screen.getByTestId('postmortem-versions-toggle').click();
  const versions = screen.getByTestId('postmortem-version');
  await expect(versions).toHaveCount(2);
  const first = versions.filter({ hasText: 'v1' });
  await first.getByRole('button', { name: 'View' }).click();
  await expect(screen.getByTestId('postmortem-viewing')).toContainText('Viewing v1');
  await expect(screen.getByTestId('postmortem-preview')).not.toContainText(SENTENCE);
  await screenshot(page, 'postmortem-versions');

  await first.getByRole('button', { name: 'Restore…' }).click();
  await first.getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(versions).toHaveCount(3);
  await expect(versions.first()).toContainText('restored');
  await expect(versions.first()).toContainText('current');
  await expect(screen.getByTestId('postmortem-viewing')).toHaveCount(0);
  await expect(screen.getByTestId('postmortem-preview')).not.toContainText(SENTENCE);
  await expect(screen.getByTestId('postmortem-status')).toContainText('v3');
  expect(watched.problems).toEqual([]);
});

test('exports Markdown as a download', async () => {
  const screen = page.getByTestId('screen-postmortem');
  await screen.getByTestId('postmortem-export').click();
  const downloading = page.waitForEvent('download');
  await page
    .getByRole('dialog', { name: 'Export' })
    .getByRole('button', { name: /Markdown/ })
    .click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/-postmortem\.md$/);
  const text = fs.readFileSync(await download.path(), 'utf8');
  expect(text).toMatch(/root cause/i);
  expect(text).not.toContain(SENTENCE);
  expect(watched.problems).toEqual([]);
});

test('publishes to the knowledge base, and replaces the file only when asked again', async () => {
  const screen = page.getByTestId('screen-postmortem');
  await screen.getByTestId('postmortem-publish').click();
  const dialog = page.getByRole('dialog', { name: 'Publish to knowledge base' });
  await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
  const written = dialog.getByTestId('postmortem-written-path');
  await expect(written).toContainText(/incidents\/.*\.md/);
  const file = (await written.locator('code').textContent()) ?? '';
  expect(fs.readFileSync(file, 'utf8')).toMatch(/connection pool/i);
  await page.keyboard.press('Escape');

  await screen.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.type(REVIEWED);
  await expect(screen.getByTestId('postmortem-status')).toContainText('Saved', { timeout: 15_000 });
  await screen.getByTestId('postmortem-publish').click();
  await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
  await dialog.getByRole('button', { name: 'Replace it' }).click();
  await expect(written).toContainText(file);
  expect(fs.readFileSync(file, 'utf8')).toContain(REVIEWED);
  await page.keyboard.press('Escape');
  // The core answers the first attempt on a changed file with 409 Conflict, which is how the screen knows to ask.
  const askedToReplace = /HTTP 409: .*\/api\/publishPostmortem|status of 409 \(Conflict\)/;
  expect(watched.problems.filter((problem) => !askedToReplace.test(problem))).toEqual([]);
  watched.problems.length = 0;
});

test('keeps text the core could not save and offers it back on the next open', async () => {
  await page.route('**/api/savePostmortem', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: refusal }),
  );
  const screen = page.getByTestId('screen-postmortem');
  await screen.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.type(UNSAVED);
  await expect(screen.getByTestId('postmortem-status')).toContainText('Not saved — retrying', {
    timeout: 15_000,
  });

  await reloadWhenSettled(page);
  const recovery = page.getByTestId('postmortem-recovery');
  await expect(recovery).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('postmortem-preview')).not.toContainText(UNSAVED);
  await page.unroute('**/api/savePostmortem');
  await recovery.getByRole('button', { name: 'Restore it' }).click();
  await expect(page.getByTestId('postmortem-preview')).toContainText(UNSAVED);
  await expect(page.getByTestId('postmortem-status')).toContainText('Saved', { timeout: 15_000 });

  await reloadWhenSettled(page);
  await expect(page.getByTestId('postmortem-preview')).toContainText(UNSAVED, { timeout: 30_000 });
  await expect(recovery).toHaveCount(0);
  // Leaving the page cancels the save it sends on the way out while the core is refusing; the local copy is what
  // carries the text across, so that one cancelled request is expected.
  const unloadSave = /request failed: .*\/api\/savePostmortem \(net::ERR_ABORTED\)/;
  expect(watched.problems.filter((problem) => !unloadSave.test(problem))).toEqual([]);
  watched.problems.length = 0;
});

test('reads well in the light theme and its reference chips open the investigation', async () => {
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  // Colours fade between themes; a picture taken mid-fade shows neither.
  await page.waitForFunction(() => (globalThis as unknown as Animated).document.getAnimations().length === 0);
  await screenshot(page, 'postmortem-light');
  await page.emulateMedia({ colorScheme: 'dark' });

  await page.getByTestId('postmortem-preview').locator('a.pm-ref').first().click();
  await expect(page.getByTestId('screen-investigation')).toBeVisible();
  await expect(page.getByTestId('root-cause')).toContainText(/connection pool/i);
  expect(watched.problems).toEqual([]);
});
