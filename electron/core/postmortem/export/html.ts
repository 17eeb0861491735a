import { Marked, type Tokens } from 'marked';
import { chartBlockEvidenceId } from '../charts';
import { renderChartSvg } from '../chart-svg';
import { CHART_LANG } from '../markdown';
import { type ExportDocument, referenceLabel, referencesIn } from './document';

const escapeHtml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `
body { font: 15px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2937; max-width: 860px; margin: 2em auto; padding: 0 1.5em; }
h1 { font-size: 1.7em; border-bottom: 2px solid #e5e7eb; padding-bottom: .3em; }
h2 { font-size: 1.3em; margin-top: 1.8em; border-bottom: 1px solid #e5e7eb; }
table { border-collapse: collapse; width: 100%; font-size: .85em; margin: 1em 0; }
th, td { border: 1px solid #d1d5db; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #f3f4f6; }
blockquote { border-left: 4px solid #f59e0b; background: #fffbeb; margin: 1em 0; padding: .4em 1em; }
code { background: #f3f4f6; padding: 0 .25em; border-radius: 3px; }
figure.chart { margin: 1em 0; page-break-inside: avoid; }
figure.chart svg { max-width: 100%; height: auto; border: 1px solid #e5e7eb; }
a.ref { text-decoration: none; color: #2563eb; }
ol.references { font-size: .8em; color: #4b5563; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } tr { page-break-inside: avoid; } }
`;

/**
 * The post-mortem as one self-contained HTML page: CSS inline, charts as inline SVG, raw HTML from the
 * Markdown shown as text and images reduced to their alt text, so opening it never makes a request.
 */
export function exportHtml(doc: ExportDocument): string {
  const marked = new Marked({
    gfm: true,
    renderer: {
      code({ text, lang }: Tokens.Code) {
        if (lang === CHART_LANG) {
          const id = chartBlockEvidenceId(text);
          const chart = doc.charts.find((c) => c.evidenceId === id);
          if (chart)
            return `<figure class="chart">${renderChartSvg(chart, { standalone: false })}</figure>\n`;
        }
        return `<pre><code>${escapeHtml(text)}</code></pre>\n`;
      },
      html({ text }: Tokens.HTML | Tokens.Tag) {
        return escapeHtml(text);
      },
      image({ text }: Tokens.Image) {
        return escapeHtml(text);
      },
      link({ href, tokens }: Tokens.Link) {
        const inner = this.parser.parseInline(tokens);
        if (href.startsWith('#')) return `<a class="ref" href="${escapeHtml(href)}">${inner}</a>`;
        return `<a href="${escapeHtml(href)}" rel="noreferrer">${inner}</a>`;
      },
    },
  });
  const body = marked.parse(doc.markdown, { async: false });
  const refs = referencesIn(doc.markdown);
  const references = refs.length
    ? `<h2>References</h2>\n<ol class="references">${refs
        .map((key) => `<li id="${escapeHtml(key)}">${escapeHtml(referenceLabel(key))}</li>`)
        .join('')}</ol>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(doc.title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
${references}
</body>
</html>
`;
}
