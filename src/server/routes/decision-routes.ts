/**
 * Fair claim decisions, the parts before the jury: the investigation (sampling, risk signals,
 * the investigator's report, redacted copies for jurors), the public notice and challenges.
 * The final decision itself is POST /ops/claims/:ref/approve|reject (claim-routes.ts), which
 * applies the four-eyes rule through services/investigation-service.ts.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { challengesOfAccount, challengesUnderReview, getChallenge, type ChallengeRow } from '../../repositories/challenges-repo.ts';
import { samplingSeeds } from '../../repositories/investigation-repo.ts';
import { listNotices, noticeClaims } from '../../repositories/notices-repo.ts';
import { getPlan } from '../../repositories/plans-repo.ts';
import { decideChallenge } from '../../services/challenges-service.ts';
import { investigationOf, reportOnClaim, storeRedactedCopy } from '../../services/claim-review.ts';
import { rotateSamplingSeed } from '../../services/investigation-service.ts';
import { fileMemberChallenge, storeChallengeEvidence } from '../../services/member-challenges.ts';
import { audit } from '../audit.ts';
import { actionOf, num, who, type ServerContext } from '../context.ts';
import { diseaseName } from '../diseases.ts';
import { claimRef, errorResponses, fen, localDate, page, paged, pageQuery, planId } from '../schemas.ts';
import { uploadedFile } from '../uploads.ts';

const sha256Param = z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits');
const challengeRef = z.string().regex(/^[A-Za-z0-9._:-]{1,80}$/);

const challengeSchema = z.object({
  ref: z.string(), claim: z.string(), status: z.string(), filedAt: z.string(), reason: z.string(), evidence: z.array(z.string()),
  decisionReason: z.string().nullable(), decidedAt: z.string().nullable(),
});

const noticeSchema = z.object({
  plan: z.string(), announcedOn: z.string(), chargedOn: z.string(), challengeUntil: z.string().describe('The window closes at this instant (00:00 of the charge date).'),
  status: z.string(), cases: z.array(z.object({
    claim: z.string(), status: z.string().describe('approved: in the notice; challenged: held out under review; paid; rejected.'),
    ageAtDiagnosis: z.number().int().nullable(), severity: z.string(), cause: z.string(), disease: z.string(), payoutFen: fen.nullable(),
    challenges: z.number().int(), juryRuled: z.boolean(),
  })),
});

export function decisionRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const staff = ['operator', 'investigator', 'admin'] as const;
  const fileName = z.object({ name: z.string().trim().min(1).max(120).regex(/^[^/\\\u0000-\u001f]+$/, 'a file name') });

  // ---- investigation --------------------------------------------------------------------------

  r.get('/ops/claims/:ref/investigation', {
    config: { access: staff },
    schema: {
      tags: ['investigation'], summary: 'Why the claim was sampled for on-site investigation, its risk signals with their reasons, and the report',
      params: z.object({ ref: claimRef }),
      response: {
        200: z.object({
          claim: z.string(), sampled: z.boolean(), samplingReasons: z.array(z.object({ code: z.string(), text: z.string() })), draw: z.string().nullable(),
          riskSignals: z.array(z.object({ code: z.string(), reason: z.string() })),
          report: z.object({
            investigator: z.string(), summary: z.string(), recommendation: z.string(), submittedAt: z.string(),
            documents: z.array(z.object({ id: z.string(), title: z.string(), contentHash: z.string(), forJurors: z.boolean(), redactedHash: z.string().nullable() })),
          }).nullable(),
        }),
        ...errorResponses,
      },
    },
  }, async (req) => {
    const { claim: c, assessment: a, report } = await investigationOf(ctx.db, who(req), req.params.ref);
    return {
      claim: c.ref, sampled: a.sampling?.sampled ?? false, samplingReasons: a.sampling?.reasons ?? [], draw: a.sampling?.draw ?? null,
      riskSignals: a.signals.map((s) => ({ code: s.code, reason: s.reason })),
      // Named fields, not a spread: the response schema refuses extra keys (even one set to undefined), so a spread failed every claim with a report.
      report: report ? { investigator: report.investigator, summary: report.summary, recommendation: report.recommendation, documents: report.documents, submittedAt: report.submittedAt.toISOString() } : null,
    };
  });

  r.post('/ops/claims/:ref/redacted-documents', {
    config: { access: ['investigator', 'operator'] },
    bodyLimit: ctx.config.maxUploadBytes,
    schema: {
      tags: ['investigation'], summary: 'Upload a redacted copy of an evidence document (raw body) for jurors; name it in the report',
      params: z.object({ ref: claimRef }), querystring: fileName,
      response: { 201: z.object({ sha256: z.string(), name: z.string(), mediaType: z.string(), sizeBytes: z.number().int() }), ...errorResponses },
    },
  }, async (req: FastifyRequest<{ Params: { ref: string }; Querystring: { name: string } }>, reply) => {
    // The file is read only once the caller may see the claim (not found comes first).
    const f = await storeRedactedCopy(ctx.db, who(req), req.params.ref, () => uploadedFile(req), ctx.clock());
    return reply.code(201).send({ sha256: f.sha256, name: req.query.name, mediaType: f.type, sizeBytes: f.body.length });
  });

  r.post('/ops/claims/:ref/report', {
    config: { access: ['investigator', 'operator'] },
    schema: {
      tags: ['investigation'], summary: 'The investigator\'s report: summary, recommendation and documents (record findings first); written once',
      params: z.object({ ref: claimRef }),
      body: z.object({
        summary: z.string().trim().min(1).max(20_000), recommendation: z.enum(['approve', 'reject']), hospitalDiagnosedOn: localDate.optional(),
        documents: z.array(z.object({
          id: z.string().min(1).max(80), title: z.string().min(1).max(200), contentHash: sha256Param, forJurors: z.boolean(), redactedHash: sha256Param.nullable(),
        }).strict()).max(100).default([]),
      }).strict(),
      response: { 200: z.object({ claim: z.string(), recommendation: z.string(), riskSignals: z.array(z.object({ code: z.string(), reason: z.string() })) }), ...errorResponses },
    },
  }, async (req) => {
    const out = await reportOnClaim(ctx.db, who(req), { claim: req.params.ref, ...req.body }, actionOf(ctx, req), { reveal: (c) => ctx.vault.decrypt(c) });
    await audit(ctx, req, 'claim.report', `claim:${req.params.ref}`, null, { recommendation: out.recommendation });
    return { claim: out.claim, recommendation: out.recommendation, riskSignals: out.signals.map((s) => ({ code: s.code, reason: s.reason })) };
  });

  r.get('/public/plans/:plan/sampling', {
    config: { access: 'public' },
    schema: {
      tags: ['public'], summary: 'The seeds of the random share of investigations: each seed\'s commitment, and the seed itself once rotated out, so anyone can check which claims were drawn',
      params: z.object({ plan: planId }),
      response: { 200: z.object({ algorithm: z.string(), seeds: z.array(z.object({ commitment: z.string(), createdAt: z.string(), seed: z.string().nullable(), revealedAt: z.string().nullable() })) }), ...errorResponses },
    },
  }, async (req) => {
    await getPlan(ctx.db, req.params.plan);
    const seeds = await samplingSeeds(ctx.db, req.params.plan);
    return {
      algorithm: 'huzhu/investigation-sample/v1 (src/investigation/sampling.ts)',
      seeds: seeds.map((s) => ({ commitment: s.commitment, createdAt: s.createdAt.toISOString(), seed: s.seed, revealedAt: s.revealedAt ? s.revealedAt.toISOString() : null })),
    };
  });

  r.post('/ops/plans/:plan/sampling-seed/rotate', {
    config: { access: ['operator', 'admin'] },
    schema: { tags: ['investigation'], summary: 'Publish the current sampling seed and start a new one', params: z.object({ plan: planId }), response: { 200: z.object({ commitment: z.string() }), ...errorResponses } },
  }, async (req) => {
    const out = await rotateSamplingSeed(ctx.db, req.params.plan, actionOf(ctx, req));
    await audit(ctx, req, 'sampling.rotate', `plan:${req.params.plan}`, null, out);
    return out;
  });

  // ---- the public notice ----------------------------------------------------------------------

  r.get('/public/plans/:plan/notices', {
    config: { access: 'public' },
    schema: {
      tags: ['public'], summary: 'Public notices, newest first: each announced claim (anonymized), open to challenge until the charge date, and where it stands',
      params: z.object({ plan: planId }), querystring: z.object({ limit: z.coerce.number().int().min(1).max(24).default(4) }),
      response: { 200: z.object({ items: z.array(noticeSchema) }), ...errorResponses },
    },
  }, async (req) => {
    await getPlan(ctx.db, req.params.plan);
    const items = [];
    for (const n of await listNotices(ctx.db, req.params.plan, req.query.limit)) {
      const cases = await noticeClaims(ctx.db, n.planId, n.announcedOn);
      items.push({
        plan: n.planId, announcedOn: n.announcedOn, chargedOn: n.chargedOn, challengeUntil: n.chargedAt.toISOString(), status: n.status,
        cases: cases.map((c) => ({
          claim: c.ref, status: c.status, ageAtDiagnosis: c.age_at_diagnosis, severity: c.severity, cause: c.cause, disease: diseaseName(c.disease_code),
          payoutFen: c.payout_fen === null ? null : num(c.payout_fen), challenges: c.challenges, juryRuled: c.jury_ruled,
        })),
      });
    }
    return { items };
  });

  // ---- challenges -----------------------------------------------------------------------------

  r.post('/me/challenge-evidence', {
    config: { access: ['member'] },
    bodyLimit: ctx.config.maxUploadBytes,
    schema: {
      tags: ['challenges'], summary: 'Upload one evidence file (raw body) for a challenge; name its sha256 when filing', querystring: fileName,
      response: { 201: z.object({ sha256: z.string(), name: z.string(), mediaType: z.string(), sizeBytes: z.number().int() }), ...errorResponses },
    },
  }, async (req: FastifyRequest<{ Querystring: { name: string } }>, reply) => {
    const f = uploadedFile(req);
    await storeChallengeEvidence(ctx.db, f, ctx.clock());
    return reply.code(201).send({ sha256: f.sha256, name: req.query.name, mediaType: f.type, sizeBytes: f.body.length });
  });

  r.post('/me/challenges', {
    config: { access: ['member'] },
    schema: {
      tags: ['challenges'], summary: 'Challenge an announced claim during its notice, with a reason and evidence; the claim is held out of the coming charge while the challenge is reviewed',
      body: z.object({
        claim: claimRef, person: z.coerce.number().int().min(1).describe('The member (one of this account\'s people) who challenges.'),
        reason: z.string().trim().min(1).max(5000), evidence: z.array(sha256Param).max(20).default([]),
      }).strict(),
      response: { 201: challengeSchema, ...errorResponses },
    },
  }, async (req, reply) => {
    const challenge = await fileMemberChallenge(ctx.db, who(req), { claim: req.body.claim, person: BigInt(req.body.person), reason: req.body.reason, evidence: req.body.evidence }, actionOf(ctx, req), { reveal: (c) => ctx.vault.decrypt(c) });
    return reply.code(201).send(challengeOut(challenge));
  });

  r.get('/me/challenges', {
    config: { access: ['member'] },
    schema: { tags: ['challenges'], summary: 'Challenges filed by this account\'s people', response: { 200: z.object({ items: z.array(challengeSchema) }), ...errorResponses } },
  }, async (req) => {
    return { items: (await challengesOfAccount(ctx.db, who(req).accountId)).map(challengeOut) };
  });

  r.get('/ops/challenges', {
    config: { access: ['operator', 'admin'] },
    schema: {
      tags: ['challenges'], summary: 'Challenges under review, oldest first', querystring: pageQuery,
      response: { 200: page(challengeSchema.extend({ plan: z.string() })), ...errorResponses },
    },
  }, async (req) => {
    const rows = await challengesUnderReview(ctx.db, req.query.limit + 1, req.query.offset);
    return paged(rows.map((h) => ({ ...challengeOut(h), plan: h.planId })), req.query);
  });

  r.post('/ops/challenges/:ref/decision', {
    config: { access: ['operator'] },
    schema: {
      tags: ['challenges'], summary: 'Decide a challenge: upheld (the claim is rejected) or dismissed (the claim goes into the next announcement); not by the operator who approved the claim',
      params: z.object({ ref: challengeRef }), body: z.object({ upheld: z.boolean(), reason: z.string().trim().min(1).max(5000) }).strict(),
      response: { 200: challengeSchema.extend({ claimStatus: z.string() }), ...errorResponses },
    },
  }, async (req) => {
    const before = await getChallenge(ctx.db, req.params.ref);
    const out = await decideChallenge(ctx.db, { challenge: req.params.ref, upheld: req.body.upheld, reason: req.body.reason }, actionOf(ctx, req), { reveal: (c) => ctx.vault.decrypt(c) });
    await audit(ctx, req, 'challenge.decide', `challenge:${req.params.ref}`, { status: before.status }, { status: out.status, claimStatus: out.claimStatus });
    return { ...challengeOut(await getChallenge(ctx.db, req.params.ref)), claimStatus: out.claimStatus };
  });
}

function challengeOut(h: ChallengeRow) {
  return {
    ref: h.ref, claim: h.claimRef, status: h.status, filedAt: h.filedAt.toISOString(), reason: h.reason, evidence: h.evidence,
    decisionReason: h.decisionReason, decidedAt: h.decidedAt ? h.decidedAt.toISOString() : null,
  };
}
