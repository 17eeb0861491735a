import fs from 'node:fs';
import path from 'node:path';
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

/** A runbook the team keeps beside the workspace: commands that work anywhere, a check and a decision. */
const smokeRunbook = `id: checkout-smoke
title: Checkout smoke test
description: |
  Prints what the app knows about the incident, checks it, and asks what to do next.
  <img src="https://example.com/x.png" onerror="alert(1)"> stays text.
owner: sre
triggers:
  services: [checkout]
parameters:
  - name: region
    default: eu-west-1
    description: Where checkout runs.
steps:
  - id: probe
    title: Probe checkout in {{params.region}}
    type: command
    safe: true
    run: |
      for i in 1 2 3 4 5; do printf 'probe %s ok\\n' "$i"; sleep 0.4; done
      printf 'latency p99 %sms\\n' 840 >&2
    outputs:
      - name: p99
        regex: 'p99 (\\d+)ms'
  - id: probe-ok
    title: All five probes answered
    type: check
    check:
      step: probe
      contains: probe 5 ok
  - id: pending
    title: Requests waiting for a pool connection
    type: query
    query:
      kind: metric
      metric: db_pool_pending_requests
      service: checkout
  - id: pool-logs
    title: Pool errors in the logs
    type: query
    query:
      kind: logs
      search: 'service:checkout level:error'
      limit: 20
  - id: next
    title: Is latency acceptable?
    type: decision
    options:
      - label: Yes, close the check
        next: note
      - label: No, escalate
        next: escalate
  - id: escalate
    title: Page the database on-call
    type: manual
  - id: note
    title: Write down what you saw
    type: manual
`;

test.beforeAll(async () => {
  session = await openSession([], (dir) => {
    fs.mkdirSync(path.join(dir, 'runbooks'));
    fs.writeFileSync(path.join(dir, 'runbooks', 'checkout-smoke.yaml'), smokeRunbook);
  });
  ({ server, page, watched } = session);
  await page.emulateMedia({ colorScheme: 'dark' });
});

test.afterAll(async () => {
  await closeSession(session);
});

test('suggests the pool runbook for the demo incident and walks its queries, a decision and a manual step', async () => {
  test.setTimeout(120_000);
  await page.goto(server.url);
  await page.getByTestId('incident-row').first().click();
  await page.getByTestId('nav-runbooks').click();
  const screen = page.getByTestId('screen-runbooks');
  const pool = screen
    .getByTestId('runbook-suggested')
    .locator('[data-runbook="db-connection-pool-exhaustion"]');
  await expect(pool).toContainText('alert CheckoutHighErrorRate');
  await pool.click();
  const detail = screen.getByTestId('runbook-detail');
  await expect(detail).toContainText('Database connection-pool exhaustion');
  await expect(detail.locator('.rb-markdown strong').first()).toHaveText('too small');
  await screenshot(page, 'runbooks-library');

  const form = screen.getByTestId('runbook-params');
  await expect(form.locator('input[name="service"]')).toHaveValue('checkout');
  await expect(screen.getByTestId('runbook-start')).toBeDisabled();
  for (const [name, value] of [
    ['namespace', 'shop'],
    ['deployment', 'checkout'],
    ['db_host', 'orders-db.internal'],
    ['db_name', 'orders'],
    ['db_password', 'hunter2'],
  ]) {
    await form.locator(`input[name="${name}"]`).fill(value ?? '');
  }
  await screen.getByTestId('runbook-start').click();

  const run = screen.getByTestId('runbook-run');
  const step = (id: string) => run.locator(`[data-step="${id}"]`);
  await expect(step('pool-saturation')).toHaveAttribute('data-state', 'succeeded');
  await expect(step('pool-errors')).toHaveAttribute('data-state', 'succeeded');
  await expect(step('pool-waiting')).toContainText('pool-saturation: max above 0');
  const current = run.getByTestId('runbook-current-step');
  await expect(current.getByTestId('runbook-command')).toContainText(
    'kubectl -n shop get deployment checkout',
  );
  await screenshot(page, 'runbooks-queries');

  for (const id of ['compare-pool-config', 'db-connections', 'long-queries', 'blocked']) {
    await expect(step(id)).toHaveAttribute('data-state', 'current');
    if (id === 'db-connections') {
      await expect(current.getByTestId('runbook-command')).not.toContainText('hunter2');
    }
    await current.getByTestId('runbook-skip').click();
    await expect(step(id)).toHaveAttribute('data-state', 'skipped');
  }
  await current.getByTestId('runbook-option').filter({ hasText: 'too small' }).click();
  await expect(step('restore-pool')).toHaveAttribute('data-state', 'current');
  await current.getByLabel('Note for the timeline (optional)').fill('Rolled back to revision 41');
  await current.getByTestId('runbook-done').click();
  await expect(step('restore-pool')).toContainText('Rolled back to revision 41');
  await expect(run.getByTestId('runbook-run-status')).not.toHaveText('Waiting for you');
  await expect(screen.getByTestId('runbook-past-run').first()).toContainText('Database connection-pool');
  expect(watched.problems).toEqual([]);
});

