import fs from 'node:fs/promises';
import { BrowserWindow } from 'electron';

/**
 * Post-mortem PDFs in the app: the exported HTML is self-contained, so an offscreen window with JavaScript
 * and network access turned off renders it exactly as the HTML export shows, and printToPDF writes it.
 */
export async function printPdfWithElectron(html: string, outFile: string): Promise<void> {
  const window = new BrowserWindow({
    show: false,
    // Its own in-memory session, so blocking requests here never touches the app window's.
    webPreferences: {
      partition: 'iwb-print-pdf',
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    },
  });
  try {
    window.webContents.session.webRequest.onBeforeRequest((details, callback) => {
      callback({ cancel: !details.url.startsWith('data:') });
    });
    await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    const pdf = await window.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
    await fs.writeFile(outFile, pdf);
  } finally {
    window.destroy();
  }
}
