// `npm start`: the Electron app where its binary is installed, otherwise the browser host.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** Finds the Electron binary without letting the electron package try to download it. */
function installedElectron() {
  try {
    const dir = path.dirname(require.resolve('electron/package.json'));
    const pathFile = path.join(dir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const binary = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const electron = installedElectron();
const [command, args] = electron
  ? [electron, ['.']]
  : [process.execPath, ['bin/iwb.cjs', 'serve', '--open', ...process.argv.slice(2)]];
if (!electron) {
  console.error('No Electron binary is installed here: starting the workbench in your browser instead.');
}
const child = spawn(command, args, { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
