import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { demoResult, type DemoResult } from '../../../shared/model/workspace';
import type { Db } from '../db/open';
import { loadDemo, type DemoProgress } from '../demo';
import { AppError } from '../errors';

const message = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('progress'),
    progress: z.object({ label: z.string(), done: z.number(), total: z.number() }),
  }),
  z.object({ type: z.literal('done'), result: demoResult }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);

/** Beside the bundled host (dist/cli, dist/electron) sits the bundled worker; from sources there is none. */
const workerFile = path.join(__dirname, 'demo-worker.cjs');

/**
 * Loads the demo off the main thread where the bundle has a worker, so the host keeps answering and
 * progress reaches the window while seconds of inserts run.
 */
export function runDemo(db: Db, dbPath: string, onProgress: (p: DemoProgress) => void): Promise<DemoResult> {
  if (!fs.existsSync(workerFile)) return Promise.resolve(loadDemo(db, onProgress));
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile, { workerData: { dbPath } });
    worker.on('message', (raw: unknown) => {
      const parsed = message.safeParse(raw);
      if (!parsed.success) return;
      const data = parsed.data;
      if (data.type === 'progress') onProgress(data.progress);
      else if (data.type === 'done') resolve(data.result);
      else reject(new AppError('internal', `Loading the demo failed: ${data.message}`));
    });
    worker.on('error', (error) =>
      reject(new AppError('internal', `Loading the demo failed: ${error.message}`)),
    );
    worker.on('exit', (code) => {
      if (code !== 0) reject(new AppError('internal', `The demo loader stopped with exit code ${code}.`));
    });
  });
}
