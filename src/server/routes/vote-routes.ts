/**
 * Rule changes by member vote (issue 14): operators propose and a second operator confirms;
 * members see the open proposals and vote for each membership they pay for; anyone sees every
 * proposal with its tally. HTTP only: the rules are in domain/governance.ts, the use cases in
 * services/governance-service.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getPlan } from '../../repositories/plans-repo.ts';
import { getProposal, listProposals } from '../../repositories/proposals-repo.ts';
import { confirmProposal, memberBallots, propose, proposalEffect, proposalView, voteAsMember, type ProposalView } from '../../services/governance-service.ts';
import { audit } from '../audit.ts';
import { actionOf, num, who, type ServerContext } from '../context.ts';
import { errorResponses, fen, idParam, localDate, planId } from '../schemas.ts';

const proposalId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, '1-40 letters, digits, dots and dashes');

export const proposalSchema = z.object({
  id: z.string(), plan: z.string(), status: z.enum(['proposed', 'open', 'passed', 'rejected']), reason: z.string(), effectiveOn: z.string(),
  old: z.record(z.string(), z.unknown()).describe('The changed settings as they stand, in the plan-rules JSON form.'),
  new: z.record(z.string(), z.unknown()).describe('The same settings as the proposal would have them.'),
  opensAt: z.string().nullable(), closesAt: z.string().nullable(), eligible: z.number().int().nullable(),
  votesFor: z.number().int(), votesAgainst: z.number().int(),
  passedIfClosedNow: z.boolean().describe('Whether the tally so far meets the quorum and the threshold.'),
});

const toProposal = (p: ProposalView): z.infer<typeof proposalSchema> => ({
  id: p.id, plan: p.planId, status: p.status, reason: p.reason, effectiveOn: p.effectiveOn, old: p.oldValues, new: p.changes,
  opensAt: p.openedAt?.toISOString() ?? null, closesAt: p.closesAt?.toISOString() ?? null, eligible: p.eligible,
  votesFor: p.votesForNow, votesAgainst: p.votesAgainstNow, passedIfClosedNow: p.passedIfClosedNow,
});

// Longer than ~80 lines on purpose: a route table: one registration per route, read as a list (each handler a few lines).
export function voteRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const staff = ['operator', 'admin'] as const;

  r.get('/public/plans/:plan/proposals', {
    config: { access: 'public' },
    schema: { tags: ['public'], summary: 'Every rule-change proposal of the plan, newest first, with its tally', params: z.object({ plan: planId }),
      response: { 200: z.object({ items: z.array(proposalSchema) }), ...errorResponses } },
  }, async (req) => {
    await getPlan(ctx.db, req.params.plan);
    const items = [];
    for (const p of await listProposals(ctx.db, req.params.plan)) items.push(toProposal(await proposalView(ctx.db, p)));
    return { items };
  });

  r.post('/ops/plans/:plan/proposals', {
    config: { access: [...staff] },
    schema: {
      tags: ['operations'], summary: 'Propose a rule change (a second operator must confirm it; the vote opens then)', params: z.object({ plan: planId }),
      body: z.object({
        id: proposalId.optional(), rules: z.record(z.string(), z.unknown()).describe('The settings to change and their new values.'),
        reason: z.string().trim().min(10).max(2000), effectiveOn: localDate,
      }).strict(),
      response: { 201: proposalSchema, ...errorResponses },
    },
  }, async (req, reply) => {
    const p = await propose(ctx.db, { plan: req.params.plan, proposal: req.body.id, rules: req.body.rules, reason: req.body.reason, effectiveOn: req.body.effectiveOn }, actionOf(ctx, req));
    await audit(ctx, req, 'proposal.propose', `proposal:${p.id}`, null, { changes: p.changes, effectiveOn: p.effectiveOn });
    return reply.code(201).send(toProposal(await proposalView(ctx.db, p)));
  });

  r.post('/ops/proposals/:proposal/confirm', {
    config: { access: [...staff] },
    schema: {
      tags: ['operations'], summary: 'Confirm another operator\'s proposal: the members\' vote opens now', params: z.object({ proposal: proposalId }),
      response: { 200: proposalSchema, ...errorResponses },
    },
  }, async (req) => {
    const p = await confirmProposal(ctx.db, { proposal: req.params.proposal }, actionOf(ctx, req));
    await audit(ctx, req, 'proposal.confirm', `proposal:${p.id}`, null, { opensAt: p.openedAt, eligible: p.eligible });
    return toProposal(await proposalView(ctx.db, p));
  });

  r.get('/me/proposals', {
    config: { access: ['member'] },
    schema: {
      tags: ['member'], summary: 'The plan\'s open proposals, with the memberships this account votes for', querystring: z.object({ plan: planId }),
      response: { 200: z.object({ items: z.array(proposalSchema.extend({ ballots: z.array(z.object({ membership: z.number().int(), voted: z.boolean() })) })) }), ...errorResponses },
    },
  }, async (req) => {
    await getPlan(ctx.db, req.query.plan);
    const items = (await memberBallots(ctx.db, who(req), req.query.plan)).map((p) => ({
      ...toProposal(p), ballots: p.ballots.map((b) => ({ membership: num(b.membershipId), voted: b.voted })),
    }));
    return { items };
  });

  r.get('/me/proposals/:proposal/effect', {
    config: { access: ['member'] },
    schema: {
      tags: ['member'], summary: 'The projected effect on a member\'s share: the outlook run on the plan\'s measured state without and with the change',
      params: z.object({ proposal: proposalId }),
      response: { 200: z.object({
        months: z.number().int(),
        annualCostPerMemberFen: z.object({ without: fen, with: fen }).describe('What a member present for the projected months pays per year, caps applied.'),
        sumOfSharesFen: z.object({ without: fen, with: fen }).describe('The projected shares summed over the months, before caps.'),
      }), ...errorResponses },
    },
  }, async (req) => proposalEffect(ctx.db, req.params.proposal));

  r.post('/me/proposals/:proposal/votes', {
    config: { access: ['member'] },
    schema: {
      tags: ['member'], summary: 'Vote on an open proposal for one membership this account pays for (one vote each; final)',
      params: z.object({ proposal: proposalId }), body: z.object({ membership: idParam, inFavour: z.boolean() }).strict(),
      response: { 201: z.object({ voted: z.literal(true) }), ...errorResponses },
    },
  }, async (req, reply) => {
    await getProposal(ctx.db, req.params.proposal);
    const out = await voteAsMember(ctx.db, who(req), { proposal: req.params.proposal, membership: BigInt(req.body.membership), inFavour: req.body.inFavour }, actionOf(ctx, req));
    return reply.code(201).send(out);
  });
}
