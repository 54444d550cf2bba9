/** The real-name profiles an account manages: the holder and family members. */
import type { Db } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import type { Principal } from '../domain/principal.ts';
import { findProfile, hasSelfProfile, insertProfile, profileByHash, type PersonProfile } from '../repositories/people-repo.ts';

/** A new profile, its national ID already encrypted and keyed-hashed by the caller (the server's vault). */
export interface NewPerson { relation: string; name: string; idCipher: string; idHash: string; birthDate: string; province: string; phone: string | null }

/** Adds a profile to the account: one person is registered once, and an account has one holder. */
export async function addPerson(db: Db, principal: Principal, person: NewPerson, at: Date): Promise<PersonProfile> {
  return db.transaction(async (tx) => {
    if (await profileByHash(tx, person.idHash)) throw new HuzhuError('CONFLICT', 'idNumber: this person is already registered by an account', { field: 'idNumber' });
    if (person.relation === 'self' && (await hasSelfProfile(tx, principal.accountId))) throw new HuzhuError('CONFLICT', 'relation: the account already has its holder\'s profile', { field: 'relation' });
    const id = await insertProfile(tx, { ...person, accountId: principal.accountId, at });
    return (await findProfile(tx, principal.accountId, id))!;
  });
}