test("confirms a workspace runbook's command and watches its output stream in", async () => {
  test.setTimeout(60_000);
  const screen = page.getByTestId('screen-runbooks');
  await screen.getByLabel('Search runbooks').fill('smoke');
  await screen.locator('[data-runbook="checkout-smoke"]').click();
  const detail = screen.getByTestId('runbook-detail');
  await expect(detail).toContainText('<img src="https://example.com/x.png" onerror="alert(1)"> stays text.');
  await expect(detail.locator('img')).toHaveCount(0);
  await screen.getByTestId('runbook-start').click();

  const run = screen.getByTestId('runbook-run');
  const current = run.getByTestId('runbook-current-step');
  const command = await current.getByTestId('runbook-command').innerText();
  expect(command).toContain("printf 'probe %s ok\\n'");
  await current.getByTestId('runbook-run-step').click();
  const dialog = page.getByTestId('runbook-confirm');
  await expect(dialog.getByTestId('runbook-confirm-command')).toHaveText(command);
  await screenshot(page, 'runbooks-confirm');
  await dialog.getByTestId('runbook-confirm-run').click();

  const output = run.locator('[data-step="probe"]').getByTestId('runbook-output');
  await expect(output).toContainText('probe 1 ok');
  await expect(output).not.toContainText('probe 5 ok');
  await screenshot(page, 'runbooks-streaming');
  await expect(output).toContainText('latency p99 840ms');
  await expect(run.locator('[data-step="probe"]').getByTestId('runbook-exit-code')).toHaveText('exit 0');
  await expect(run.locator('[data-step="probe"]')).toContainText('Probe checkout in eu-west-1');
  await expect(run.locator('[data-step="probe-ok"]')).toContainText('Passed');
  await expect(
    run.locator('[data-step="pending"]').getByTestId('runbook-query-chart').locator('svg').first(),
  ).toBeVisible();
  await expect(run.locator('[data-step="pool-logs"]').getByTestId('runbook-query-table')).toContainText(
    'checkout',
  );
  await expect(run.locator('[data-step="next"]')).toHaveAttribute('data-state', 'current');
  await screenshot(page, 'runbooks-command');

  await run.getByTestId('runbook-option').filter({ hasText: 'Yes' }).click();
  await run.getByTestId('runbook-done').click();
  await expect(run.getByTestId('runbook-run-status')).toHaveText('Finished');
  await expect(run.locator('[data-step="escalate"]')).toHaveAttribute('data-state', 'pending');

  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  // Colours fade between themes; a picture taken mid-fade shows neither.
  await page.waitForFunction(() => (globalThis as unknown as Animated).document.getAnimations().length === 0);
  await screenshot(page, 'runbooks-light');
  await page.emulateMedia({ colorScheme: 'dark' });

  expect(watched.problems).toEqual([]);
});
