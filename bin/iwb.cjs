#!/usr/bin/env node
const path = require('node:path');
const fs = require('node:fs');

const entry = path.join(__dirname, '..', 'dist', 'cli', 'iwb.cjs');
if (!fs.existsSync(entry)) {
  process.stderr.write('iwb: the command is not built yet; run `npm run build` first.\n');
  process.exit(1);
}
require(entry);
