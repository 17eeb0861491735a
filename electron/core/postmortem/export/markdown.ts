import { chartBlockEvidenceId } from '../charts';
import { renderChartSvg } from '../chart-svg';
import { CHART_LANG } from '../markdown';
import type { ExportDocument } from './document';

const CHART_FENCE = new RegExp('^```' + CHART_LANG + '[ \\t]*\\n([\\s\\S]*?)\\n```', 'gm');

/** The post-mortem as portable Markdown: chart blocks become SVG images carried inline as data URIs. */
export function exportMarkdown(doc: ExportDocument): string {
  return doc.markdown.replace(CHART_FENCE, (block, body: string) => {
    const id = chartBlockEvidenceId(body);
    const chart = doc.charts.find((c) => c.evidenceId === id);
    if (!chart) return block;
    const svg = Buffer.from(renderChartSvg(chart, { standalone: true })).toString('base64');
    return `![${chart.title.replace(/[[\]]/g, '')}](data:image/svg+xml;base64,${svg})`;
  });
}
