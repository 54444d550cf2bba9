/**
 * The early warning for operators and auditors: the plan's measured state, the next months
 * projected from it and the warning level in plain words (the same as `huzhu outlook --json`).
 * Read-only; a few aggregate queries whatever the membership.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { platformStateSchema } from '../../projection/platform-state.ts';
import { outlook } from '../../services/outlook-service.ts';
import type { ServerContext } from '../context.ts';
import { errorResponses, fen, planId } from '../schemas.ts';
import { parseWeightPairs } from '../../domain/contribution-weights.ts';

const fraction = z.number().nullable();
const level = z.enum(['ok', 'watch', 'warning', 'spiral']);
const signal = z.object({
  code: z.enum(['share-rose', 'needs-cut', 'members-fell', 'young-fell', 'young-leaving']),
  values: z.record(z.string(), z.number()).describe('Fractions (0.12 is 12%): change, met, young, all, leavers, members by code.'),
});
const warning = z.object({ level, summary: z.string(), reasons: z.array(z.string()), signals: z.array(signal).describe('The reasons as stable codes with their numbers (the pages translate them).') });
const gradingEffect = z.object({
  contributionWeights: z.array(z.object({ fromAge: z.number().int(), weight: z.number().int() })),
  bands: z.array(z.object({ fromAge: z.number().int(), weight: z.number().int(), sumOfSharesFen: z.number().int() })),
  membersEnd: z.number(), under40FractionEnd: fraction, leaversUnder40Fraction: fraction, subsidyFen: z.number().int(),
});
const ageMixRow = z.object({ when: z.string(), members: z.number(), under40Fraction: fraction, byBand: z.array(z.number()) });

export const outlookSchema = z.object({
  plan: z.string(),
  planName: z.string(),
  asOf: z.string().describe('The instant measured (ISO 8601 UTC).'),
  asOfDate: z.string().describe('Its date in the plan\'s time zone: ages and months since joining are taken on it.'),
  startMonth: z.string().describe('First projected month (YYYY-MM).'),
  months: z.number().int(),
  members: z.object({ total: z.number(), under40Fraction: fraction, meanAge: z.number().nullable() }),
  measured: z.object({
    incidence: z.object({
      from: z.string(), to: z.string(),
      per100kYear: z.number().nullable().describe('Approved claims a year per 100,000 members (member-years of cover after the waiting period).'),
      claims: z.number().int(), memberYears: z.number(),
      byBand: z.array(z.object({ band: z.string(), claims: z.number().int(), memberYears: z.number(), per100kYear: z.number().nullable() })),
    }),
    movement: z.object({
      from: z.string(), to: z.string(), months: z.number().int(),
      joins: z.number().int(), joinsPerMonth: z.number(),
      leftUnder40: z.number().int(), leftOver40: z.number().int(),
      leaversUnder40Fraction: fraction,
      leavingPerMonth: z.object({ under40: z.number(), over40: z.number() }).nullable(),
      netChangeUnder40PerMonth: z.number().nullable(),
      otherEnds: z.record(z.string(), z.number().int()),
    }),
    recentPeriods: z.array(z.object({ announcedOn: z.string(), chargedOn: z.string(), cases: z.number().int(), sharingMembers: z.number().int(), shareFen: fen })),
    surplusFen: fen,
    yearToDateShareFen: fen,
  }),
  projection: z.object({
    periods: z.array(z.object({
      month: z.string(), announcedOn: z.string(), sharingMembers: z.number(), cases: z.number(),
      payoutFen: fen, feeFen: fen, shareFen: fen, avgChargeFen: fen, subsidyFen: fen,
    })),
    annualCostPerMemberFen: fen.describe('What a member present in every projected month pays, the caps applied.'),
    sumOfSharesFen: fen, payoutFen: fen, subsidyFen: fen, cases: z.number(), membersEnd: z.number(),
    leaversUnder40Fraction: fraction,
  }),
  ageMix: z.object({
    bands: z.array(z.string()),
    measured: z.array(ageMixRow),
    projected: z.array(ageMixRow),
    under40Trend: z.object({ yearAgo: fraction, now: fraction, end: fraction }),
  }),
  leaversUnder40: z.object({ measured: fraction, projected: fraction, membersUnder40Now: fraction }),
  warning: warning.extend({
    measured: warning.extend({
      measures: z.object({
        shareChangePerYear: z.number(), memberChangePerYear: z.number().nullable(), under40ChangePerYear: z.number().nullable(),
        leaversUnder40Fraction: fraction, membersUnder40Fraction: fraction, needsMetFraction: z.number().nullable().optional(),
      }),
    }),
    projected: warning.extend({ firstMonth: z.string().nullable() }),
  }),
  state: platformStateSchema.describe('The measured starting state (PlatformState): projectFromState reproduces the projection from it.'),
  grading: z.object({ current: gradingEffect, proposed: gradingEffect }).optional()
    .describe('Only with `weights`: the projection under the plan\'s contributionWeights beside the proposed ones.'),
});

export function outlookRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['operations'];

  r.get('/ops/outlook', {
    config: { access: ['operator', 'auditor', 'admin'] },
    schema: {
      tags,
      summary: 'Early warning: the plan\'s measured state, the next months projected from it (share per period, annual cost, age mix, leavers under 40) and the warning level in plain words',
      querystring: z.object({
        plan: planId,
        asOf: z.string().max(40).optional().describe('Measure at 00:00 of this date (YYYY-MM-DD, plan\'s zone) or at this ISO instant; default now (or where the plan\'s calendar stopped).'),
        months: z.coerce.number().int().min(1).max(120).default(12).describe('Months to project.'),
        weights: z.string().max(400).regex(/^\d+:\d+(,\d+:\d+)*$/).optional()
          .describe('A proposed grading of contributions by age, as fromAge:weight pairs (`0:1,30:2,50:3`): the response adds `grading`.'),
      }),
      response: { 200: outlookSchema, ...errorResponses },
    },
  }, async (req) => outlook(ctx.db, req.query.plan, req.query.asOf, {
    months: req.query.months, ...(req.query.weights === undefined ? {} : { proposedWeights: parseWeightPairs(req.query.weights) }),
  }));
}
