/**
 * Claims. Members file a claim for one of their people, upload evidence and follow it.
 * Operators see the queue, assign an investigator, record findings and decide with a reason;
 * investigators see only the claims assigned to them (any other claim is "not found" to them).
 * Every staff action goes to the audit trail with before and after.
 */
import { uploadedFile } from '../uploads.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actOnClaim, assignInvestigator, claimDocument, reviewClaim } from '../../services/claim-review.ts';
import { recordFindings } from '../../services/claims-service.ts';
import { decideClaim } from '../../services/investigation-service.ts';
import { addClaimEvidence, fileMemberClaim, memberClaim, type ClaimDocuments } from '../../services/member-claims.ts';
import { audit } from '../audit.ts';
import { actionOf, num, who, type ServerContext } from '../context.ts';
import { DISEASE_CODES, diseaseName } from '../diseases.ts';
import { maskId } from '../national-id.ts';
import { claimsOfAccount, type ClaimView } from '../../repositories/member-queries.ts';
import { claimQueue } from '../../repositories/claim-assignments-repo.ts';
import { claimRef, errorResponses, fen, idParam, localDate, page, paged, pageQuery, planId } from '../schemas.ts';

const claimSchema = z.object({
  ref: z.string(), plan: z.string(), person: z.string().nullable(), filedAt: z.string(), diagnosedOn: z.string(), severity: z.string(), cause: z.string(),
  diseaseCode: z.string(), disease: z.string(), status: z.string(), payoutFen: fen.nullable(), rejectCode: z.string().nullable(), reason: z.string().nullable(),
  announcedOn: z.string().nullable(), paidAt: z.string().nullable(),
});

const documentSchema = z.object({ sha256: z.string(), name: z.string(), mediaType: z.string(), sizeBytes: z.number().int() });
const reviewSchema = z.object({ at: z.string(), kind: z.string(), outcome: z.string(), actor: z.string().optional(), findings: z.string().optional() });

const toClaim = (c: ClaimView) => ({
  ref: c.ref, plan: c.planId, person: c.personName, filedAt: c.filedAt.toISOString(), diagnosedOn: c.diagnosedOn, severity: c.severity, cause: c.cause,
  diseaseCode: c.diseaseCode, disease: diseaseName(c.diseaseCode), status: c.status, payoutFen: c.payoutFen === null ? null : num(c.payoutFen),
  rejectCode: c.rejectCode, reason: c.reason, announcedOn: c.announcedOn, paidAt: c.paidAt ? c.paidAt.toISOString() : null,
});

const docsOut = (docs: ClaimDocuments) => docs.map((d) => ({ sha256: d.sha256, name: d.name, mediaType: d.mediaType, sizeBytes: num(d.sizeBytes) }));

const staffClaimSchema = claimSchema.extend({
  claimant: z.object({ name: z.string().nullable(), idNumber: z.string().nullable().describe('Masked.'), birthDate: z.string().nullable(), province: z.string().nullable() }),
  investigatorId: z.number().int().nullable(),
  documents: z.array(documentSchema), reviews: z.array(reviewSchema),
});

