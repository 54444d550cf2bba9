/** Public (no log-in): plans and their rules, period results, announced cases, running totals. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { rulesToJson } from '../../domain/plan-rules.ts';
import { getPlan, listPlans } from '../../repositories/plans-repo.ts';
import { planStatus } from '../../services/wind-down.ts';
import type { CaseCache } from '../case-cache.ts';
import { num, type ServerContext } from '../context.ts';
import { DISEASES, HEALTH_QUESTIONS } from '../diseases.ts';
import { HuzhuError } from '../../domain/errors.ts';
import { casesOfPeriods } from '../../repositories/public-queries.ts';
import { findPeriod, periodsOfPlan, totalsOfPlan, type Period } from '../../repositories/periods-repo.ts';
import type { LocalDate } from '../../domain/local-date.ts';
import { toPublicCase } from '../case-cache.ts';
import { errorResponses, fen, localDate, page, paged, pageQuery, planId } from '../schemas.ts';

export const publicCase = z.object({
  name: z.string().describe('Masked: family name and stars.'), age: z.number().int().nullable(),
  province: z.string().nullable().describe('A stable code: the province\'s English name as in src/server/national-id.ts PROVINCES (the pages translate it).'),
  disease: z.string(), diseaseCode: z.string(), severity: z.string(), cause: z.string(), payoutFen: fen,
});

const planSchema = z.object({
  id: z.string(), name: z.string(),
  names: z.object({ 'zh-CN': z.string(), en: z.string() }).optional().describe('The name in each language the pages speak, where the operator gave them.'),
  timeZone: z.string(), rules: z.record(z.string(), z.unknown()).describe('Every number the engine uses (PlanRulesJson).'),
  status: z.enum(['active', 'winding-down', 'closed']).describe('Issue 13: winding-down from a wind-down\'s start (joins refused PLAN_CLOSING), closed once it ends; details at /public/plans/{plan}/wind-down.'),
  healthQuestions: z.record(z.string(), z.string()), diseases: z.record(z.string(), z.string()),
});

export const periodSchema = z.object({
  plan: z.string(), announcedOn: z.string(), chargedOn: z.string(), status: z.string(), cases: z.number().int(), sharingMembers: z.number().int(),
  shareFen: fen, payoutFen: fen, feeFen: fen, carriedInFen: fen, operatorSubsidyFen: fen, surplusOutFen: fen, billedFen: fen,
  weightTotal: z.number().int().describe('W, the sum of the sharing members\' contribution weights: the share is per unit of weight (= sharingMembers when contributions are not graded).'),
  weightBands: z.array(z.object({ fromAge: z.number().int(), weight: z.number().int(), members: z.number().int() }))
    .describe('Members per contribution band at the snapshot (the plan\'s contributionWeights), ascending fromAge.'),
});

export const toPeriod = (p: Period) => ({
  plan: p.planId, announcedOn: p.announcedOn, chargedOn: p.chargedOn, status: p.status, cases: p.cases, sharingMembers: num(p.sharingMembers),
  shareFen: num(p.shareFen), payoutFen: num(p.payoutFen), feeFen: num(p.feeFen), carriedInFen: num(p.carriedInFen),
  operatorSubsidyFen: num(p.operatorSubsidyFen), surplusOutFen: num(p.surplusOutFen), billedFen: num(p.billedFen),
  weightTotal: num(p.weightTotal), weightBands: p.weightBands.map((b) => ({ fromAge: b.fromAge, weight: b.weight, members: num(b.members) })),
});

export function publicRoutes(app: FastifyInstance, ctx: ServerContext, _cases: CaseCache): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['public'];
  const planOut = async (p: Awaited<ReturnType<typeof getPlan>>) => ({
    id: p.id, name: p.name, ...(p.names ? { names: p.names } : {}), timeZone: p.rules.timeZone, rules: rulesToJson(p.rules) as Record<string, unknown>,
    status: await planStatus(ctx.db, p.id, ctx.clock()), healthQuestions: { ...HEALTH_QUESTIONS }, diseases: { ...DISEASES },
  });

  r.get('/public/plans', {
    config: { access: 'public' },
    schema: { tags, summary: 'Plans and their rules', querystring: pageQuery, response: { 200: page(planSchema), ...errorResponses } },
  }, async (req) => {
    const plans = (await listPlans(ctx.db)).slice(req.query.offset, req.query.offset + req.query.limit + 1);
    return paged(await Promise.all(plans.map(planOut)), req.query);
  });

  r.get('/public/plans/:plan', {
    config: { access: 'public' },
    schema: { tags, summary: 'One plan and its rules', params: z.object({ plan: planId }), response: { 200: planSchema, ...errorResponses } },
  }, async (req) => planOut(await getPlan(ctx.db, req.params.plan)));

  r.get('/public/plans/:plan/periods', {
    config: { access: 'public' },
    schema: {
      tags, summary: 'Period results, newest first: members, share, totals, subsidy, surplus', params: z.object({ plan: planId }), querystring: pageQuery,
      response: { 200: page(periodSchema), ...errorResponses },
    },
  }, async (req) => {
    await getPlan(ctx.db, req.params.plan);
    const rows = await periodsOfPlan(ctx.db, req.params.plan, req.query.limit + 1, req.query.offset);
    return paged(rows.map(toPeriod), req.query);
  });

  r.get('/public/plans/:plan/periods/:announcedOn', {
    config: { access: 'public' },
    schema: { tags, summary: 'One period\'s result', params: z.object({ plan: planId, announcedOn: localDate }), response: { 200: periodSchema, ...errorResponses } },
  }, async (req) => {
    const p = await findPeriod(ctx.db, req.params.plan, req.params.announcedOn as LocalDate);
    if (!p) throw new HuzhuError('NOT_FOUND', `period: no announcement on ${req.params.announcedOn} in plan "${req.params.plan}"`, { field: 'announcedOn' });
    return toPeriod(p);
  });

  r.get('/public/plans/:plan/periods/:announcedOn/cases', {
    config: { access: 'public' },
    schema: {
      tags, summary: 'The announcement: each case with masked name, age, province, disease and payout', params: z.object({ plan: planId, announcedOn: localDate }),
      querystring: pageQuery, response: { 200: page(publicCase), ...errorResponses },
    },
  }, async (req) => {
    const p = await findPeriod(ctx.db, req.params.plan, req.params.announcedOn as LocalDate);
    if (!p) throw new HuzhuError('NOT_FOUND', `period: no announcement on ${req.params.announcedOn} in plan "${req.params.plan}"`, { field: 'announcedOn' });
    const rows = await casesOfPeriods(ctx.db, [p.id], req.query.limit + 1, req.query.offset);
    return paged(rows.map(toPublicCase), req.query);
  });

  r.get('/public/plans/:plan/totals', {
    config: { access: 'public' },
    schema: {
      tags, summary: 'Running totals since the plan began', params: z.object({ plan: planId }),
      response: {
        200: z.object({ plan: z.string(), periods: z.number().int(), cases: z.number().int(), payoutFen: fen, feeFen: fen, operatorSubsidyFen: fen, billedFen: fen, activeMembers: z.number().int(), membersEver: z.number().int() }),
        ...errorResponses,
      },
    },
  }, async (req) => {
    await getPlan(ctx.db, req.params.plan);
    const t = await totalsOfPlan(ctx.db, req.params.plan);
    return {
      plan: req.params.plan, periods: num(t.periods), cases: num(t.cases), payoutFen: num(t.payout_fen), feeFen: num(t.fee_fen),
      operatorSubsidyFen: num(t.subsidy_fen), billedFen: num(t.billed_fen), activeMembers: num(t.active_members), membersEver: num(t.members_ever),
    };
  });
}
