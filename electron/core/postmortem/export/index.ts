import fs from 'node:fs';
import path from 'node:path';
import type { ExportFormat } from '../../../../shared/methods/postmortem';
import type { Db } from '../../db/open';
import { loadExportDocument } from './document';
import { exportDocx } from './docx';
import { exportHtml } from './html';
import { exportMarkdown } from './markdown';
import { exportPdf } from './pdf';

/** Prints self-contained HTML to a PDF file: headless Chromium by default, Electron's printToPDF in the app. */
export type PrintPdf = (html: string, outFile: string) => Promise<void>;

/** Renders the incident's post-mortem in one format and writes it to `outFile`; returns the bytes written. */
export async function exportPostmortemFile(
  db: Db,
  incidentId: string,
  format: ExportFormat,
  outFile: string,
  printPdf: PrintPdf = exportPdf,
): Promise<number> {
  const doc = loadExportDocument(db, incidentId);
  const target = path.resolve(outFile);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (format === 'pdf') await printPdf(exportHtml(doc), target);
  else if (format === 'docx') fs.writeFileSync(target, await exportDocx(doc));
  else fs.writeFileSync(target, format === 'html' ? exportHtml(doc) : exportMarkdown(doc));
  return fs.statSync(target).size;
}
