/** What is kept of one stream: the end is where a failing command says why. */
export const OUTPUT_CAP_CHARS = 256 * 1024;

/** Keeps the last OUTPUT_CAP_CHARS characters of a stream and notes how much was dropped before them. */
export class TailBuffer {
  private chunks: string[] = [];
  private length = 0;
  private dropped = 0;

  push(text: string): void {
    this.chunks.push(text);
    this.length += text.length;
    if (this.length > OUTPUT_CAP_CHARS * 2) this.compact();
  }

  text(): string {
    this.compact();
    const body = this.chunks.join('');
    return this.dropped > 0 ? `[… ${this.dropped} earlier characters not kept]\n${body}` : body;
  }

  private compact(): void {
    const joined = this.chunks.join('');
    if (joined.length > OUTPUT_CAP_CHARS) {
      this.dropped += joined.length - OUTPUT_CAP_CHARS;
      this.chunks = [joined.slice(-OUTPUT_CAP_CHARS)];
    } else this.chunks = [joined];
    this.length = Math.min(joined.length, OUTPUT_CAP_CHARS);
  }
}
