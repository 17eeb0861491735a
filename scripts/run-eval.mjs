// Bundles each evaluation (they import the core's TypeScript) and runs them one after another.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const evals = readdirSync('test/eval')
  .filter((name) => name.endsWith('.ts'))
  .sort();
let status = 0;
for (const name of evals) {
  const outfile = path.join('dist', 'eval', name.replace(/\.ts$/, '.cjs'));
  await build({
    entryPoints: [path.join('test', 'eval', name)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: Object.keys(pkg.dependencies ?? {}),
    logLevel: 'warning',
  });
  const result = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (result.status !== 0) status = result.status ?? 1;
}
process.exit(status);
