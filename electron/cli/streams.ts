import fs from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { AppError, errorMessage } from '../core/errors';

/** Line-per-record commands print in chunks of about this many characters. */
export const CHUNK_CHARS = 1 << 16;

/** Writes and waits for the stream to take it, so a slow reader (a pipe into `head`) holds memory flat. */
export function write(output: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    output.once('error', onError);
    const settle = () => {
      output.off('error', onError);
      resolve();
    };
    if (output.write(text)) settle();
    else output.once('drain', settle);
  });
}

/** A file to read, or stdin for `-` (and for no file at all where the command allows it). */
export function openInput(file: string | undefined): Readable {
  if (file === undefined || file === '-') return process.stdin;
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch (error) {
    throw new AppError('not_found', `Cannot read ${file}: ${errorMessage(error)}.`);
  }
  return fs.createReadStream(file);
}
