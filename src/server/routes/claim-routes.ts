/**
 * Claims. Members file a claim for one of their people, upload evidence and follow it.
 * Operators see the queue, assign an investigator, record findings and decide with a reason;
 * investigators see only the claims assigned to them (any other claim is "not found" to them).
 * Every staff action goes to the audit trail with before and after.
 */
import { randomBytes } from 'node:crypto';
import { newClaimRef } from '../../domain/claim-ref.ts';
import { uploadedFile } from '../uploads.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HuzhuError } from '../../domain/errors.ts';
import { attachDocument, documentsOf, findClaimByRef, reviewsOf, storeDocument } from '../../repositories/claims-repo.ts';
import { fileClaim, recordFindings } from '../../services/claims-service.ts';
import { decideClaim } from '../../services/investigation-service.ts';
import { assessClaim } from '../../services/claim-assessment.ts';
import { getPlan } from '../../repositories/plans-repo.ts';
import { audit } from '../audit.ts';
import { actionOf, num, who, type ServerContext } from '../context.ts';
import { DISEASE_CODES, diseaseName } from '../diseases.ts';
import { maskId } from '../national-id.ts';
import { findAccount } from '../repos/accounts-repo.ts';
import { claimOfAccount, claimView, claimsOfAccount, findProfile, type ClaimView } from '../repos/member-repo.ts';
import { assign, assignmentOf, claimQueue, documentContent } from '../repos/staff-repo.ts';
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

const docsOut = (docs: Awaited<ReturnType<typeof documentsOf>>) => docs.map((d) => ({ sha256: d.sha256, name: d.name, mediaType: d.mediaType, sizeBytes: num(d.sizeBytes) }));

