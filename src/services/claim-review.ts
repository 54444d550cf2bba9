/**
 * Staff on a claim: operators see every claim, investigators only those assigned to them (any
 * other is "not found", access.ts). Reading it whole, downloading evidence, assigning an
 * investigator, and the before/after of each action for the audit trail.
 */
import type { Db } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import type { Principal } from '../domain/principal.ts';
import { documentsOf, findClaimByRef, reviewsOf, storeDocument } from '../repositories/claims-repo.ts';
import { assessmentOf, findReport } from '../repositories/investigation-repo.ts';
import { findAccount } from '../repositories/accounts-repo.ts';
import { claimantOf, claimView, type ClaimView } from '../repositories/member-queries.ts';
import { assign, assignmentOf } from '../repositories/claim-assignments-repo.ts';
import { documentContent } from '../repositories/claims-repo.ts';
import { requireAccess } from './access.ts';
import type { Action } from './idempotent.ts';
import { submitReport, type ReportInput } from './investigation-service.ts';
import type { RevealId } from './personal-data-check.ts';
import type { UploadedFile } from './member-claims.ts';

/** What the audit trail records of a claim before and after a staff action. */
export interface ClaimSummary { status: string; payoutFen: bigint | null; rejectCode: string | null; reason: string | null; investigatorId: bigint | null }

export async function claimSummary(db: Db, ref: string): Promise<ClaimSummary | undefined> {
  const c = await findClaimByRef(db, ref);
  const a = c ? await assignmentOf(db, c.id) : undefined;
  return c && { status: c.status, payoutFen: c.payoutFen, rejectCode: c.rejectCode, reason: c.reason, investigatorId: a?.investigatorId ?? null };
}

/** A claim with the claimant (ID number encrypted), evidence and the whole review trail. */
export async function reviewClaim(db: Db, principal: Principal, ref: string) {
  const { claim, investigatorId } = await requireAccess(db, principal, 'claim.review', ref);
  const claimant = await claimantOf(db, claim.personRef);
  return { claim, investigatorId, claimant, reviews: await reviewsOf(db, claim.id), documents: await documentsOf(db, claim.id) };
}

/** One evidence file of a claim. */
export async function claimDocument(db: Db, principal: Principal, ref: string, sha256: string): Promise<{ mediaType: string; content: Uint8Array }> {
  const { claim } = await requireAccess(db, principal, 'claim.review', ref);
  const d = await documentContent(db, claim.id, sha256);
  if (!d || !d.content) throw new HuzhuError('NOT_FOUND', 'document: not attached to this claim', { field: 'sha256' });
  return { mediaType: d.mediaType, content: d.content };
}

export interface StaffAction { before: ClaimSummary | undefined; after: ClaimSummary | undefined }

/** Assigns (or reassigns) a claim under review to an investigator's account. */
export async function assignInvestigator(db: Db, principal: Principal, ref: string, investigatorId: bigint, at: Date): Promise<StaffAction & { investigatorId: bigint }> {
  const { claim: c } = await requireAccess(db, principal, 'claim.review', ref);
  if (c.status !== 'pending' && c.status !== 'investigating') throw new HuzhuError('CONFLICT', `claim: "${c.ref}" is ${c.status}, not under review`, { field: 'ref' });
  const inv = await findAccount(db, investigatorId);
  if (!inv || inv.role !== 'investigator') throw new HuzhuError('VALIDATION', 'investigatorId: not an investigator\'s account', { field: 'investigatorId' });
  const before = await claimSummary(db, c.ref);
  await assign(db, c.id, inv.id, principal.accountId, at);
  return { before, after: await claimSummary(db, c.ref), investigatorId: inv.id };
}

/** A staff decision step on a claim the principal may review: `act` runs after the check, between the before and after summaries. */
export async function actOnClaim(db: Db, principal: Principal, ref: string, act: () => Promise<unknown>): Promise<StaffAction & { claim: ClaimView }> {
  await requireAccess(db, principal, 'claim.review', ref);
  const before = await claimSummary(db, ref);
  await act();
  return { before, after: await claimSummary(db, ref), claim: (await claimView(db, ref))! };
}

/** Why a claim was sampled, its risk signals and the investigator's report. */
export async function investigationOf(db: Db, principal: Principal, ref: string) {
  const { claim } = await requireAccess(db, principal, 'claim.review', ref);
  return { claim, assessment: await assessmentOf(db, claim.id), report: await findReport(db, claim.id) };
}

/** Stores a redacted copy of an evidence document for jurors (named later in the report); `upload` is read after the check. */
export async function storeRedactedCopy(db: Db, principal: Principal, ref: string, upload: () => UploadedFile, at: Date): Promise<UploadedFile> {
  await requireAccess(db, principal, 'claim.review', ref);
  const file = upload();
  await storeDocument(db, { sha256: file.sha256, mediaType: file.type, content: file.body, at });
  return file;
}

/** The investigator's report on a claim they may review. */
export async function reportOnClaim(db: Db, principal: Principal, input: ReportInput, action: Action, o: { reveal?: RevealId } = {}) {
  await requireAccess(db, principal, 'claim.review', input.claim);
  return submitReport(db, input, action, o);
}