// Longer than ~80 lines on purpose: a route table: one registration per route, read as a list (each handler a few lines).
export function claimRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['claims'];

  // ---- members ------------------------------------------------------------------------------

  r.get('/me/claims', {
    config: { access: ['member'] },
    schema: { tags, summary: 'Claims of the people this account manages', querystring: pageQuery, response: { 200: page(claimSchema), ...errorResponses } },
  }, async (req) => paged((await claimsOfAccount(ctx.db, who(req).accountId, req.query.limit + 1, req.query.offset)).map(toClaim), req.query));

  r.post('/me/claims', {
    config: { access: ['member'] },
    schema: {
      tags, summary: 'File a claim; the automatic checks (waiting period, duplicate payout, ...) run at once and a refusal carries its code',
      body: z.object({
        plan: planId, person: idParam, diagnosedOn: localDate, severity: z.enum(['severe', 'mild']), cause: z.enum(['illness', 'accident']),
        diseaseCode: z.enum(DISEASE_CODES),
      }).strict(),
      response: { 201: claimSchema, ...errorResponses },
    },
  }, async (req, reply) => {
    const claim = await fileMemberClaim(ctx.db, who(req), {
      plan: req.body.plan, person: BigInt(req.body.person), diagnosedOn: req.body.diagnosedOn, severity: req.body.severity, cause: req.body.cause,
      diseaseCode: req.body.diseaseCode,
    }, actionOf(ctx, req));
    return reply.code(201).send(toClaim(claim));
  });

  r.get('/me/claims/:ref', {
    config: { access: ['member'] },
    schema: {
      tags, summary: 'Follow a claim: status, evidence and decisions', params: z.object({ ref: claimRef }),
      response: { 200: claimSchema.extend({ documents: z.array(documentSchema), reviews: z.array(reviewSchema) }), ...errorResponses },
    },
  }, async (req) => {
    const { claim, documents, reviews } = await memberClaim(ctx.db, who(req), req.params.ref);
    return { ...toClaim(claim), documents: docsOut(documents), reviews: reviews.map((v) => ({ ...v, at: v.at.toISOString() })) };
  });

  r.post('/me/claims/:ref/documents', {
    config: { access: ['member'] },
    bodyLimit: ctx.config.maxUploadBytes,
    schema: {
      tags, summary: 'Upload one evidence file (PDF, PNG or JPEG) as the raw body; stored once by its SHA-256',
      params: z.object({ ref: claimRef }), querystring: z.object({ name: z.string().trim().min(1).max(120).regex(/^[^/\\\u0000-\u001f]+$/, 'a file name') }),
      response: { 201: documentSchema, ...errorResponses },
    },
  }, async (req: FastifyRequest<{ Params: { ref: string }; Querystring: { name: string } }>, reply) => {
    const { type, body, sha256 } = uploadedFile(req);
    await addClaimEvidence(ctx.db, who(req), req.params.ref, { type, body, sha256, name: req.query.name }, ctx.clock());
    return reply.code(201).send({ sha256, name: req.query.name, mediaType: type, sizeBytes: body.length });
  });

  // ---- operators and investigators ------------------------------------------------------------

  const staff = ['operator', 'investigator', 'admin'] as const;

  r.get('/ops/claims', {
    config: { access: staff },
    schema: {
      tags, summary: 'The claim queue, oldest first (investigators: only claims assigned to them)',
      querystring: pageQuery.extend({ status: z.enum(['pending', 'investigating', 'approved', 'challenged', 'paid', 'rejected']).optional() }),
      response: {
        200: page(z.object({ ref: z.string(), plan: z.string(), status: z.string(), filedAt: z.string(), diagnosedOn: z.string(), severity: z.string(), cause: z.string(), diseaseCode: z.string(), payoutFen: fen.nullable(), investigatorId: z.number().int().nullable() })),
        ...errorResponses,
      },
    },
  }, async (req) => {
    const p = who(req);
    const rows = await claimQueue(ctx.db, { status: req.query.status, investigatorId: p.role === 'investigator' ? p.accountId : undefined, limit: req.query.limit + 1, offset: req.query.offset });
    return paged(rows.map((c) => ({
      ref: c.ref, plan: c.plan_id, status: c.status, filedAt: c.filed_at.toISOString(), diagnosedOn: c.diagnosed_on, severity: c.severity, cause: c.cause,
      diseaseCode: c.disease_code, payoutFen: c.payout_fen === null ? null : num(c.payout_fen), investigatorId: c.investigator_id === null ? null : num(c.investigator_id),
    })), req.query);
  });

  r.get('/ops/claims/:ref', {
    config: { access: staff },
    schema: { tags, summary: 'A claim with the claimant, evidence and the whole review trail', params: z.object({ ref: claimRef }), response: { 200: staffClaimSchema, ...errorResponses } },
  }, async (req) => {
    const { claim: c, investigatorId, claimant: prof, reviews, documents } = await reviewClaim(ctx.db, who(req), req.params.ref);
    return {
      ...toClaim(c), investigatorId: investigatorId === null ? null : num(investigatorId),
      claimant: { name: prof?.name ?? null, idNumber: prof ? maskId(ctx.vault.decrypt(prof.idCipher)) : null, birthDate: prof?.birthDate ?? null, province: prof?.province ?? null },
      documents: docsOut(documents),
      reviews: reviews.map((v) => ({ at: v.at.toISOString(), kind: v.kind, outcome: v.outcome, actor: v.actor, findings: v.findings })),
    };
  });

  r.get('/ops/claims/:ref/documents/:sha256', {
    config: { access: staff },
    schema: { tags, summary: 'Download one evidence file', params: z.object({ ref: claimRef, sha256: z.string().regex(/^[0-9a-f]{64}$/) }) },
  }, async (req, reply) => {
    const d = await claimDocument(ctx.db, who(req), req.params.ref, req.params.sha256);
    return reply.type(d.mediaType).header('content-disposition', 'attachment').send(Buffer.from(d.content));
  });

  r.post('/ops/claims/:ref/assign', {
    config: { access: ['operator', 'admin'] },
    schema: {
      tags, summary: 'Assign an investigator', params: z.object({ ref: claimRef }), body: z.object({ investigatorId: idParam }).strict(),
      response: { 200: z.object({ ref: z.string(), investigatorId: z.number().int() }), ...errorResponses },
    },
  }, async (req) => {
    const out = await assignInvestigator(ctx.db, who(req), req.params.ref, BigInt(req.body.investigatorId), ctx.clock());
    await audit(ctx, req, 'claim.assign', `claim:${req.params.ref}`, out.before, out.after);
    return { ref: req.params.ref, investigatorId: num(out.investigatorId) };
  });

  const decision = (name: 'findings' | 'approve' | 'reject', roles: readonly ('operator' | 'investigator' | 'admin')[], body: z.ZodObject, run: (ref: string, b: Record<string, string>, req: FastifyRequest) => Promise<unknown>) =>
    r.post(`/ops/claims/:ref/${name}`, {
      config: { access: roles },
      schema: {
        tags, summary: name === 'findings' ? 'Record investigation findings (moves a pending claim to investigating)' : name === 'approve' ? 'Approve, with a reason (the automatic checks run again)' : 'Reject, with a written reason',
        params: z.object({ ref: claimRef }), body, response: { 200: claimSchema, ...errorResponses },
      },
    }, async (req) => {
      const ref = (req.params as { ref: string }).ref;
      const out = await actOnClaim(ctx.db, who(req), ref, () => run(ref, req.body as Record<string, string>, req));
      await audit(ctx, req, `claim.${name}`, `claim:${ref}`, out.before, out.after);
      return toClaim(out.claim);
    });

  decision('findings', ['operator', 'investigator'], z.object({ findings: z.string().trim().min(1).max(10_000) }).strict(),
    (ref, b, req) => recordFindings(ctx.db, { claim: ref, findings: b.findings! }, actionOf(ctx, req)));
  // The final decision: a sampled claim needs the investigator's report, and a different
  // operator decides (four eyes), always with a written reason (services/investigation-service.ts).
  decision('approve', ['operator'], z.object({ reason: z.string().trim().min(1).max(2000) }).strict(),
    (ref, b, req) => decideClaim(ctx.db, { claim: ref, outcome: 'approve', reason: b.reason! }, actionOf(ctx, req), { reveal: (c) => ctx.vault.decrypt(c) }));
  decision('reject', ['operator'], z.object({ reason: z.string().trim().min(1).max(2000) }).strict(),
    (ref, b, req) => decideClaim(ctx.db, { claim: ref, outcome: 'reject', reason: b.reason! }, actionOf(ctx, req), { reveal: (c) => ctx.vault.decrypt(c) }));
}
