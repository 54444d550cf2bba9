/**
 * The web app (web/, built into web/dist by `vite build`) served by the platform server: hashed
 * files under /assets/ with a year's immutable cache, index.html with no-cache, and index.html for
 * every other GET that is not an API path and accepts text/html (the app's own router takes over).
 * Everything else keeps the API's 404. Served from the not-found handler, so the API's routes, its
 * access table and its OpenAPI document do not change.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isApiPath } from './web-paths.ts';

const DEFAULT_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.json': 'application/json', '.txt': 'text/plain; charset=utf-8',
};

const NOT_BUILT = '<!doctype html><html lang="en"><meta charset="utf-8"><title>huzhu</title>' +
  '<p>The web app is not built. Run <code>npm run build:web</code> (or <code>npm start</code>, which builds it) and reload.</p></html>';

type NotFound = (req: FastifyRequest, reply: FastifyReply) => void;

/** The file under `dist` for a URL path, or undefined (no escaping the folder, no directories). */
function fileFor(dist: string, path: string): string | undefined {
  let decoded: string;
  try { decoded = decodeURIComponent(path); } catch { return undefined; }
  const file = normalize(join(dist, decoded));
  if (!file.startsWith(dist.endsWith(sep) ? dist : dist + sep)) return undefined;
  return existsSync(file) && statSync(file).isFile() ? file : undefined;
}

/** Wraps the API's not-found handler with the web app; `dist` defaults to web/dist (HUZHU_WEB_DIST overrides). */
export function webAppOr(apiNotFound: NotFound, dist: string = process.env.HUZHU_WEB_DIST ?? DEFAULT_DIST): NotFound {
  const cache = new Map<string, Buffer>();
  const read = (file: string) => {
    let body = cache.get(file);
    if (!body) { body = readFileSync(file); cache.set(file, body); }
    return body;
  };
  return (req, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(path)) return apiNotFound(req, reply);
    const file = path === '/' ? undefined : fileFor(dist, path);
    if (file && !file.endsWith('index.html')) {
      const immutable = path.startsWith('/assets/');
      void reply.code(200).type(TYPES[extname(file)] ?? 'application/octet-stream')
        .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=300').send(read(file));
      return;
    }
    if (path.startsWith('/assets/') || !String(req.headers.accept ?? '').includes('text/html')) return apiNotFound(req, reply);
    const index = join(dist, 'index.html');
    const html = existsSync(index) ? readFileSync(index) : NOT_BUILT;
    void reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache').header('x-content-type-options', 'nosniff').send(html);
  };
}
