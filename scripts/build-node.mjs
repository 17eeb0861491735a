// Bundles the Node side (CLI, Electron main, preload) with esbuild; the renderer is built by Vite.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const runtimeDependencies = Object.keys(pkg.dependencies ?? {});

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  outExtension: { '.js': '.cjs' },
};

await Promise.all([
  build({
    ...common,
    entryPoints: { iwb: 'electron/cli/iwb.ts', 'demo-worker': 'electron/core/jobs/demo-worker.ts' },
    outdir: 'dist/cli',
    external: runtimeDependencies,
  }),
  build({
    ...common,
    entryPoints: { main: 'electron/main/main.ts', 'demo-worker': 'electron/core/jobs/demo-worker.ts' },
    outdir: 'dist/electron',
    // The packaged app ships only the native modules beside the bundle.
    external: ['better-sqlite3', 'sqlite-vec', 'electron'],
  }),
  // A sandboxed preload may only require 'electron': everything else is bundled in.
  build({
    ...common,
    entryPoints: { preload: 'electron/preload/preload.ts' },
    outdir: 'dist/electron',
    platform: 'browser',
    external: ['electron'],
  }),
]);
