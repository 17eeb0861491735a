import type { ImportProgress } from './types';

/** The running counts of one file's import, reported as progress after each committed batch. */
export class Tally {
  lines = 0;
  entries = 0;
  stored = 0;
  rejected = 0;
  firstRejected: { line: number; reason: string } | null = null;

  constructor(
    private readonly file: string,
    private readonly bytes: { read(): number; total: number },
    private readonly onProgress: ((progress: ImportProgress) => void) | undefined,
  ) {}

  reject(line: number, reason: string, count = 1): void {
    this.rejected += count;
    this.firstRejected ??= { line, reason };
  }

  committed(entries: number, stored: number): void {
    this.entries += entries;
    this.stored += stored;
    this.report();
  }

  report(): void {
    this.onProgress?.({
      file: this.file,
      bytesRead: this.bytes.read(),
      bytesTotal: this.bytes.total,
      lines: this.lines,
      stored: this.stored,
      rejected: this.rejected,
    });
  }
}
