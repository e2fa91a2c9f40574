/**
 * Serves the tab's pages and its two assets from dist/web (built by `npm run build:web`). The page
 * is the same for every view; the view name is written into it. Teams frames these pages, so the
 * content security policy allows Teams and Microsoft 365 hosts as frame ancestors and nothing else
 * to load from anywhere but here.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';

export const tabViews = ['personal', 'meeting', 'sidepanel', 'stage', 'channel', 'config', 'child'] as const;

const frameAncestors = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://teams.cloud.microsoft',
  'https://*.cloud.microsoft',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://*.microsoft365.com',
].join(' ');

const csp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  // TeamsJS fetches its list of valid host origins from Microsoft's CDN (it falls back to a built-in list).
  "connect-src 'self' https://res.cdn.office.net",
  "object-src 'none'",
  "base-uri 'none'",
  `frame-ancestors ${frameAncestors}`,
].join('; ');

const assets: Readonly<Record<string, string>> = {
  'tab.js': 'text/javascript; charset=utf-8',
  'tab.css': 'text/css; charset=utf-8',
  'tab.js.LEGAL.txt': 'text/plain; charset=utf-8',
};

export function mountTabPages(server: Server, webDir: string): void {
  const read = (file: string): Buffer | null => {
    try {
      return fs.readFileSync(path.join(webDir, file));
    } catch {
      return null;
    }
  };
  const notBuilt = (res: Response) => {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('The tab is not built. Run `npm run build:web` (npm run dev and npm run build do it for you).\n');
  };

  server.get('/tab/assets/:file', async (req: Request, res: Response) => {
    const file = String(req.params.file);
    const type = Object.hasOwn(assets, file) ? assets[file] : undefined;
    if (!type) {
      res.send(404, { error: 'NotFound' });
      return;
    }
    const body = read(file);
    if (!body) return notBuilt(res);
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
    res.end(body);
  });

  server.get('/tab/:view', async (req: Request, res: Response) => {
    const view = String(req.params.view);
    if (!(tabViews as readonly string[]).includes(view)) {
      res.send(404, { error: 'NotFound' });
      return;
    }
    const page = read('index.html');
    if (!page) return notBuilt(res);
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    res.end(page.toString('utf8').replace('__VIEW__', view));
  });
}
