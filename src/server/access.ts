/**
 * Who may call what. Every route states its rule in `config.access`; a route registered without
 * one is refused at start-up (and the route-table test fails), so no route is open by accident.
 * The check runs in onRequest, before the body is even read; on a `sessionInQuery` route whose
 * session is not cached, in `withSession`, from the session its handler's statement read.
 */
import type { FastifyContextConfig, FastifyInstance, FastifyRequest } from 'fastify';
import { HuzhuError } from '../domain/errors.ts';
import type { Access, ServerContext } from './context.ts';
import { RateLimiter } from './rate-limit.ts';
import type { SessionRow } from '../repositories/accounts-repo.ts';
import { SESSION_COOKIE } from './sessions.ts';

/** Routes made by plugins (API docs) are public documentation. */
const PLUGIN_PUBLIC = /^\/docs(\/|$)/;

export function tokenOf(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice(7).trim();
  const cookie = req.cookies?.[SESSION_COOKIE];
  return typeof cookie === 'string' && cookie ? cookie : undefined;
}

export interface RouteRule { method: string; url: string; access: Access }

/** Installs the access check; returns the route table (filled as routes are registered). */
export function installAccess(app: FastifyInstance, ctx: ServerContext): RouteRule[] {
  const table: RouteRule[] = [];
  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as FastifyContextConfig;
    if (config.access === undefined && PLUGIN_PUBLIC.test(route.url)) route.config = { ...config, access: 'public' };
    else if (config.access === undefined) throw new Error(`route ${String(route.method)} ${route.url} states no access rule`);
    if (config.sessionInQuery && (config.access === 'public' || config.rateLimit || !route.attachValidation)) {
      throw new Error(`route ${String(route.method)} ${route.url}: sessionInQuery needs a role rule, no rate limit and attachValidation`);
    }
    for (const method of [route.method].flat()) table.push({ method, url: route.url, access: (route.config as { access: Access }).access });
  });

  const limiter = new RateLimiter();
  app.decorateRequest('principal', null);
  app.decorateRequest('pendingSession', null);
  app.addHook('onRequest', async (req) => {
    req.principal = null;
    req.pendingSession = null;
    if (req.is404) return;
    const config = req.routeOptions.config;
    const access = config.access;
    if (access === undefined) throw new HuzhuError('FORBIDDEN', 'this route states no access rule');
    const token = tokenOf(req);
    if (token) {
      const now = ctx.clock();
      const seen = ctx.sessions.peek(token, now);
      if (seen && seen.cached === undefined && config.sessionInQuery) {
        // Not cached: the handler reads the session together with its data, and `withSession`
        // then applies this same rule before anything is answered.
        req.pendingSession = seen;
        return;
      }
      if (seen) req.principal = seen.cached !== undefined ? seen.cached : await ctx.sessions.load(seen, now);
    }
    allow(req, access, token !== undefined);
    const rl = config.rateLimit;
    if (rl && !limiter.take(`${rl.name}:${req.ip}`, rl.max(ctx.config), rl.windowMs, Date.now())) {
      throw new HuzhuError('RATE_LIMITED', `too many ${rl.name} attempts from this address; wait and retry`);
    }
  });
  return table;
}

/** The route's rule applied to the request's principal: 401 without a valid session, 403 for another role. */
function allow(req: FastifyRequest, access: Access, hadToken: boolean): void {
  if (access === 'public') return;
  if (!req.principal) throw new HuzhuError('UNAUTHENTICATED', hadToken ? 'the session has expired or ended; log in again' : 'log in first');
  if (!access.includes(req.principal.role)) throw new HuzhuError('FORBIDDEN', `role ${req.principal.role} may not ${req.method} ${req.routeOptions.url}`);
}

/**
 * The handler of a `sessionInQuery` route: `combined` reads the session by its token hash together
 * with the route's data (one round trip; it must read no data unless the session is valid for the
 * route), `plain` the data for a principal the hook already checked (a cached session). Either
 * way the route's access rule is applied exactly as in the hook, and a bad query string is
 * reported only after it (the route sets `attachValidation`), as on every other route.
 */
export async function withSession<T>(
  req: FastifyRequest, ctx: ServerContext,
  combined: (tokenHash: string, now: Date) => Promise<{ session: SessionRow | undefined; result: T }>,
  plain: () => Promise<T>,
): Promise<T> {
  const seen = req.pendingSession;
  const access = req.routeOptions.config.access!;
  if (seen === null) {
    if (req.validationError) throw req.validationError;
    return plain();
  }
  req.pendingSession = null;
  const now = ctx.clock();
  if (req.validationError) {
    req.principal = await ctx.sessions.load(seen, now);
    allow(req, access, true);
    throw req.validationError;
  }
  const { session, result } = await combined(seen.hash, now);
  req.principal = ctx.sessions.admit(seen, session, now);
  allow(req, access, true);
  return result;
}
