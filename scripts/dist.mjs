// Stages the built app with only its native dependency, so electron-builder rebuilds better-sqlite3
// for Electron there and never touches the development node_modules (built for Node).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const stage = 'release/app';

rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
cpSync('dist/electron', `${stage}/dist/electron`, { recursive: true });
cpSync('dist/renderer', `${stage}/dist/renderer`, { recursive: true });
writeFileSync(
  `${stage}/package.json`,
  JSON.stringify(
    {
      name: pkg.name,
      productName: pkg.productName,
      version: pkg.version,
      description: pkg.description,
      author: pkg.author,
      license: pkg.license,
      main: 'dist/electron/main.cjs',
      dependencies: {
        'better-sqlite3': pkg.dependencies['better-sqlite3'],
        'sqlite-vec': pkg.dependencies['sqlite-vec'],
      },
    },
    null,
    2,
  ),
);

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const result = spawnSync(
  npx,
  ['electron-builder', '--config', 'electron-builder.yml', ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
