/**
 * The auditor's read-only view: the ledger, every period's numbers, the `books check` proof and
 * the audit trail. No national ID numbers, no names: amounts, periods and account ids only.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BOOKS_CHECK_CODES, checkBooks } from '../../services/books-check.ts';
import { num, type ServerContext } from '../context.ts';
import { listAudit } from '../../repositories/audit-repo.ts';
import { journal } from '../../repositories/ledger-repo.ts';
import { errorResponses, fen, idParam, page, paged, pageQuery, planId } from '../schemas.ts';
import { periodSchema, toPeriod } from './public-routes.ts';
import { pageOfPeriods } from '../../repositories/periods-repo.ts';

export function auditRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['audit'];
  const auditors = ['auditor', 'admin'] as const;

  r.get('/audit/ledger', {
    config: { access: auditors },
    schema: {
      tags, summary: 'Journal entries with their lines, oldest first', querystring: pageQuery.extend({ plan: planId.optional(), periodId: idParam.optional() }),
      response: {
        200: page(z.object({
          id: z.number().int(), plan: z.string(), periodId: z.number().int().nullable(), kind: z.string(), at: z.string(), actor: z.string(), memo: z.string(),
          reverses: z.number().int().nullable(), lines: z.array(z.object({ account: z.string(), debitFen: fen, creditFen: fen })),
        })),
        ...errorResponses,
      },
    },
  }, async (req) => {
    const rows = await journal(ctx.db, { planId: req.query.plan, periodId: req.query.periodId === undefined ? undefined : BigInt(req.query.periodId), limit: req.query.limit + 1, offset: req.query.offset });
    return paged(rows.map((e) => ({
      id: num(e.id), plan: e.plan_id, periodId: e.period_id === null ? null : num(e.period_id), kind: e.kind, at: e.at.toISOString(), actor: e.actor, memo: e.memo,
      reverses: e.reverses === null ? null : num(e.reverses), lines: (e.lines ?? []).map((l) => ({ account: l.account, debitFen: Number(l.debit_fen), creditFen: Number(l.credit_fen) })),
    })), req.query);
  });

  r.get('/audit/periods', {
    config: { access: auditors },
    schema: { tags, summary: 'Every period of every plan, oldest first', querystring: pageQuery.extend({ plan: planId.optional() }), response: { 200: page(periodSchema.extend({ id: z.number().int() })), ...errorResponses } },
  }, async (req) => {
    const rows = await pageOfPeriods(ctx.db, { planId: req.query.plan, limit: req.query.limit + 1, offset: req.query.offset });
    return paged(rows.map((p) => ({ id: num(p.id), ...toPeriod(p) })), req.query);
  });

  r.get('/audit/books', {
    config: { access: auditors },
    schema: {
      tags, summary: 'The `huzhu books check` proof: every entry balances, per period and overall; charges add up; no pooled funds',
      response: { 200: z.object({ ok: z.boolean(), checks: z.array(z.object({
        code: z.enum(BOOKS_CHECK_CODES).describe('A stable code (the pages translate it; `name` and `detail` are English).'),
        plan: z.string().optional().describe('The plan a per-plan check is about.'),
        name: z.string(), ok: z.boolean(), detail: z.string(),
      })) }), ...errorResponses },
    },
  }, async () => checkBooks(ctx.db));

  r.get('/audit/trail', {
    config: { access: auditors },
    schema: {
      tags, summary: 'Every operator, investigator and admin action with before and after, newest first (append-only)',
      querystring: pageQuery.extend({ subject: z.string().max(200).optional() }),
      response: {
        200: page(z.object({ id: z.number().int(), at: z.string(), actorId: z.number().int(), actorRole: z.string(), action: z.string(), subject: z.string(), before: z.unknown(), after: z.unknown() })),
        ...errorResponses,
      },
    },
  }, async (req) => {
    const rows = await listAudit(ctx.db, { subject: req.query.subject, limit: req.query.limit + 1, offset: req.query.offset });
    return paged(rows.map((a) => ({ id: num(a.id), at: a.at.toISOString(), actorId: num(a.actorId), actorRole: a.actorRole, action: a.action, subject: a.subject, before: a.before, after: a.after })), req.query);
  });
}
