import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { openWorkspaceDb } from '../db/open';
import { loadDemo } from '../demo';
import { errorMessage } from '../errors';

const input = z.object({ dbPath: z.string() }).parse(workerData);
const { db } = openWorkspaceDb(input.dbPath);
try {
  const result = loadDemo(db, (progress) => parentPort?.postMessage({ type: 'progress', progress }));
  parentPort?.postMessage({ type: 'done', result });
} catch (error) {
  parentPort?.postMessage({ type: 'error', message: errorMessage(error) });
} finally {
  db.close();
}
