/** Accounts: register (members), log in, log out, the current session. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { logIn, registerMember } from '../../services/accounts-service.ts';
import { assertPasswordAcceptable } from '../../domain/password-policy.ts';
import { ROLES } from '../../domain/principal.ts';
import { sessionCookieSecure } from '../browser-protections.ts';
import { num, who, type ServerContext } from '../context.ts';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../passwords.ts';
import { errorResponses, ok } from '../schemas.ts';
import { SESSION_COOKIE } from '../sessions.ts';

export const email = z.string().max(254).transform((s) => s.trim().toLowerCase()).pipe(z.email('an e-mail address'));
export const password = z.string().min(10, 'at least 10 characters').max(200);
export const accountSchema = z.object({ id: z.number().int(), email: z.string(), role: z.enum(ROLES) });
const registeredSchema = z.object({ email: z.string(), role: z.literal('member') });
const sessionSchema = z.object({ token: z.string().describe('Bearer token for API clients (browsers use the httpOnly cookie).'), expiresAt: z.string(), account: accountSchema });

export function authRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // Registration answers the same whether or not the e-mail is taken (no account enumeration):
  // the same status and body, and the password is hashed either way. For a taken e-mail nothing
  // is created or changed; its owner logs in as before, or resets the password (docs/api.md).
  r.post('/auth/register', {
    config: { access: 'public', secret: true, rateLimit: { name: 'registration', max: (c) => c.registerPerHour, windowMs: 3_600_000 } },
    schema: { tags: ['accounts'], summary: 'Register a member account (the answer is the same if the e-mail is already registered)', body: z.object({ email, password }).strict(), response: { 201: registeredSchema, ...errorResponses } },
  }, async (req, reply) => {
    const at = ctx.clock();
    assertPasswordAcceptable(req.body.password, [req.body.email]);
    const hash = await hashPassword(req.body.password, ctx.config.scryptLogN);
    await registerMember(ctx.db, { email: req.body.email, passwordHash: hash, at });
    return reply.code(201).send({ email: req.body.email, role: 'member' as const });
  });

  // Back-off per e-mail and per address instead of a lock-out (domain/login-throttle.ts); the
  // password hash always runs, so an unknown, a throttled and a known account take the same time,
  // and a throttled attempt is refused even with the right password (or guessing would go on).
  r.post('/auth/login', {
    config: { access: 'public', secret: true, rateLimit: { name: 'log-in', max: (c) => c.loginPerMinute, windowMs: 60_000 } },
    schema: { tags: ['accounts'], summary: 'Log in: sets the session cookie and returns a bearer token', body: z.object({ email, password: z.string().max(200) }).strict(), response: { 200: sessionSchema, ...errorResponses } },
  }, async (req, reply) => {
    const now = ctx.clock();
    const account = await logIn(ctx.db, { email: req.body.email, password: req.body.password, address: req.ip, now }, {
      verify: verifyPassword, burn: (pw) => burnPasswordCheck(pw, ctx.config.scryptLogN),
    }, ctx.loginThrottle);
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
