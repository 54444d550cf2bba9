/** Accounts: register (members), log in, log out, the current session. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createAccount, logIn } from '../../services/accounts-service.ts';
import { ROLES } from '../../domain/principal.ts';
import { sessionCookieSecure } from '../browser-protections.ts';
import { num, who, type ServerContext } from '../context.ts';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../passwords.ts';
import { errorResponses, ok } from '../schemas.ts';
import { SESSION_COOKIE } from '../sessions.ts';

export const email = z.string().max(254).transform((s) => s.trim().toLowerCase()).pipe(z.email('an e-mail address'));
export const password = z.string().min(10, 'at least 10 characters').max(200);
export const accountSchema = z.object({ id: z.number().int(), email: z.string(), role: z.enum(ROLES) });
const sessionSchema = z.object({ token: z.string().describe('Bearer token for API clients (browsers use the httpOnly cookie).'), expiresAt: z.string(), account: accountSchema });

export function authRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/auth/register', {
    config: { access: 'public', rateLimit: { name: 'registration', max: (c) => c.registerPerHour, windowMs: 3_600_000 } },
    schema: { tags: ['accounts'], summary: 'Register a member account', body: z.object({ email, password }).strict(), response: { 201: accountSchema, ...errorResponses } },
  }, async (req, reply) => {
    const at = ctx.clock();
    const hash = await hashPassword(req.body.password, ctx.config.scryptLogN);
    const id = await createAccount(ctx.db, { email: req.body.email, passwordHash: hash, role: 'member', at });
    return reply.code(201).send({ id: num(id), email: req.body.email, role: 'member' as const });
  });

  r.post('/auth/login', {
    config: { access: 'public', rateLimit: { name: 'log-in', max: (c) => c.loginPerMinute, windowMs: 60_000 } },
    schema: { tags: ['accounts'], summary: 'Log in: sets the session cookie and returns a bearer token', body: z.object({ email, password: z.string().max(200) }).strict(), response: { 200: sessionSchema, ...errorResponses } },
  }, async (req, reply) => {
    const now = ctx.clock();
    const account = await logIn(ctx.db, { email: req.body.email, password: req.body.password, now }, {
      verify: verifyPassword, burn: (pw) => burnPasswordCheck(pw, ctx.config.scryptLogN),
    }, { failures: ctx.config.lockoutFailures, minutes: ctx.config.lockoutMinutes });
    const s = await ctx.sessions.create(account.id, now);
    void reply.setCookie(SESSION_COOKIE, s.token, { path: '/', httpOnly: true, sameSite: 'strict', secure: sessionCookieSecure(req, ctx.config), expires: s.expiresAt });
    return { token: s.token, expiresAt: s.expiresAt.toISOString(), account: { id: num(account.id), email: account.email, role: account.role } };
  });

  r.post('/auth/logout', {
    config: { access: ROLES },
    schema: { tags: ['accounts'], summary: 'End this session', response: { 200: ok, ...errorResponses } },
  }, async (req, reply) => {
    await ctx.sessions.end(who(req).tokenHash);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  r.get('/auth/session', {
    config: { access: ROLES },
    schema: { tags: ['accounts'], summary: 'The account of this session', response: { 200: accountSchema, ...errorResponses } },
  }, async (req) => {
    const p = who(req);
    return { id: num(p.accountId), email: p.email, role: p.role };
  });
}
