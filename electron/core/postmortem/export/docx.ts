import {
  Bookmark,
  BorderStyle,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  ImageRun,
  InternalHyperlink,
  Packer,
  Paragraph,
  type ParagraphChild,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { lexer, type Token, type Tokens } from 'marked';
import { chartBlockEvidenceId } from '../charts';
import { renderChartPng } from '../chart-png';
import { CHART_HEIGHT, CHART_WIDTH, renderChartSvg } from '../chart-svg';
import { CHART_LANG } from '../markdown';
import { type ExportDocument, referenceLabel, referencesIn } from './document';

type Block = Paragraph | Table;

interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  code?: boolean;
}

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
] as const;

/** Word bookmark names allow letters, digits and underscores only. */
const bookmarkName = (key: string) => `ref_${key.replace(/[^A-Za-z0-9]/g, '_')}`.slice(0, 40);

const unescape = (text: string) =>
  text
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");

function textRun(text: string, style: RunStyle): TextRun {
  return new TextRun({
    text: unescape(text),
    bold: style.bold,
    italics: style.italics,
    font: style.code ? 'Consolas' : undefined,
  });
}

function inline(tokens: Token[] | undefined, style: RunStyle = {}): ParagraphChild[] {
  const runs: ParagraphChild[] = [];
  for (const token of tokens ?? []) {
    switch (token.type) {
      case 'strong':
        runs.push(...inline(token.tokens, { ...style, bold: true }));
        break;
      case 'em':
        runs.push(...inline(token.tokens, { ...style, italics: true }));
        break;
      case 'codespan':
        runs.push(textRun(token.text, { ...style, code: true }));
        break;
      case 'br':
        runs.push(new TextRun({ break: 1 }));
        break;
      case 'link': {
        const link = token as Tokens.Link;
        const children = [new TextRun({ text: unescape(link.text), style: 'Hyperlink' })];
        runs.push(
          link.href.startsWith('#')
            ? new InternalHyperlink({ anchor: bookmarkName(link.href.slice(1)), children })
            : new ExternalHyperlink({ link: link.href, children }),
        );
        break;
      }
      case 'text':
        runs.push(
          ...('tokens' in token && token.tokens ? inline(token.tokens, style) : [textRun(token.text, style)]),
        );
        break;
      default:
        runs.push(textRun('text' in token ? String(token.text) : token.raw, style));
    }
  }
  return runs;
}

function chartBlock(doc: ExportDocument, body: string): Paragraph | null {
  const id = chartBlockEvidenceId(body);
  const chart = doc.charts.find((c) => c.evidenceId === id);
  if (!chart) return null;
  return new Paragraph({
    children: [
      new ImageRun({
        type: 'svg',
        data: Buffer.from(renderChartSvg(chart, { standalone: true })),
        fallback: { type: 'png', data: renderChartPng(chart) },
        transformation: { width: CHART_WIDTH * 0.95, height: CHART_HEIGHT * 0.95 },
        altText: { name: `chart-${chart.evidenceId}`, title: chart.title, description: chart.title },
      }),
    ],
  });
}

function table(token: Tokens.Table): Table {
  const cell = (cellToken: Tokens.TableCell, header: boolean) =>
    new TableCell({
      children: [new Paragraph({ children: inline(cellToken.tokens, { bold: header }) })],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: token.header.map((c) => cell(c, true)) }),
      ...token.rows.map((row) => new TableRow({ children: row.map((c) => cell(c, false)) })),
    ],
  });
}

function blocks(doc: ExportDocument, tokens: Token[], quote = false): Block[] {
  const out: Block[] = [];
  const quoteBorder = quote
    ? { left: { style: BorderStyle.SINGLE, size: 18, color: 'F59E0B', space: 8 } }
    : undefined;
  for (const token of tokens) {
    switch (token.type) {
      case 'heading':
        out.push(
          new Paragraph({
            heading: HEADINGS[(token as Tokens.Heading).depth - 1],
            children: inline(token.tokens),
          }),
        );
        break;
      case 'paragraph':
        out.push(new Paragraph({ children: inline(token.tokens), border: quoteBorder }));
        break;
      case 'list':
        for (const item of (token as Tokens.List).items) {
          const children = item.tokens.flatMap((t) => ('tokens' in t && t.tokens ? inline(t.tokens) : []));
          out.push(new Paragraph({ children, bullet: { level: 0 }, border: quoteBorder }));
        }
        break;
      case 'table':
        out.push(table(token as Tokens.Table));
        out.push(new Paragraph({ children: [] }));
        break;
      case 'blockquote':
        out.push(...blocks(doc, (token as Tokens.Blockquote).tokens, true));
        break;
      case 'code': {
        const code = token as Tokens.Code;
        const chart = code.lang === CHART_LANG ? chartBlock(doc, code.text) : null;
        out.push(chart ?? new Paragraph({ children: [textRun(code.text, { code: true })] }));
        break;
      }
      case 'space':
      case 'hr':
        break;
      default:
        out.push(new Paragraph({ children: [textRun(token.raw, {})] }));
    }
  }
  return out;
}

function referenceList(markdown: string): Block[] {
  const refs = referencesIn(markdown);
  if (!refs.length) return [];
  return [
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('References')] }),
    ...refs.map(
      (key) =>
        new Paragraph({
          children: [new Bookmark({ id: bookmarkName(key), children: [new TextRun(referenceLabel(key))] })],
        }),
    ),
  ];
}

/** The post-mortem as a Word document: headings, paragraphs with bold and links, tables, and charts. */
export async function exportDocx(doc: ExportDocument): Promise<Buffer> {
  const document = new Document({
    title: doc.title,
    creator: 'Incident Workbench',
    sections: [{ children: [...blocks(doc, lexer(doc.markdown)), ...referenceList(doc.markdown)] }],
  });
  return Packer.toBuffer(document);
}
