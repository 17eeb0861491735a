import { marked, type Tokens } from 'marked';
import { postmortemSourceKinds, type PostmortemSource } from '../../../shared/methods/postmortem';
import { formatHash } from '../../state/route';

export type PreviewSegment = { kind: 'html'; html: string } | { kind: 'chart'; evidenceId: number | null };

const CHART_FENCE = /^```chart[ \t]*\n([\s\S]*?)\n```[ \t]*$/gm;
const REFERENCE = new RegExp(`^#(${postmortemSourceKinds.join('|')})/(.+)$`);
const AUTHOR_PROMPT = '<blockquote>\n<p><strong>Author:</strong>';

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function chartEvidenceId(body: string): number | null {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && 'evidenceId' in parsed) {
      const id = parsed.evidenceId;
      return typeof id === 'number' && Number.isInteger(id) ? id : null;
    }
  } catch {
    return null;
  }
  return null;
}

/**
 * The preview's HTML for one run of Markdown. The text is the author's: raw HTML shows as text, images as
 * their alt text (nothing may be fetched), reference links become chips that open the incident's
 * investigation, and `> **Author:**` prompts get their own class so what is still to write stands out.
 */
function renderHtml(markdown: string, incidentId: string, sources: Map<string, PostmortemSource>): string {
  const renderer = new marked.Renderer();
  renderer.html = ({ text }) => escapeHtml(text);
  renderer.image = ({ text }) => escapeHtml(text);
  const link = renderer.link.bind(renderer);
  renderer.link = (token: Tokens.Link) => {
    const reference = REFERENCE.exec(token.href);
    if (reference) {
      const key = `${reference[1]}/${reference[2]}`;
      const href = formatHash({ area: 'investigation', incidentId, incidentView: 'list' }, null);
      const title = sources.get(key)?.label ?? key.replace('/', ' ');
      return `<a class="pm-ref" href="${escapeHtml(href)}" data-ref="${escapeHtml(key)}" title="${escapeHtml(title)}">↗</a>`;
    }
    return /^(https?:|mailto:)/i.test(token.href) ? link(token) : escapeHtml(token.text);
  };
  const html = marked.parse(markdown, { async: false, gfm: true, renderer });
  return html.split(AUTHOR_PROMPT).join('<blockquote class="pm-prompt">\n<p><strong>Author:</strong>');
}

/** Splits the draft at its chart fences, which the preview draws as charts, and renders the Markdown between. */
export function previewSegments(
  markdown: string,
  incidentId: string,
  sources: PostmortemSource[],
): PreviewSegment[] {
  const byKey = new Map(sources.map((source) => [`${source.kind}/${source.id}`, source]));
  const segments: PreviewSegment[] = [];
  let last = 0;
  const pushText = (text: string) => {
    if (text.trim() !== '') segments.push({ kind: 'html', html: renderHtml(text, incidentId, byKey) });
  };
  for (const match of markdown.matchAll(CHART_FENCE)) {
    pushText(markdown.slice(last, match.index));
    segments.push({ kind: 'chart', evidenceId: chartEvidenceId(match[1] ?? '') });
    last = match.index + match[0].length;
  }
  pushText(markdown.slice(last));
  return segments;
}
