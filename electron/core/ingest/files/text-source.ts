import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { AppError } from '../../errors';

const READ_CHUNK = 1 << 20;
/** How much decoded text detection and the binary check look at. */
const SAMPLE_BYTES = 64 * 1024;
const GZIP_MAGIC = [0x1f, 0x8b];

/** A file opened for streaming as UTF-8 text, gzip undone on the fly. */
export interface TextSource {
  /** The first block of text (at least 64 KiB unless the file is shorter), for format detection. */
  sample: string;
  /** Whether the sample is the whole file. */
  complete: boolean;
  /** The whole file as text chunks, the sample first; each chunk is read only when asked for. */
  chunks(): AsyncGenerator<string>;
  /** Bytes of the file (compressed, for gzip) read so far, for progress. */
  bytesRead(): number;
  bytesTotal: number;
  close(): void;
}

function isGzip(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(2);
    return fs.readSync(fd, head, 0, 2, 0) === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  } finally {
    fs.closeSync(fd);
  }
}

/** Refuses what is not text: a NUL byte or invalid UTF-8 in the first block means a binary file. */
function assertText(file: string, head: Buffer): void {
  const nul = head.indexOf(0);
  if (nul !== -1) {
    throw new AppError(
      'invalid_args',
      `${file} looks like a binary file (a NUL byte at offset ${nul}), not a log, metrics or trace file; nothing was imported.`,
    );
  }
  try {
    // stream: true tolerates a character cut in half at the block's end.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    throw new AppError(
      'invalid_args',
      `${file} is not UTF-8 text (invalid byte sequences in its first block), so it looks binary; nothing was imported.`,
    );
  }
}

/** Opens a file for streaming: checks it is text and collects the sample, without reading the rest. */
export async function openTextSource(file: string): Promise<TextSource> {
  const gzip = isGzip(file);
  const raw = fs.createReadStream(file, { highWaterMark: READ_CHUNK });
  const stream: Readable = gzip ? raw.pipe(createGunzip({ chunkSize: 256 * 1024 })) : raw;
  if (gzip) raw.on('error', (error) => stream.destroy(error));
  const iterator: AsyncIterator<Buffer> = stream[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headBytes = 0;
  let done = false;
  try {
    while (headBytes < SAMPLE_BYTES) {
      const next = await iterator.next();
      if (next.done) {
        done = true;
        break;
      }
      head.push(next.value);
      headBytes += next.value.length;
    }
  } catch (error) {
    stream.destroy();
    if (gzip) throw new AppError('invalid_args', `${file} is not a readable gzip file (${String(error)}).`);
    throw error;
  }
  try {
    assertText(file, Buffer.concat(head).subarray(0, SAMPLE_BYTES));
  } catch (error) {
    stream.destroy();
    throw error;
  }
  const decoder = new StringDecoder('utf8');
  const first = head.map((chunk) => decoder.write(chunk));
  const sample = first.join('');
  return {
    sample,
    complete: done,
    bytesTotal: fs.statSync(file).size,
    bytesRead: () => raw.bytesRead,
    close: () => stream.destroy(),
    async *chunks() {
      for (const text of first) if (text) yield text;
      if (!done) {
        for (;;) {
          const next = await iterator.next();
          if (next.done) break;
          const text = decoder.write(next.value);
          if (text) yield text;
        }
      }
      const rest = decoder.end();
      if (rest) yield rest;
    },
  };
}
