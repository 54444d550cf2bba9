/**
 * A member's own data: real-name profiles (self and family), memberships, join and quit, and the
 * bills of every period with the cases behind it. A member reaches only the people they manage
 * and the memberships they pay for: every query here is bound to the session's account.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { payerOf } from '../../services/access.ts';
import { joinPlan, membershipsWithOffers, quitMembership, transferMembership, type TransferOffer } from '../../services/member-memberships.ts';
import { addPerson } from '../../services/member-people.ts';
import { withSession } from '../access.ts';
import type { CaseCache } from '../case-cache.ts';
import { actionOf, num, who, type ServerContext } from '../context.ts';
import { HEALTH_QUESTION_CODES } from '../diseases.ts';
import { maskId, parseNationalId } from '../national-id.ts';
import { listProfiles, type PersonProfile } from '../../repositories/people-repo.ts';
import { billsOfPayer, billsOfSession, type MembershipView } from '../../repositories/member-queries.ts';
import { errorResponses, fen, idParam, page, paged, pageQuery, planId } from '../schemas.ts';
import { publicCase } from './public-routes.ts';

const personSchema = z.object({
  id: z.number().int(), relation: z.string(), name: z.string(), idNumber: z.string().describe('Masked: region and check character only.'),
  birthDate: z.string(), province: z.string(), phone: z.string().nullable(),
});

const membershipSchema = z.object({
  id: z.number().int(), plan: z.string(), person: z.object({ id: z.number().int(), name: z.string() }).nullable(), status: z.string(),
  joinedOn: z.string(), waitingEndsOn: z.string().describe('First day an illness may be diagnosed and claimed.'), endedAt: z.string().nullable(),
  transferToPlan: z.string().nullable().describe('The plan this active membership may move to without a new declaration or waiting period (its plan\'s `transfer` setting); null: none.'),
  transferEligibleOn: z.string().nullable().describe('First local day of the move (the member\'s `transfer.fromAge` birthday), shown ahead so the member is told.'),
  transferOpen: z.boolean().describe('The move is open today: POST /me/memberships/:id/transfer.'),
});

const billSchema = z.object({
  plan: z.string(), announcedOn: z.string(), chargedOn: z.string(), periodStatus: z.string(), shareFen: fen,
  lines: z.array(z.object({ membershipId: z.number().int(), name: z.string().nullable(), amountFen: fen })),
  totalFen: fen,
  payment: z.object({ status: z.string(), amountFen: fen, attempts: z.number().int(), settledAt: z.string().nullable() }).nullable(),
  casesTotal: z.number().int(), cases: z.array(publicCase).describe('The cases this period shares (at most 50 here; all of them at the public announcement).'),
});

const toPerson = (ctx: ServerContext, p: PersonProfile) => ({
  id: num(p.id), relation: p.relation, name: p.name, idNumber: maskId(ctx.vault.decrypt(p.idCipher)), birthDate: p.birthDate, province: p.province, phone: p.phone,
});

const toMembership = (m: MembershipView & { transfer?: TransferOffer | null }) => ({
  id: num(m.id), plan: m.planId, person: m.personId === null ? null : { id: num(m.personId), name: m.name ?? '' }, status: m.status,
  joinedOn: m.joinedOn, waitingEndsOn: m.waitingEndsOn, endedAt: m.endedAt ? m.endedAt.toISOString() : null,
  transferToPlan: m.transfer?.toPlan ?? null, transferEligibleOn: m.transfer?.eligibleOn ?? null, transferOpen: m.transfer?.open ?? false,
});

// Longer than ~80 lines on purpose: a route table: one registration per route, read as a list (each handler a few lines).
export function memberRoutes(app: FastifyInstance, ctx: ServerContext, cases: CaseCache): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['members'];
  const member = ['member'] as const;

  r.get('/me/people', {
    config: { access: member },
    schema: { tags, summary: 'The people this account manages: the holder and family members', querystring: pageQuery, response: { 200: page(personSchema), ...errorResponses } },
  }, async (req) => {
    const rows = await listProfiles(ctx.db, who(req).accountId, req.query.limit + 1, req.query.offset);
    return paged(rows.map((p) => toPerson(ctx, p)), req.query);
  });

  r.post('/me/people', {
    config: { access: member },
    schema: {
      tags, summary: 'Add a real-name profile (the holder, or a family member the account pays for)',
      body: z.object({
        relation: z.enum(['self', 'spouse', 'child', 'parent']), name: z.string().trim().min(1).max(50),
        idNumber: z.string().max(30).describe('National ID number; stored only encrypted and as a keyed hash.'),
        phone: z.string().regex(/^1\d{10}$/, 'an 11-digit mobile number').optional(),
      }).strict(),
      response: { 201: personSchema, ...errorResponses },
    },
  }, async (req, reply) => {
    const p = who(req);
    const id = parseNationalId(req.body.idNumber);
    const profile = await addPerson(ctx.db, p, {
      relation: req.body.relation, name: req.body.name, idCipher: ctx.vault.encrypt(id.id), idHash: ctx.vault.hash(id.id),
      birthDate: id.birthDate, province: id.province, phone: req.body.phone ?? null,
    }, ctx.clock());
    return reply.code(201).send(toPerson(ctx, profile));
  });

  r.get('/me/memberships', {
    config: { access: member },
    schema: { tags, summary: 'Memberships this account pays for, with status, waiting-period end and the move its plan offers', querystring: pageQuery, response: { 200: page(membershipSchema), ...errorResponses } },
  }, async (req) => {
    const rows = await membershipsWithOffers(ctx.db, who(req), { limit: req.query.limit + 1, offset: req.query.offset }, ctx.clock());
    return paged(rows.map(toMembership), req.query);
  });

  r.post('/me/memberships', {
    config: { access: member },
    schema: {
      tags, summary: 'Join a plan (for the holder or a family member): health declaration and eligibility checked, refusals carry a code',
      body: z.object({
        plan: planId, person: idParam.describe('Id of one of the account\'s people.'),
        declaration: z.record(z.string().max(60), z.boolean()).describe('Every health question of the plan answered true or false; all must be false.'),
        creditScore: z.number().int().min(0).max(1000).optional(),
      }).strict(),
      response: { 201: z.object({ membershipId: z.number().int(), plan: z.string(), joinedOn: z.string(), waitingEndsOn: z.string() }), ...errorResponses },
    },
  }, async (req, reply) => {
    const out = await joinPlan(ctx.db, who(req), {
      plan: req.body.plan, person: BigInt(req.body.person), declaration: req.body.declaration, creditScore: req.body.creditScore,
    }, HEALTH_QUESTION_CODES, actionOf(ctx, req));
    return reply.code(201).send({ ...out, membershipId: num(out.membershipId) });
  });

  r.post('/me/memberships/:id/quit', {
    config: { access: member },
    schema: {
      tags, summary: 'Leave: any time, no refund; bills of periods already announced still stand', params: z.object({ id: idParam }),
      response: { 200: membershipSchema, ...errorResponses },
    },
  }, async (req) => {
    return toMembership(await quitMembership(ctx.db, who(req), BigInt(req.params.id), actionOf(ctx, req)));
  });

  r.post('/me/memberships/:id/transfer', {
    config: { access: member },
    schema: {
      tags, summary: 'Move to the plan this membership\'s plan offers (the elderly plan from 59): no new declaration, no waiting period; refusals TRANSFER_NOT_ALLOWED',
      params: z.object({ id: idParam }),
      body: z.object({ toPlan: planId.optional().describe('The plan the member expects to move to; refused when it is not the one offered.') }).strict(),
      response: { 200: z.object({ ended: membershipSchema, started: membershipSchema }), ...errorResponses },
    },
  }, async (req) => {
    const out = await transferMembership(ctx.db, who(req), { id: BigInt(req.params.id), toPlan: req.body.toPlan }, actionOf(ctx, req));
    return { ended: toMembership(out.ended), started: toMembership(out.started) };
  });

  // The hottest route: with the session not cached, one statement reads it and the bills; no
  // request log lines at info (its count and latency are in /metrics; failures still log).
  r.get('/me/bills', {
    config: { access: member, sessionInQuery: true },
    attachValidation: true,
    ...(['info', 'debug', 'trace'].includes(ctx.config.logLevel) ? { logLevel: 'warn' as const } : {}),
    schema: {
      tags, summary: 'My bills per period, newest first, with the cases behind each (the statement of the 14th and 28th)',
      querystring: pageQuery, response: { 200: page(billSchema), ...errorResponses },
    },
  }, async (req) => {
    const { limit, offset } = req.query;
    const rows = await withSession(req, ctx,
      async (tokenHash, now) => {
        const r = await billsOfSession(ctx.db, tokenHash, now, limit, offset);
        return { session: r.session, result: r.bills };
      },
      () => billsOfPayer(ctx.db, payerOf(who(req)), limit, offset));
    payerOf(who(req)); // a member account without a payer: 403, whichever way the session was read
    const byPeriod = await cases.of(ctx.db, rows.slice(0, req.query.limit).map((r) => r.id));
    return paged(rows.map((b) => {
      const lines = (b.lines ?? []).map((l) => ({ membershipId: l.m, name: l.n, amountFen: l.a }));
      const c = byPeriod.get(String(b.id)) ?? [];
      return {
        plan: b.plan_id, announcedOn: b.announced_on, chargedOn: b.charged_on, periodStatus: b.status, shareFen: num(b.share_fen), lines,
        totalFen: lines.reduce((s, l) => s + l.amountFen, 0),
        payment: b.pay_status === null ? null : { status: b.pay_status, amountFen: num(b.pay_amount), attempts: b.pay_attempts ?? 0, settledAt: b.settled_at ? b.settled_at.toISOString() : null },
        casesTotal: b.cases, cases: c.slice(0, 50),
      };
    }), req.query);
  });
}