const staffClaimSchema = claimSchema.extend({
  claimant: z.object({ name: z.string().nullable(), idNumber: z.string().nullable().describe('Masked.'), birthDate: z.string().nullable(), province: z.string().nullable() }),
  investigatorId: z.number().int().nullable(),
  documents: z.array(documentSchema), reviews: z.array(reviewSchema),
});

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
    const p = who(req);
    const person = await findProfile(ctx.db, p.accountId, BigInt(req.body.person));
    if (!person) throw new HuzhuError('NOT_FOUND', 'person: not one of this account\'s people', { field: 'person' });
    const ref = newClaimRef(randomBytes(10)); // no filing date in it (domain/claim-ref.ts)
    const out = await fileClaim(ctx.db, {
      plan: req.body.plan, claim: ref, person: person.idHash, diagnosedOn: req.body.diagnosedOn, severity: req.body.severity, cause: req.body.cause,
      diseaseCode: req.body.diseaseCode,
    }, actionOf(ctx, req));
    if (out.status === 'rejected' && out.code) {
      // The claim is on record (rejected by the automatic checks); the caller gets the code.
      const field = out.code === 'WAITING_PERIOD' || out.code === 'PRE_EXISTING' ? 'diagnosedOn' : 'person';
      throw new HuzhuError(out.code as 'WAITING_PERIOD', `claim ${out.claim} refused: ${out.reason ?? out.code}`, { field });
    }
    return reply.code(201).send(toClaim((await claimView(ctx.db, out.claim))!));
  });

  r.get('/me/claims/:ref', {
    config: { access: ['member'] },
    schema: {
      tags, summary: 'Follow a claim: status, evidence and decisions', params: z.object({ ref: claimRef }),
      response: { 200: claimSchema.extend({ documents: z.array(documentSchema), reviews: z.array(reviewSchema) }), ...errorResponses },
    },
  }, async (req) => {
    const c = await claimOfAccount(ctx.db, who(req).accountId, req.params.ref);
    if (!c) throw new HuzhuError('NOT_FOUND', `claim: "${req.params.ref}" is not one of this account's claims`, { field: 'ref' });
    // Members see each step and outcome, not the investigators' notes.
    const reviews = (await reviewsOf(ctx.db, c.id)).map((v) => ({ at: v.at.toISOString(), kind: v.kind, outcome: v.outcome }));
    return { ...toClaim(c), documents: docsOut(await documentsOf(ctx.db, c.id)), reviews };
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
    const c = await claimOfAccount(ctx.db, who(req).accountId, req.params.ref);
    if (!c) throw new HuzhuError('NOT_FOUND', `claim: "${req.params.ref}" is not one of this account's claims`, { field: 'ref' });
    if (c.status !== 'pending' && c.status !== 'investigating') throw new HuzhuError('CONFLICT', `claim: "${c.ref}" is ${c.status}; evidence is closed`, { field: 'ref' });
    await ctx.db.transaction(async (tx) => {
      await storeDocument(tx, { sha256, mediaType: type, content: body, at: ctx.clock() });
      await attachDocument(tx, c.id, sha256, req.query.name);
      // New evidence may raise a risk signal (the same document on another claim).
      await assessClaim(tx, await getPlan(tx, c.planId), (await findClaimByRef(tx, c.ref))!, ctx.clock());
    });
    return reply.code(201).send({ sha256, name: req.query.name, mediaType: type, sizeBytes: body.length });
  });

  // ---- operators and investigators ------------------------------------------------------------

  const staff = ['operator', 'investigator', 'admin'] as const;

  /** The claim, if this staff member may see it: investigators only their assigned claims. */
  async function visibleClaim(req: FastifyRequest, ref: string) {
    const p = who(req);
    const c = await claimView(ctx.db, ref);
    if (!c) throw new HuzhuError('NOT_FOUND', `claim: "${ref}" does not exist`, { field: 'ref' });
    const a = await assignmentOf(ctx.db, c.id);
    if (p.role === 'investigator' && a?.investigatorId !== p.accountId) throw new HuzhuError('NOT_FOUND', `claim: "${ref}" is not assigned to you`, { field: 'ref' });
    return { claim: c, investigatorId: a?.investigatorId ?? null };
  }

  const summary = async (ref: string) => {
    const c = await findClaimByRef(ctx.db, ref);
    const a = c ? await assignmentOf(ctx.db, c.id) : undefined;
    return c && { status: c.status, payoutFen: c.payoutFen, rejectCode: c.rejectCode, reason: c.reason, investigatorId: a?.investigatorId ?? null };
  };

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
    const { claim: c, investigatorId } = await visibleClaim(req, req.params.ref);
    const prof = (await ctx.db.query<{ name: string; id_cipher: string; birth_date: string; province: string }>(
      `SELECT name, id_cipher, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, province FROM people WHERE id_hash = $1`, [c.personRef]))[0];
    const reviews = (await reviewsOf(ctx.db, c.id)).map((v) => ({ at: v.at.toISOString(), kind: v.kind, outcome: v.outcome, actor: v.actor, findings: v.findings }));
    return {
      ...toClaim(c), investigatorId: investigatorId === null ? null : num(investigatorId),
      claimant: { name: prof?.name ?? null, idNumber: prof ? maskId(ctx.vault.decrypt(prof.id_cipher)) : null, birthDate: prof?.birth_date ?? null, province: prof?.province ?? null },
      documents: docsOut(await documentsOf(ctx.db, c.id)), reviews,
    };
  });

  r.get('/ops/claims/:ref/documents/:sha256', {
    config: { access: staff },
    schema: { tags, summary: 'Download one evidence file', params: z.object({ ref: claimRef, sha256: z.string().regex(/^[0-9a-f]{64}$/) }) },
  }, async (req, reply) => {
    const { claim } = await visibleClaim(req, req.params.ref);
    const d = await documentContent(ctx.db, claim.id, req.params.sha256);
    if (!d || !d.content) throw new HuzhuError('NOT_FOUND', 'document: not attached to this claim', { field: 'sha256' });
    return reply.type(d.mediaType).header('content-disposition', 'attachment').send(Buffer.from(d.content));
  });

  r.post('/ops/claims/:ref/assign', {
    config: { access: ['operator', 'admin'] },
    schema: {
      tags, summary: 'Assign an investigator', params: z.object({ ref: claimRef }), body: z.object({ investigatorId: idParam }).strict(),
      response: { 200: z.object({ ref: z.string(), investigatorId: z.number().int() }), ...errorResponses },
    },
  }, async (req) => {
    const c = await findClaimByRef(ctx.db, req.params.ref);
    if (!c) throw new HuzhuError('NOT_FOUND', `claim: "${req.params.ref}" does not exist`, { field: 'ref' });
    if (c.status !== 'pending' && c.status !== 'investigating') throw new HuzhuError('CONFLICT', `claim: "${c.ref}" is ${c.status}, not under review`, { field: 'ref' });
    const inv = await findAccount(ctx.db, BigInt(req.body.investigatorId));
    if (!inv || inv.role !== 'investigator') throw new HuzhuError('VALIDATION', 'investigatorId: not an investigator\'s account', { field: 'investigatorId' });
    const before = await summary(c.ref);
    await assign(ctx.db, c.id, inv.id, who(req).accountId, ctx.clock());
    await audit(ctx, req, 'claim.assign', `claim:${c.ref}`, before, await summary(c.ref));
    return { ref: c.ref, investigatorId: num(inv.id) };
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
      await visibleClaim(req, ref);
      const before = await summary(ref);
      await run(ref, req.body as Record<string, string>, req);
      await audit(ctx, req, `claim.${name}`, `claim:${ref}`, before, await summary(ref));
      return toClaim((await claimView(ctx.db, ref))!);
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
