import type { PostmortemSource } from '../../../shared/methods/postmortem';

/** Backslash-escapes what Markdown would read as markup, so text from the data renders as written. */
export function mdText(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .replace(/([\\`*_[\]<>|#~])/g, '\\$1')
    .trim();
}

/** A table cell: escaped text, never empty so the row keeps its columns. */
export const mdCell = (text: string | null | undefined): string => (text ? mdText(text) : '—');

export function utc(micros: number): string {
  return `${new Date(micros / 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export const utcClock = (micros: number): string => new Date(micros / 1000).toISOString().slice(11, 16);

export const utcDay = (micros: number): string => new Date(micros / 1000).toISOString().slice(0, 10);

/** A prompt for what the data cannot tell; the author replaces it with their own words. */
export const authorPrompt = (text: string): string => `> **Author:** ${text}`;

export const CHART_LANG = 'chart';

export const chartBlock = (evidenceId: number): string =>
  `\`\`\`${CHART_LANG}\n${JSON.stringify({ evidenceId })}\n\`\`\``;

/** The reference link every generated sentence ends with: `[↗](#<kind>/<id>)`. */
export const REF_LINK = /\[↗\]\(#([a-z_]+)\/([^)\s]+)\)/g;

/** Collects the sources a draft cites, once each, in the order they are first cited. */
export class Citations {
  private readonly seen = new Map<string, PostmortemSource>();

  cite(kind: PostmortemSource['kind'], id: string | number, label: string): string {
    const key = `${kind}/${id}`;
    if (!this.seen.has(key)) this.seen.set(key, { kind, id: String(id), label });
    return `[↗](#${key})`;
  }

  list(): PostmortemSource[] {
    return [...this.seen.values()];
  }
}
