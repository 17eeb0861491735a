import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { e2eWorkspace, screenshot } from './support';

const require = createRequire(import.meta.url);

function electronBinary(): string | null {
  const dir = path.dirname(require.resolve('electron/package.json'));
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
const skipReason =
  'No Electron binary is installed (its download is not reachable from this machine); the same UI is covered in Chromium through the browser host.';

test('the Electron app opens its window on the demo incident', async () => {
  if (!binary) console.log(`Electron e2e skipped: ${skipReason}`);
  test.skip(!binary, skipReason);
  const app = await electron.launch({
    executablePath: binary!,
    args: ['.', '--no-sandbox'],
    env: { ...process.env, IWB_DB: e2eWorkspace() },
  });
  const window = await app.firstWindow();
  await expect(window.getByTestId('incident-row').first()).toBeVisible({ timeout: 60_000 });
  const isolated = await window.evaluate(
    () => typeof (globalThis as { require?: unknown }).require === 'undefined',
  );
  expect(isolated).toBe(true);
  await screenshot(window, 'electron-incidents');
  await app.close();
});
