/**
 * What the personal-data check (domain/personal-data.ts) must know about a claim: the claimant
 * and everyone on their account and on their payer's account (the family a payer enrols), with
 * names, phones, the account's e-mail and the ID numbers. The real-name profiles are the server's
 * `people` table; a database without them (the CLI's engine alone) has nothing on record, and the
 * check's patterns still apply.
 *
 * ID numbers are stored only encrypted; `reveal` decrypts them for the check and they never leave
 * it. Without `reveal` the check still refuses every valid ID number by its check character.
 */
import type { Queryable } from '../db/database.ts';
import type { KnownPerson } from '../domain/personal-data.ts';

export type RevealId = (idCipher: string) => string;

export async function personalDataOfClaim(q: Queryable, claimId: bigint, reveal?: RevealId): Promise<KnownPerson[]> {
  const rows = await q.query<{ name: string; idCipher: string; phone: string | null; email: string | null }>(
    `WITH c AS (SELECT cl.person_id, m.payer_id FROM claims cl LEFT JOIN memberships m ON m.id = cl.membership_id WHERE cl.id = $1),
          family AS (
            SELECT pl.account_id FROM people pl JOIN persons pe ON pe.ref = pl.id_hash JOIN c ON pe.id = c.person_id
            UNION SELECT a.id FROM accounts a JOIN c ON a.payer_id = c.payer_id)
     SELECT pl.name, pl.id_cipher AS "idCipher", pl.phone, CASE WHEN pl.relation = 'self' THEN a.email END AS email
       FROM people pl JOIN accounts a ON a.id = pl.account_id
      WHERE pl.account_id IN (SELECT account_id FROM family)`,
    [claimId]);
  return rows.map((r) => ({ name: r.name, phone: r.phone, email: r.email, idNumber: reveal ? tryReveal(reveal, r.idCipher) : null }));
}

function tryReveal(reveal: RevealId, cipher: string): string | null {
  try {
    return reveal(cipher);
  } catch {
    return null; // a profile encrypted under another key: the pattern check still covers its number
  }
}
