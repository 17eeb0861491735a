// Bundles the benchmark (it imports the core's TypeScript) and runs it with the given flags.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
await build({
  entryPoints: ['test/bench/bench.ts'],
  outfile: 'dist/bench/bench.cjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: Object.keys(pkg.dependencies ?? {}),
  logLevel: 'warning',
});
const args = process.argv.slice(2).filter((arg) => arg !== '--json');
const result = spawnSync(process.execPath, ['dist/bench/bench.cjs', ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
