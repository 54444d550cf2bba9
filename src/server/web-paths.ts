/**
 * The first path segments that belong to the API (or the server's own pages). The web app's routes
 * never start with one of these, so a browser's GET of a page path is never answered with JSON;
 * `huzhu serve` answers every other GET that accepts text/html with the app (web-app.ts).
 * No imports: web/vite.config.ts reads it too (the development proxy).
 */
export const API_PREFIXES = ['/public', '/me', '/auth', '/ops', '/audit', '/regulator', '/admin', '/jury', '/log', '/docs', '/health', '/metrics', '/openapi.json'] as const;

export function isApiPath(path: string): boolean {
  return API_PREFIXES.some((p) => path === p || path.startsWith(p + '/'));
}
