import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** CLI tests run the real bundled command: build the Node side once per run (it takes about a second). */
export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '..', '..');
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build-node.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
}
