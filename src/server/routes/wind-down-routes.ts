/**
 * The wind-down of a plan (issue 13): one operator proposes, another confirms (four eyes) and the
 * wind-down starts then; staff rehearse it with the dry run; anyone sees its status, its terms and,
 * once the plan is closed, the final report. HTTP only: the rules are in domain/wind-down.ts, the
 * use cases in services/wind-down.ts and wind-down-report.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEFAULT_CLAIM_WINDOW_DAYS, MAX_CLAIM_WINDOW_DAYS } from '../../domain/wind-down.ts';
import type { WindDown } from '../../repositories/wind-downs-repo.ts';
import { confirmWindDown, proposeWindDown, windDownOfPlan } from '../../services/wind-down.ts';
import { publicWindDown, windDownDryRun } from '../../services/wind-down-report.ts';
import { audit } from '../audit.ts';
import { actionOf, num, type ServerContext } from '../context.ts';
import { errorResponses, fen, instant, localDate, planId } from '../schemas.ts';

const windDownId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$/, '1-60 letters, digits, dots and dashes');
const claimWindowDays = z.number().int().min(0).max(MAX_CLAIM_WINDOW_DAYS)
  .describe(`Claims may be filed until the end of the cut-off date plus this many days (default ${DEFAULT_CLAIM_WINDOW_DAYS}).`);

const termsSchema = {
  cutOffOn: localDate.describe('C: covered are illnesses and accidents diagnosed on or before this date (plan zone); memberships close at its end. The start\'s local date or later.'),
  refundPastShares: z.boolean().describe('Whether every payer is also refunded all the shares it paid, from operator money.'),
  claimWindowDays,
};

const windDownSchema = z.object({
  id: z.string(), plan: z.string(), ...termsSchema,
  status: z.enum(['proposed', 'winding-down', 'closed']).describe('proposed: waits for a second operator; winding-down from the confirmation (A).'),
  proposedAt: instant, startedAt: instant.nullable().describe('A: the confirmation instant, when the wind-down began.'),
  membersAtStart: z.number().int().nullable(), writtenOffFen: fen.nullable().describe('Open failed payments written off at A (the operator covers them).'),
  walletsRefundedFen: fen.nullable(), sharesRefundedFen: fen.nullable(),
});

const toWindDown = (w: WindDown): z.infer<typeof windDownSchema> => ({
  id: w.id, plan: w.planId, cutOffOn: w.terms.cutOffOn, refundPastShares: w.terms.refundPastShares, claimWindowDays: w.terms.claimWindowDays,
  status: w.closedAt ? 'closed' : w.startedAt ? 'winding-down' : 'proposed', proposedAt: w.proposedAt.toISOString(), startedAt: w.startedAt?.toISOString() ?? null,
  membersAtStart: w.atStart ? num(w.atStart.members) : null, writtenOffFen: w.atStart ? num(w.atStart.writtenOffFen) : null,
  walletsRefundedFen: w.atStart ? num(w.atStart.walletsRefundedFen) : null, sharesRefundedFen: w.atStart ? num(w.atStart.sharesRefundedFen) : null,
});

const count = z.number().int();
const dryRunSchema = z.object({
  plan: z.string(), at: instant, cutOffOn: z.string(), refundPastShares: z.boolean(), claimWindowDays: count, members: count.describe('Memberships active now (the members at A).'),
  walletsToRefund: z.object({ wallets: count, fen }).describe('Prepaid wallets refunded in full at A: members\' own money, not an operator cost.'),
  openPaymentsToWriteOff: z.object({ payments: count, fen }),
  pastSharesToRefund: z.object({ payers: count, fen }).nullable().describe('With refundPastShares: every share paid so far, refunded from operator money.'),
  approvedUnpaidClaims: z.object({ claims: count, fen }),
  openClaims: z.object({ claims: count, estimatedFen: fen }).describe('Filed, not yet decided: estimated at the expected payout each.'),
  notYetReported: z.object({ incidencePer100kYear: z.number(), horizonDays: count, expectedClaims: z.number(), estimatedFen: fen })
    .describe('Claims not yet filed, from the plan\'s incidence (the outlook\'s) over the days to the cut-off and the claim window after it.'),
  expectedPayoutPerClaimFen: fen, surplusCarriedFen: fen.describe('Used first, before the operator pays.'),
  operatorCostFen: fen.describe('Write-offs + past-share refunds + the claims beyond the surplus.'),
});

const publicSchema = z.object({
  plan: z.string(), status: z.enum(['active', 'winding-down', 'closed']),
  windDown: z.object({
    id: z.string(), startedAt: instant, cutOffOn: z.string(), refundPastShares: z.boolean(), claimWindowDays: count, claimWindowEndsAt: instant,
    membersAtStart: count, membershipsClosedAt: instant.nullable(), membershipsClosed: count.nullable(), closedAt: instant.nullable(),
  }).nullable().describe('Null while the plan is active (a proposal not yet confirmed is not public).'),
  finalReport: z.record(z.string(), z.unknown()).nullable()
    .describe('Once closed: membersAtStart, periods, claims (refs and outcomes), operatorPaid (subsidiesFen, writtenOffFen, sharesRefundedFen, surplusReleasedFen, totalFen), walletsRefundedFen and the final books (fen per ledger account); as in the `plan.winddown` closed log entry.'),
});

export function windDownRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['operations'];

  r.post('/ops/plans/:plan/wind-down', {
    config: { access: ['operator'] },
    schema: {
      tags, summary: 'Propose winding the plan down (a second operator must confirm; it starts then). Errors: VALIDATION (cutOffOn before today), CONFLICT (already one)',
      params: z.object({ plan: planId }),
      body: z.object({ id: windDownId.optional(), cutOffOn: termsSchema.cutOffOn, refundPastShares: termsSchema.refundPastShares.optional(), claimWindowDays: claimWindowDays.optional() }).strict(),
      response: { 201: windDownSchema, ...errorResponses },
    },
  }, async (req, reply) => {
    const w = await proposeWindDown(ctx.db, { plan: req.params.plan, ...req.body }, actionOf(ctx, req));
    await audit(ctx, req, 'wind-down.propose', `plan:${w.planId}`, null, { id: w.id, terms: w.terms });
    return reply.code(201).send(toWindDown(w));
  });

  r.post('/ops/wind-downs/:id/confirm', {
    config: { access: ['operator'] },
    schema: {
      tags, summary: 'Confirm another operator\'s wind-down: it starts now (A): joins and recharges refused PLAN_CLOSING, open payments written off, wallets refunded. Errors: FOUR_EYES, CONFLICT',
      params: z.object({ id: windDownId }), response: { 200: windDownSchema, ...errorResponses },
    },
  }, async (req) => {
    const w = await confirmWindDown(ctx.db, { id: req.params.id }, actionOf(ctx, req));
    await audit(ctx, req, 'wind-down.confirm', `plan:${w.planId}`, null, toWindDown(w));
    return toWindDown(w);
  });

  r.get('/ops/plans/:plan/wind-down', {
    config: { access: ['operator', 'admin', 'auditor'] },
    schema: {
      tags, summary: 'The plan\'s wind-down as staff see it, a proposal awaiting its confirmation included, with who proposed and who confirmed it',
      params: z.object({ plan: planId }),
      response: { 200: z.object({ windDown: windDownSchema.extend({ proposedBy: z.string(), confirmedBy: z.string().nullable() }).nullable() }), ...errorResponses },
    },
  }, async (req) => {
    const w = await windDownOfPlan(ctx.db, req.params.plan);
    return { windDown: w && { ...toWindDown(w), proposedBy: w.proposedBy, confirmedBy: w.confirmedBy } };
  });

  r.get('/ops/plans/:plan/wind-down/dry-run', {
    config: { access: ['operator', 'admin', 'auditor'] },
    schema: {
      tags, summary: 'Rehearse a wind-down starting now: what it would cost the operator (nothing is written)',
      params: z.object({ plan: planId }),
      querystring: z.object({
        cutOffOn: termsSchema.cutOffOn, refundPastShares: z.enum(['true', 'false']).optional().describe('true: also refund every share paid (default false).'),
        claimWindowDays: z.coerce.number().int().min(0).max(MAX_CLAIM_WINDOW_DAYS).optional(),
      }).strict(),
      response: { 200: dryRunSchema, ...errorResponses },
    },
  }, async (req) => windDownDryRun(ctx.db, {
    plan: req.params.plan, cutOffOn: req.query.cutOffOn, refundPastShares: req.query.refundPastShares === 'true', claimWindowDays: req.query.claimWindowDays,
  }, ctx.clock()));

  r.get('/public/plans/:plan/wind-down', {
    config: { access: 'public' },
    schema: {
      tags: ['public'], summary: 'The plan\'s status (active, winding-down, closed), its wind-down\'s terms and, once closed, the final report',
      params: z.object({ plan: planId }), response: { 200: publicSchema, ...errorResponses },
    },
  }, async (req) => publicWindDown(ctx.db, req.params.plan, ctx.clock()));
}
