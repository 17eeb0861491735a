const KEPT_REASONS = 3;

/**
 * Items a request carried that we refused (a span without an id, a data point without a time), counted for
 * the sender's `partialSuccess`, with the first few reasons so the message names what to fix.
 */
export class Rejections {
  count = 0;
  private readonly reasons: string[] = [];

  reject(path: string, reason: string, items = 1): void {
    this.count += items;
    if (this.reasons.length < KEPT_REASONS) this.reasons.push(`${path}: ${reason}`);
  }

  message(): string {
    if (this.count === 0) return '';
    const listed = this.reasons.join('; ');
    return this.count > this.reasons.length ? `${listed} (${this.count} rejected in all)` : listed;
  }
}
