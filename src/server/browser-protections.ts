/**
 * What a browser needs from the server so the web app cannot be turned against its own users:
 * cookie-authenticated writes only from the platform's own pages (Origin / Fetch Metadata), the
 * session cookie `Secure` behind TLS, and security headers on every answer. Clients that send
 * `Authorization: Bearer` are not browsers riding a cookie and are not checked for origin.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HuzhuError } from '../domain/errors.ts';
import type { ServerConfig } from './config.ts';
import { SESSION_COOKIE } from './sessions.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The web app is served from the same origin and uses no inline scripts or styles; the API docs
 * (swagger-ui) set inline styles, so /docs alone may use them.
 */
export const CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";
const DOCS_CSP = CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
/** The regulator's monthly report is one self-contained page: its own inline CSS, nothing else, no script at all. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Routes whose answers are about a person or the platform's staff work: never cached anywhere. */
const PERSONAL = /^\/(me|ops|audit|regulator|admin|auth|jury|metrics)(\/|$|\?)/;

/** Whether a request comes from a page of another site, by Fetch Metadata, else by Origin. */
export function isCrossSite(req: Pick<FastifyRequest, 'headers' | 'protocol' | 'host'>): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') return site !== 'same-origin' && site !== 'none';
  const origin = req.headers.origin;
  if (typeof origin !== 'string') return false; // not a browser, or one that sends neither: SameSite=Strict still holds
  return origin !== `${req.protocol}://${req.host}`;
}

/** Refuses a state-changing request that rides the session cookie from another site. */
export function refuseCrossSiteWrites(req: FastifyRequest): void {
  if (SAFE_METHODS.has(req.method)) return;
  const bearer = typeof req.headers.authorization === 'string' && req.headers.authorization.startsWith('Bearer ');
  const cookie = typeof req.headers.cookie === 'string' && req.headers.cookie.includes(`${SESSION_COOKIE}=`);
  // Log-in and registration are checked too: a forged log-in would sign the victim in as the attacker.
  if (bearer || !(cookie || req.url.startsWith('/auth/'))) return;
  if (isCrossSite(req)) {
    throw new HuzhuError('CROSS_SITE', 'request: a cookie-authenticated write from another site is refused; use the platform\'s own pages or a bearer token', { field: 'origin' });
  }
}

/** Whether the session cookie must be `Secure`: always when configured, and when TLS ends at a trusted proxy. */
export function sessionCookieSecure(req: Pick<FastifyRequest, 'protocol'>, config: Pick<ServerConfig, 'cookieSecure'>): boolean {
  return config.cookieSecure || req.protocol === 'https';
}

export function setSecurityHeaders(req: FastifyRequest, reply: FastifyReply): void {
  void reply.header('content-security-policy', req.url.startsWith('/docs') ? DOCS_CSP : req.url.startsWith('/regulator/report') ? REPORT_CSP : CONTENT_SECURITY_POLICY);
  void reply.header('x-content-type-options', 'nosniff');
  void reply.header('x-frame-options', 'DENY');
  void reply.header('referrer-policy', 'no-referrer');
  void reply.header('cross-origin-opener-policy', 'same-origin');
  if (req.protocol === 'https') void reply.header('strict-transport-security', 'max-age=31536000');
  if (PERSONAL.test(req.url)) void reply.header('cache-control', 'no-store');
}

export function installBrowserProtections(app: FastifyInstance): void {
  app.addHook('onRequest', async (req) => refuseCrossSiteWrites(req));
  app.addHook('onSend', async (req, reply, payload) => {
    setSecurityHeaders(req, reply);
    return payload;
  });
}
