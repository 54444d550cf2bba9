/**
 * The personal-data check (domain/personal-data.ts) against what is on record for a claim: every
 * free text bound for the public log or the juror view goes through here before it is written.
 */
import type { Queryable } from '../db/database.ts';
import { assertNoPersonalData } from '../domain/personal-data.ts';
import { personalDataOfClaim, type RevealId } from '../repositories/personal-data-repo.ts';

export type { RevealId };

/** Throws PERSONAL_DATA naming the first field that holds the claimant's or family's data, or any ID number, mobile or e-mail. */
export async function assertClaimTextClean(tx: Queryable, claimId: bigint, fields: Readonly<Record<string, string | null | undefined>>, reveal?: RevealId): Promise<void> {
  if (Object.values(fields).every((t) => t === null || t === undefined || t === '')) return;
  assertNoPersonalData(fields, await personalDataOfClaim(tx, claimId, reveal));
}
