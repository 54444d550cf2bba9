/**
 * The member jury (docs/jury.md). Members qualify with the quiz, see the cases they may judge
 * (only the anonymized juror view), vote (open mode) or commit and reveal (panel mode), and
 * appeal: a claimant their rejected claim, a challenger their dismissed challenge, the losing side
 * a panel's ruling. Anyone can read a case's rounds and results once published, recompute every
 * draw, and read a juror's coherence record. Operators close due rounds and record fraud findings.
 *
 * A member acts as a juror through their own real-name profile (relation `self`).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  appealChallengeDismissal, appealClaimRejection, appealRulingAsParty, caseForJuror, commitAsJuror, myJurorCases, myJurorStatus, qualifyAsMember,
  revealAsJuror, voteAsJuror,
} from '../../services/jury/member-actions.ts';
import { publicCase, publicDraw, publicDrawJurors, publicJuror } from '../../services/jury/public-views.ts';
import { quizFor, recordFraudFinding } from '../../services/jury/qualification.ts';
import { closeDueJuryRounds } from '../../services/jury/rounds-clock.ts';
import { audit } from '../audit.ts';
import { actionOf, who, type ServerContext } from '../context.ts';
import { claimOfAccount } from '../../repositories/member-queries.ts';
import { claimRef, errorResponses, planId } from '../schemas.ts';

const caseId = z.string().regex(/^\d{1,18}$/, 'a case number');
const hex64 = z.string().regex(/^[0-9a-fA-F]{64}$/, '64 hex digits');
const vote = z.enum(['pay', 'reject']);
const nullableString = z.string().nullable();

const caseSummary = z.object({
  id: z.string(), plan: z.string(), claim: z.string(), kind: z.string(), mode: z.string(), status: z.string(), statusQuo: z.string(),
  round: z.number().int().nullable(), ruling: nullableString, decidedBy: nullableString, effect: nullableString,
});

const text = z.object({ zh: z.string(), en: z.string() });
const quizSchema = z.object({
  id: z.string(), passMark: z.number().int(),
  questions: z.array(z.object({ id: z.string(), text, choices: z.array(text) })),
});

const coherence = z.object({ votes: z.number().int(), matched: z.number().int(), percent: z.number().int().nullable().describe('Whole percent of votes that matched the final ruling.') });
const reasons = z.array(z.object({ code: z.string(), text: z.string() }));
const statusSchema = z.object({ plan: z.string(), pseudonym: nullableString, eligible: z.boolean(), reasons, misses: z.number().int(), coherence });

const tally = z.object({ pay: z.number().int(), reject: z.number().int(), valid: z.number().int() });

const jurorViewSchema = z.object({
  caseId: z.string(), mode: z.string(), round: z.number().int().nullable(), status: z.string(),
  claimant: z.object({ maskedName: z.string(), ageAtDiagnosis: z.number().int(), province: z.string() }),
  disease: z.string(), severity: z.string(), cause: z.string(), diagnosedMonth: z.string(),
  daysFromJoinToDiagnosis: z.number().int(), daysFromWaitingEndToDiagnosis: z.number().int(), payoutYuan: z.string(),
  dispute: z.object({ kind: z.string(), decisionReason: z.string(), challengeReason: nullableString }),
  investigationSummary: nullableString,
  documents: z.array(z.object({ id: z.string(), title: z.string(), redactedHash: z.string() })),
});

const roundResult = z.object({
  caseId: z.string(), round: z.number().int(), mode: z.string(), closedAt: z.string(), tally, ruling: z.string(), decidedBy: z.string(),
  justifications: z.array(z.object({ juror: z.string(), vote: z.string(), justification: z.string() })),
  misses: z.array(z.string()),
});

const publicCaseSchema = z.object({
  id: z.string(), plan: z.string(), claim: z.string(), kind: z.string(), challenge: nullableString, mode: z.string(), status: z.string(),
  statusQuo: z.string(), openedAt: z.string(), ruling: nullableString, decidedBy: nullableString, effect: nullableString, finalRound: z.number().int().nullable(),
  rounds: z.array(z.object({
    round: z.number().int(), mode: z.string(), openedAt: z.string(), commitClosesAt: nullableString, plannedClosesAt: z.string(), closesAt: z.string(),
    status: z.string(), runningTally: tally.nullable(), panel: z.array(z.string()).nullable(), result: roundResult.nullable().describe('Published after the round closes.'),
  })),
  appeal: z.object({ side: z.string(), until: z.string(), nextRound: z.number().int(), nextSize: z.number().int() }).nullable(),
});

const drawSchema = z.object({
  algorithm: z.string(), caseId: z.string(), round: z.number().int(), size: z.number().int(),
  seedRecord: z.object({ hex: z.string(), logIndex: z.number().int(), ref: nullableString, what: z.string() }),
  seed: z.string(), jurorListSize: z.number().int().describe('Pseudonyms in the published juror list; read them page by page at .../jurors.'), jurorListDigest: z.string(),
  exclusions: z.object({
    parties: z.array(z.string()), ineligible: z.array(z.object({ pseudonym: z.string(), reasons: z.array(z.string()) })), drawnEarlier: z.array(z.string()),
  }),
  panel: z.array(z.string()), attempts: z.number().int(), drawnAt: z.string(), logIndex: z.number().int(),
});

// Longer than ~80 lines on purpose: a route table: one registration per route, read as a list (each handler a few lines).
export function juryRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['jury'];
  const member = ['member'] as const;

  // ---- members: qualification ------------------------------------------------------------------

  r.get('/jury/quiz', {
    config: { access: member },
    schema: { tags, summary: 'The plan\'s juror qualification quiz: questions and choices, without the answers', querystring: z.object({ plan: planId }), response: { 200: quizSchema, ...errorResponses } },
  }, async (req) => quizFor(ctx.db, req.query.plan));

  r.post('/jury/qualify', {
    config: { access: member },
    schema: {
      tags, summary: 'Take the quiz: graded at once; a pass makes you a juror of the plan under a pseudonym (logged publicly, without your name)',
      body: z.object({ plan: planId, answers: z.record(z.string().max(100), z.number().int().min(0).max(100)) }).strict(),
      response: {
        200: z.object({
          quiz: z.object({ bankId: z.string(), correct: z.number().int(), total: z.number().int(), passMark: z.number().int(), passed: z.boolean() }),
          pseudonym: nullableString,
        }),
        ...errorResponses,
      },
    },
  }, async (req) => qualifyAsMember(ctx.db, who(req), { plan: req.body.plan, answers: req.body.answers }, actionOf(ctx, req)));

  r.get('/jury/me', {
    config: { access: member },
    schema: { tags, summary: 'My standing as a juror of a plan: every unmet requirement, my pseudonym, misses and coherence record', querystring: z.object({ plan: planId }), response: { 200: statusSchema, ...errorResponses } },
  }, async (req) => myJurorStatus(ctx.db, who(req), req.query.plan, ctx.clock()));

  // ---- members: judging ---------------------------------------------------------------------------

  r.get('/jury/cases', {
    config: { access: member },
    schema: {
      tags, summary: 'Cases I may act on as a juror now: open votes without a conflict, and panel rounds I was drawn for',
      response: {
        200: z.object({
          items: z.array(z.object({
            id: z.string(), plan: z.string(), mode: z.string(), round: z.number().int(), phase: z.string(), commitClosesAt: nullableString, closesAt: z.string(), mine: z.string(),
          })),
        }),
        ...errorResponses,
      },
    },
  }, async (req) => ({ items: await myJurorCases(ctx.db, who(req), ctx.clock()) }));

  r.get('/jury/cases/:id', {
    config: { access: member },
    schema: {
      tags, summary: 'A case as jurors see it: anonymized facts, the investigation summary and redacted documents; never the claimant\'s name, ID number, phone or address',
      params: z.object({ id: caseId }), response: { 200: jurorViewSchema, ...errorResponses },
    },
  }, async (req) => caseForJuror(ctx.db, who(req), req.params.id, ctx.clock(), (cipher) => ctx.vault.decrypt(cipher)));

  r.post('/jury/cases/:id/vote', {
    config: { access: member },
    schema: {
      tags, summary: 'Open mode: vote once (pay or reject); a vote in the last hour extends the vote by an hour, at most a day in all',
      params: z.object({ id: caseId }), body: z.object({ vote }).strict(),
      response: { 200: z.object({ case: z.string(), round: z.number().int(), tally: tally.nullable(), closesAt: z.string() }), ...errorResponses },
    },
  }, async (req) => voteAsJuror(ctx.db, who(req), { case: req.params.id, vote: req.body.vote }, actionOf(ctx, req)));

  r.post('/jury/cases/:id/commit', {
    config: { access: member },
    schema: {
      tags, summary: 'Panel, commit phase: the SHA-256 commitment to your vote, justification and a secret salt (src/jury/commit-reveal.ts)',
      params: z.object({ id: caseId }), body: z.object({ commitment: hex64 }).strict(),
      response: { 200: z.object({ case: z.string(), round: z.number().int(), commitment: z.string(), revealFrom: z.string(), revealUntil: z.string() }), ...errorResponses },
    },
  }, async (req) => commitAsJuror(ctx.db, who(req), { case: req.params.id, commitment: req.body.commitment }, actionOf(ctx, req)));

  r.post('/jury/cases/:id/reveal', {
    config: { access: member },
    schema: {
      tags, summary: 'Panel, reveal phase: the vote, its written justification and the salt; refused (REVEAL_MISMATCH) unless they match the commitment',
      params: z.object({ id: caseId }), body: z.object({ vote, justification: z.string().max(4000), salt: hex64 }).strict(),
      response: { 200: z.object({ case: z.string(), round: z.number().int(), vote: z.string() }), ...errorResponses },
    },
  }, async (req) => revealAsJuror(ctx.db, who(req), { case: req.params.id, vote: req.body.vote, justification: req.body.justification, salt: req.body.salt }, actionOf(ctx, req)));

  // ---- members: appeals ------------------------------------------------------------------------------

  r.post('/jury/cases/:id/appeal', {
    config: { access: member },
    schema: {
      tags, summary: 'The losing side appeals a panel\'s ruling to a new panel of 2n+1 jurors (within the round appeal window; the last round is final)',
      params: z.object({ id: caseId }), response: { 201: caseSummary, ...errorResponses },
    },
  }, async (req, reply) => reply.code(201).send(await appealRulingAsParty(ctx.db, who(req), req.params.id, actionOf(ctx, req))));

  r.post('/me/claims/:ref/appeal', {
    config: { access: member },
    schema: {
      tags, summary: 'Appeal the rejection of one of my people\'s claims to the jury (within the appeal window; automatic-check rejections follow from the published rules and are not appealable)',
      params: z.object({ ref: claimRef }), response: { 201: caseSummary, ...errorResponses },
    },
  }, async (req, reply) => reply.code(201).send(await appealClaimRejection(ctx.db, who(req), req.params.ref, actionOf(ctx, req))));

  r.post('/me/challenges/:ref/appeal', {
    config: { access: member },
    schema: {
      tags, summary: 'Appeal the dismissal of my challenge to the jury (within the appeal window); the claim is held out of sharing meanwhile',
      params: z.object({ ref: claimRef }), response: { 201: caseSummary, ...errorResponses },
    },
  }, async (req, reply) => reply.code(201).send(await appealChallengeDismissal(ctx.db, who(req), req.params.ref, actionOf(ctx, req))));

  // ---- public ------------------------------------------------------------------------------------------

  r.get('/public/jury/cases/:id', {
    config: { access: 'public' },
    schema: {
      tags, summary: 'A jury case: its rounds, the running count of an open vote, and each round\'s tally, ruling and (panel) justifications once it has closed',
      params: z.object({ id: caseId }), response: { 200: publicCaseSchema, ...errorResponses },
    },
  }, async (req) => publicCase(ctx.db, req.params.id, ctx.clock()));

  r.get('/public/jury/cases/:id/rounds/:round/draw', {
    config: { access: 'public' },
    schema: {
      tags, summary: 'Everything needed to recompute a panel draw: algorithm, seed record and where it is in the log, the published juror list, exclusions and the panel',
      params: z.object({ id: caseId, round: z.coerce.number().int().min(0).max(100) }), response: { 200: drawSchema, ...errorResponses },
    },
  }, async (req) => publicDraw(ctx.db, req.params.id, req.params.round));

  r.get('/public/jury/cases/:id/rounds/:round/jurors', {
    config: { access: 'public' },
    schema: {
      tags, summary: 'The published juror list of a draw, in pseudonym order, a page at a time: pass page.next as after for the next page',
      params: z.object({ id: caseId, round: z.coerce.number().int().min(0).max(100) }),
      querystring: z.object({
        after: z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits').optional().describe('The last pseudonym of the previous page (page.next); omit for the first page.'),
        limit: z.coerce.number().int().min(1).max(10_000).default(1_000).describe('Pseudonyms per page (1-10,000).'),
      }),
      response: {
        200: z.object({
          items: z.array(z.string()),
          page: z.object({ limit: z.number().int(), after: nullableString, next: nullableString.describe('Pass as after for the next page; null on the last one.') }),
        }),
        ...errorResponses,
      },
    },
  }, async (req) => publicDrawJurors(ctx.db, req.params.id, req.params.round, { after: req.query.after ?? null, limit: req.query.limit }));

  r.get('/public/jurors/:pseudonym', {
    config: { access: 'public' },
    schema: {
      tags, summary: 'A juror\'s public record under their pseudonym: how often their vote matched the final ruling, and missed votes',
      params: z.object({ pseudonym: z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits') }),
      response: { 200: z.object({ pseudonym: z.string(), plan: z.string(), since: z.string(), misses: z.number().int(), coherence }), ...errorResponses },
    },
  }, async (req) => publicJuror(ctx.db, req.params.pseudonym));

  // ---- operators -------------------------------------------------------------------------------------

  r.post('/ops/jury/close-due', {
    config: { access: ['operator', 'admin'] },
    schema: {
      tags, summary: 'Close every jury round whose time has passed, finalize cases whose appeal window has passed, draw panels that were waiting for jurors',
      response: { 200: z.object({ closed: z.number().int(), finalized: z.number().int(), drawn: z.number().int() }), ...errorResponses },
    },
  }, async (req) => {
    const out = await closeDueJuryRounds(ctx.db, ctx.clock(), `${who(req).role}:${who(req).accountId}`);
    await audit(ctx, req, 'jury.close-due', 'jury', null, out);
    return out;
  });

  r.post('/ops/fraud-findings', {
    config: { access: ['operator'] },
    schema: {
      tags, summary: 'Record a finding of fraud against the claimant of a claim: they can never sit as a juror',
      body: z.object({ claim: claimRef, reason: z.string().trim().min(10).max(2000) }).strict(),
      response: { 201: z.object({ claim: z.string() }), ...errorResponses },
    },
  }, async (req, reply) => {
    await recordFraudFinding(ctx.db, { claim: req.body.claim, reason: req.body.reason }, actionOf(ctx, req));
    await audit(ctx, req, 'jury.fraud-finding', `claim:${req.body.claim}`, null, { reason: req.body.reason });
    return reply.code(201).send({ claim: req.body.claim });
  });
}
