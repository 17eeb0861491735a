import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { IncomingMessage } from 'node:http';
import { AppError } from '../core/errors';

const MAX_UPLOAD_BYTES = 8 * 1024 ** 3;

/** Keeps the name a person recognises while making it safe as a file name. */
function safeName(name: string): string {
  const base = path
    .basename(name)
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .slice(0, 120);
  return base.replace(/^\.+/, '') || 'upload';
}

/**
 * Browser mode's half of drag-and-drop: the page cannot hand the core a path, so the file's bytes are
 * streamed to the workspace's imports folder and the core imports that copy.
 */
export async function receiveUpload(req: IncomingMessage, uploadsDir: string, name: string): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_UPLOAD_BYTES) {
    throw new AppError(
      'invalid_args',
      `The file is larger than ${MAX_UPLOAD_BYTES / 1024 ** 3} GiB; import it with 'iwb import' instead.`,
    );
  }
  // A folder per upload keeps the file's own name, which is what makes a second drop of it a no-op.
  const folder = path.join(uploadsDir, crypto.randomBytes(6).toString('hex'));
  fs.mkdirSync(folder, { recursive: true });
  const target = path.join(folder, safeName(name));
  let received = 0;
  req.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > MAX_UPLOAD_BYTES) req.destroy(new Error('upload too large'));
  });
  try {
    await pipeline(req, fs.createWriteStream(target, { mode: 0o600 }));
  } catch (error) {
    fs.rmSync(target, { force: true });
    throw new AppError(
      'invalid_args',
      `The upload of ${name} did not complete (${String(error)}); try again.`,
    );
  }
  return target;
}
