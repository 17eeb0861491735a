import { marked, type Tokens } from 'marked';

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Runbook descriptions come from files anyone may have edited: raw HTML is shown as text, links keep only
 * http(s) and mailto targets, and images become their alt text because nothing may be fetched from outside.
 */
function safeRenderer() {
  const renderer = new marked.Renderer();
  renderer.html = ({ text }: Tokens.HTML | Tokens.Tag) => escapeHtml(text);
  renderer.image = ({ text }: Tokens.Image) => escapeHtml(text);
  const link = renderer.link.bind(renderer);
  renderer.link = (token: Tokens.Link) =>
    /^(https?:|mailto:)/i.test(token.href) ? link(token) : escapeHtml(token.text);
  return renderer;
}

export function renderRunbookMarkdown(markdown: string): string {
  return marked.parse(markdown, { async: false, gfm: true, breaks: false, renderer: safeRenderer() });
}

const ESC = String.fromCharCode(27);
const BEL = String.fromCharCode(7);

// Colour and cursor escapes (CSI and OSC sequences) from tools that think they write to a terminal.
const ANSI = new RegExp(
  `${ESC}\\[[0-?]*[ -/]*[@-~]|${ESC}\\][^${BEL}${ESC}]*(?:${BEL}|${ESC}\\\\)|${ESC}[@-Z\\\\-_]`,
  'g',
);

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}
