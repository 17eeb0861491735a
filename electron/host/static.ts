import fs from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serves the built renderer; unknown paths get index.html so deep links reopen the app. */
export function serveStatic(root: string, urlPath: string, res: ServerResponse): void {
  const decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  const candidate = path.normalize(path.join(root, decoded));
  const inside = candidate.startsWith(root + path.sep) || candidate === root;
  const file =
    inside && fs.existsSync(candidate) && fs.statSync(candidate).isFile()
      ? candidate
      : path.join(root, 'index.html');
  if (!fs.existsSync(file)) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('The renderer is not built. Run `npm run build` and start again.\n');
    return;
  }
  const ext = path.extname(file);
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
    'cache-control': ext === '.html' ? 'no-store' : 'public, max-age=3600',
    'x-content-type-options': 'nosniff',
  });
  fs.createReadStream(file).pipe(res);
}
