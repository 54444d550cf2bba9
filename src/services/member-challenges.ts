/** A member challenges an announced claim, for one of the account's people (access.ts first). */
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { Principal } from '../domain/principal.ts';
import { getChallenge, type ChallengeRow } from '../repositories/challenges-repo.ts';
import { storeDocument } from '../repositories/claims-repo.ts';
import { requireAccess } from './access.ts';
import { fileChallenge } from './challenges-service.ts';
import type { Action } from './idempotent.ts';
import type { RevealId } from './personal-data-check.ts';
import type { UploadedFile } from './member-claims.ts';

export async function fileMemberChallenge(
  db: Db, principal: Principal, input: { claim: string; person: bigint; reason: string; evidence: string[] }, action: Action, o: { reveal?: RevealId } = {},
): Promise<ChallengeRow> {
  const person = await requireAccess(db, principal, 'person.act', input.person);
  const ref = `H${action.at.toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(5).toString('hex')}`;
  await fileChallenge(db, { challenge: ref, claim: input.claim, person: person.idHash, reason: input.reason, evidence: input.evidence }, action, o);
  return getChallenge(db, ref);
}

/** Stores one evidence file for a challenge to come (named by its sha256 when filing). */
export async function storeChallengeEvidence(db: Db, file: UploadedFile, at: Date): Promise<void> {
  await storeDocument(db, { sha256: file.sha256, mediaType: file.type, content: file.body, at });
}
