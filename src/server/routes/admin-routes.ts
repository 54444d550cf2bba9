/** Administration: staff accounts and roles, unlocking. Every action is audited. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAccess } from '../../services/access.ts';
import { changeRole, createAccount, manageableAccount, unlockAccount } from '../../services/accounts-service.ts';
import { audit } from '../audit.ts';
import { ROLES } from '../../domain/principal.ts';
import { num, who, type ServerContext } from '../context.ts';
import { hashPassword } from '../passwords.ts';
import { listAccounts, type Account } from '../../repositories/accounts-repo.ts';
import { resetPassword } from '../password-reset.ts';
import { assertPasswordAcceptable } from '../../domain/password-policy.ts';
import { errorResponses, idParam, page, paged, pageQuery } from '../schemas.ts';
import { email, password } from './auth-routes.ts';

const adminAccount = z.object({ id: z.number().int(), email: z.string(), role: z.enum(ROLES), locked: z.boolean(), failedLogins: z.number().int(), createdAt: z.string() });

export function adminRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin'];
  const admin = ['admin'] as const;
  const out = (a: Account) => ({
    id: num(a.id), email: a.email, role: a.role, locked: a.lockedUntil !== null && a.lockedUntil > ctx.clock(), failedLogins: a.failedLogins, createdAt: a.createdAt.toISOString(),
  });

  r.get('/admin/accounts', {
    config: { access: admin },
    schema: { tags, summary: 'Accounts', querystring: pageQuery.extend({ role: z.enum(ROLES).optional() }), response: { 200: page(adminAccount), ...errorResponses } },
  }, async (req) => paged((await listAccounts(ctx.db, { role: req.query.role, limit: req.query.limit + 1, offset: req.query.offset })).map(out), req.query));

  r.post('/admin/accounts', {
    config: { access: admin, secret: true },
    schema: {
      tags, summary: 'Create a staff account (operator, investigator, auditor, admin)',
      body: z.object({ email, password, role: z.enum(['operator', 'investigator', 'auditor', 'regulator', 'admin']) }).strict(),
      response: { 201: adminAccount, ...errorResponses },
    },
  }, async (req, reply) => {
    assertPasswordAcceptable(req.body.password, [req.body.email]);
    const hash = await hashPassword(req.body.password, ctx.config.scryptLogN);
    const id = await createAccount(ctx.db, { email: req.body.email, passwordHash: hash, role: req.body.role, at: ctx.clock() });
    const a = out(await requireAccess(ctx.db, who(req), 'account.manage', id));
    await audit(ctx, req, 'account.create', `account:${id}`, null, a);
    return reply.code(201).send(a);
  });

  r.post('/admin/accounts/:id/role', {
    config: { access: admin },
    schema: { tags, summary: 'Change an account\'s role (ends its sessions)', params: z.object({ id: idParam }), body: z.object({ role: z.enum(ROLES) }).strict(), response: { 200: adminAccount, ...errorResponses } },
  }, async (req) => {
    const { before, after } = await changeRole(ctx.db, who(req), BigInt(req.params.id), req.body.role, (id) => ctx.sessions.endAll(id));
    await audit(ctx, req, 'account.role', `account:${before.id}`, out(before), out(after));
    return out(after);
  });

  r.post('/admin/accounts/:id/unlock', {
    config: { access: admin },
    schema: { tags, summary: 'Unlock an account locked after failed log-ins', params: z.object({ id: idParam }), response: { 200: adminAccount, ...errorResponses } },
  }, async (req) => {
    const { before, after } = await unlockAccount(ctx.db, who(req), BigInt(req.params.id), ctx.loginThrottle);
    await audit(ctx, req, 'account.unlock', `account:${before.id}`, out(before), out(after));
    return out(after);
  });

  // No e-mail is sent by huzhu: an admin gives the member a generated password, shown once.
  r.post('/admin/accounts/:id/password', {
    config: { access: admin, secret: true },
    schema: {
      tags, summary: 'Reset a password: a generated one, shown once in this answer (never stored in clear, never replayed); ends every session of the account',
      params: z.object({ id: idParam }), response: { 200: z.object({ id: z.number().int(), email: z.string(), password: z.string() }), ...errorResponses },
    },
  }, async (req) => {
    const before = await manageableAccount(ctx.db, who(req), BigInt(req.params.id));
    const r = await resetPassword(ctx.db, before.email, { scryptLogN: ctx.config.scryptLogN });
    await ctx.sessions.endAll(before.id);
    ctx.loginThrottle.clear(before.email);
    await audit(ctx, req, 'account.password-reset', `account:${before.id}`, out(before), out(await manageableAccount(ctx.db, who(req), BigInt(req.params.id))));
    return { id: num(before.id), email: before.email, password: r.password };
  });
}
