/**
 * A member's claims, acted on for the logged-in account: file one for one of its people, follow
 * it, add evidence. Each use case asks requireAccess first (access.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { newClaimRef } from '../domain/claim-ref.ts';
import { HuzhuError } from '../domain/errors.ts';
import type { Principal } from '../domain/principal.ts';
import { attachDocument, documentsOf, findClaimByRef, lockFilingsOf, reviewsOf, sameFiling, storeDocument } from '../repositories/claims-repo.ts';
import { getPlan } from '../repositories/plans-repo.ts';
import { claimView, type ClaimView } from '../repositories/member-queries.ts';
import { requireAccess } from './access.ts';
import { assessClaim } from './claim-assessment.ts';
import { fileClaim, type FileClaimInput } from './claims-service.ts';
import type { Action } from './idempotent.ts';

export type ClaimDocuments = Awaited<ReturnType<typeof documentsOf>>;
/** An uploaded evidence file, already checked and hashed by the caller. */
export interface UploadedFile { type: string; body: Uint8Array; sha256: string }

/** Thrown inside a filing's transaction to roll it back: the same filing is already on record. */
class SameFiling extends Error {
  constructor(readonly ref: string) { super('the same claim is already on record'); }
}

/**
 * Files a claim for one of the account's people; a refusal by the automatic checks is an error
 * with its code (the claim stays on record). The same filing again (same person, plan, diagnosis
 * date, severity, cause and disease) while the first still stands answers with the first claim
 * and writes nothing, however many are sent at once: the person's filings are serialised by a
 * lock in the transaction. Only here, at the member API: the engine's fileClaim records what it
 * is given (the replay files two claims for one event on purpose).
 */
export async function fileMemberClaim(
  db: Db, principal: Principal, input: Omit<FileClaimInput, 'claim' | 'person'> & { person: bigint }, action: Action,
): Promise<ClaimView> {
  const person = await requireAccess(db, principal, 'person.act', input.person);
  const ref = newClaimRef(randomBytes(10)); // no filing date in it (domain/claim-ref.ts)
  const out = await fileClaim(db, { ...input, claim: ref, person: person.idHash }, action, {
    precheck: async (tx, c) => {
      await lockFilingsOf(tx, c.personId);
      const same = await sameFiling(tx, c);
      if (same !== undefined) throw new SameFiling(same);
    },
  }).catch(async (e: unknown) => {
    if (!(e instanceof SameFiling)) throw e;
    const c = (await findClaimByRef(db, e.ref))!;
    return { claim: c.ref, status: c.status, payoutFen: c.payoutFen, code: c.rejectCode, reason: c.reason };
  });
  if (out.status === 'rejected' && out.code) {
    const field = out.code === 'WAITING_PERIOD' || out.code === 'PRE_EXISTING' ? 'diagnosedOn' : 'person';
    throw new HuzhuError(out.code as 'WAITING_PERIOD', `claim ${out.claim} refused: ${out.reason ?? out.code}`, { field });
  }
  return (await claimView(db, out.claim))!;
}

/** A claim of the account's people with its evidence and each step and outcome (not the investigators' notes). */
export async function memberClaim(db: Db, principal: Principal, ref: string): Promise<{ claim: ClaimView; documents: ClaimDocuments; reviews: { at: Date; kind: string; outcome: string }[] }> {
  const claim = await requireAccess(db, principal, 'claim.read', ref);
  const reviews = (await reviewsOf(db, claim.id)).map((v) => ({ at: v.at, kind: v.kind, outcome: v.outcome }));
  return { claim, documents: await documentsOf(db, claim.id), reviews };
}

/** Attaches one evidence file to a claim still under review, stored once by its SHA-256. */
export async function addClaimEvidence(db: Db, principal: Principal, ref: string, file: UploadedFile & { name: string }, at: Date): Promise<void> {
  const c = await requireAccess(db, principal, 'claim.evidence', ref);
  if (c.status !== 'pending' && c.status !== 'investigating') throw new HuzhuError('CONFLICT', `claim: "${c.ref}" is ${c.status}; evidence is closed`, { field: 'ref' });
  await db.transaction(async (tx) => {
    await storeDocument(tx, { sha256: file.sha256, mediaType: file.type, content: file.body, at });
    await attachDocument(tx, c.id, file.sha256, file.name);
    // New evidence may raise a risk signal (the same document on another claim).
    await assessClaim(tx, await getPlan(tx, c.planId), (await findClaimByRef(tx, c.ref))!, at);
  });
}
