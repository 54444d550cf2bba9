/**
 * Prepaid wallets (issue 13): a member's wallets with the plan's limits and the reminders, and the
 * recharge through the payment provider, bound to the session's payer; and, public, each charged
 * period's wallets total.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { rechargeMyWallet, walletsOfMember } from '../../services/member-wallets.ts';
import { actionOf, num, who, type ServerContext } from '../context.ts';
import { errorResponses, fen, page, paged, pageQuery, planId } from '../schemas.ts';
import { getPlan } from '../../repositories/plans-repo.ts';
import { periodWalletsOfPlan } from '../../repositories/wallets-repo.ts';

const reminderSchema = z.object({
  announcedOn: z.string().describe('The period whose charge the reminder follows.'),
  reason: z.enum(['payment-failed', 'low-balance']), balanceFen: fen.describe('The wallet right after that charge.'), at: z.string(),
});

const walletSchema = z.object({
  plan: z.string(), balanceFen: fen, refundedFen: fen.describe('Everything refunded to the payment method so far.'),
  joinDepositFen: fen, lowBalanceFen: fen, maxBalanceFen: fen, reminders: z.array(reminderSchema),
});

export function walletRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['members'];
  const member = ['member'] as const;

  r.get('/public/plans/:plan/wallets', {
    config: { access: 'public' },
    schema: {
      tags: ['public'], summary: 'A prepaid plan\'s wallets total right after each charge (walletsFen), oldest first; empty for a post-paid plan',
      params: z.object({ plan: planId }), querystring: pageQuery,
      response: { 200: page(z.object({ announcedOn: z.string(), walletsFen: fen })), ...errorResponses },
    },
  }, async (req) => {
    await getPlan(ctx.db, req.params.plan); // NOT_FOUND for a plan that does not exist
    const rows = await periodWalletsOfPlan(ctx.db, req.params.plan, { limit: req.query.limit + 1, offset: req.query.offset });
    return paged(rows.map((w) => ({ announcedOn: w.announced_on, walletsFen: num(w.wallets_fen) })), req.query);
  });

  r.get('/me/wallets', {
    config: { access: member },
    schema: { tags, summary: 'My wallet in each prepaid plan: balance, the plan\'s deposit and limits, refunds and reminders', response: { 200: z.object({ items: z.array(walletSchema) }), ...errorResponses } },
  }, async (req) => {
    const rows = await walletsOfMember(ctx.db, who(req));
    return {
      items: rows.map((w) => ({
        plan: w.plan, balanceFen: num(w.balanceFen), refundedFen: num(w.refundedFen), joinDepositFen: num(w.joinDepositFen),
        lowBalanceFen: num(w.lowBalanceFen), maxBalanceFen: num(w.maxBalanceFen),
        reminders: w.reminders.map((x) => ({ announcedOn: x.announced_on, reason: x.reason, balanceFen: num(x.balance_fen), at: x.at.toISOString() })),
      })),
    };
  });

  r.post('/me/wallets/:plan/recharge', {
    config: { access: member },
    schema: {
      tags, summary: 'Recharge my wallet in a prepaid plan through the payment provider; then failed payments are taken oldest first. Refusals BALANCE_LIMIT, RECHARGE_FAILED, NOT_PREPAID',
      params: z.object({ plan: planId }),
      body: z.object({ amountFen: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) }).strict(),
      response: { 200: z.object({ plan: z.string(), amountFen: fen, balanceFen: fen, settledPeriods: z.number().int(), refundedFen: fen }), ...errorResponses },
    },
  }, async (req) => {
    const out = await rechargeMyWallet(ctx.db, ctx.provider, who(req), { plan: req.params.plan, amountFen: BigInt(req.body.amountFen) }, actionOf(ctx, req));
    return { plan: out.plan, amountFen: num(out.amountFen), balanceFen: num(out.balanceFen), settledPeriods: out.settledPeriods, refundedFen: num(out.refundedFen) };
  });
}
