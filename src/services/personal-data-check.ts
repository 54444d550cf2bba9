/**
 * The personal-data check (domain/personal-data.ts) against what is on record for a claim: every
 * free text bound for the public log or the juror view goes through here before it is written.
 */
import { createRequire } from 'node:module';
import type { Queryable } from '../db/database.ts';
import { assertNoPersonalData, type Speller } from '../domain/personal-data.ts';
import { personalDataOfClaim, type RevealId } from '../repositories/personal-data-queries.ts';

export type { RevealId };

let pinyinPro: typeof import('pinyin-pro') | undefined;
/** pinyin-pro spells the names on record; its dictionary loads on the first name, not with every command. */
export const pinyinSpeller: Speller = (han, surname) => {
  pinyinPro ??= createRequire(import.meta.url)('pinyin-pro') as typeof import('pinyin-pro');
  return pinyinPro.pinyin(han, { toneType: 'none', type: 'array', v: true, surname }).map((s) => s.toLowerCase());
};

/** Throws PERSONAL_DATA naming the first field that holds the claimant's or family's data, or any ID number, mobile or e-mail. */
export async function assertClaimTextClean(tx: Queryable, claimId: bigint, fields: Readonly<Record<string, string | null | undefined>>, reveal?: RevealId): Promise<void> {
  if (Object.values(fields).every((t) => t === null || t === undefined || t === '')) return;
  assertNoPersonalData(fields, await personalDataOfClaim(tx, claimId, reveal), pinyinSpeller);
}
