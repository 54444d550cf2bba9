/**
 * Who may call what. Every route states its rule in `config.access`; a route registered without
 * one is refused at start-up (and the route-table test fails), so no route is open by accident.
 * The check runs in onRequest, before the body is even read.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HuzhuError } from '../domain/errors.ts';
import type { Access, ServerContext } from './context.ts';
import { RateLimiter } from './rate-limit.ts';
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
    const config = (route.config ?? {}) as { access?: Access };
    if (config.access === undefined && PLUGIN_PUBLIC.test(route.url)) route.config = { ...config, access: 'public' };
    else if (config.access === undefined) throw new Error(`route ${String(route.method)} ${route.url} states no access rule`);
    for (const method of [route.method].flat()) table.push({ method, url: route.url, access: (route.config as { access: Access }).access });
  });

  const limiter = new RateLimiter();
  app.addHook('onRequest', async (req) => {
    req.principal = null;
    if (req.is404) return;
    const token = tokenOf(req);
    if (token) req.principal = await ctx.sessions.resolve(token, ctx.clock());
    const config = req.routeOptions.config;
    const access = config.access;
    if (access === undefined) throw new HuzhuError('FORBIDDEN', 'this route states no access rule');
    if (access !== 'public') {
      if (!req.principal) throw new HuzhuError('UNAUTHENTICATED', token ? 'the session has expired or ended; log in again' : 'log in first');
      if (!access.includes(req.principal.role)) throw new HuzhuError('FORBIDDEN', `role ${req.principal.role} may not ${req.method} ${req.routeOptions.url}`);
    }
    const rl = config.rateLimit;
    if (rl && !limiter.take(`${rl.name}:${req.ip}`, rl.max(ctx.config), rl.windowMs, Date.now())) {
      throw new HuzhuError('RATE_LIMITED', `too many ${rl.name} attempts from this address; wait and retry`);
    }
  });
  return table;
}
