import path from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';
import rule from '../../eslint-rules/import-boundaries.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const at = (file: string) => path.join(root, file);

RuleTester.describe = describe;
RuleTester.it = it;

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, sourceType: 'module' } });

tester.run('import-boundaries', rule, {
  valid: [
    { filename: at('electron/core/app.ts'), code: "import { methods } from '../../shared/api';" },
    { filename: at('electron/core/db/open.ts'), code: "import Database from 'better-sqlite3';" },
    { filename: at('electron/host/server.ts'), code: "import { createCore } from '../core/app';" },
    { filename: at('renderer/app/App.tsx'), code: "import { api } from '../api';" },
    { filename: at('renderer/app/App.tsx'), code: "import { methods } from '../../shared/api';" },
    { filename: at('shared/api.ts'), code: "import { z } from 'zod';" },
  ],
  invalid: [
    { filename: at('electron/core/app.ts'), code: "import { app } from 'electron';", errors: 1 },
    { filename: at('electron/core/app.ts'), code: "import React from 'react';", errors: 1 },
    { filename: at('electron/core/db/x.ts'), code: "import { w } from '../../main/window';", errors: 1 },
    { filename: at('electron/core/x.ts'), code: "import { s } from '../host/server';", errors: 1 },
    { filename: at('electron/core/x.ts'), code: "const r = require('../../renderer/main');", errors: 1 },
    { filename: at('renderer/app/App.tsx'), code: "import { c } from '../../electron/core/app';", errors: 1 },
    { filename: at('renderer/app/App.tsx'), code: "import { ipcRenderer } from 'electron';", errors: 1 },
    { filename: at('shared/api.ts'), code: "import { c } from '../electron/core/app';", errors: 1 },
    { filename: at('shared/api.ts'), code: "import fs from 'node:fs';", errors: 1 },
  ],
});
