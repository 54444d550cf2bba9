/**
 * The server's personal data (`people`): name, ID number (encrypted, and as a keyed hash), birth
 * date, province and phone of each person an account manages.
 *
 * Why a second table beside the engine's `persons`: the engine knows a person only by an opaque
 * reference (`persons.ref`, the keyed hash of the ID number, = `people.id_hash`) and a birth date.
 * Keeping names, ID numbers and phones in a table of their own means the engine's services, the
 * replay of a public record and the transparency log never see personal data, and a replay or a
 * simulation (which have no personal data at all) runs the very same engine. Only queries bound to
 * a real-name account join the two on `persons.ref = people.id_hash`: a member's own views
 * (server/queries/), an account's challenges, and the jury's conflict and redaction checks.
 */
import type { Queryable } from '../db/database.ts';

export interface PersonProfile {
  id: bigint; relation: string; name: string; idCipher: string; idHash: string; birthDate: string; province: string; phone: string | null;
}

const PEOPLE = `id, relation, name, id_cipher AS "idCipher", id_hash AS "idHash", to_char(birth_date, 'YYYY-MM-DD') AS "birthDate", province, phone`;

export async function insertProfile(q: Queryable, p: {
  accountId: bigint; relation: string; name: string; idCipher: string; idHash: string; birthDate: string; province: string; phone: string | null; at: Date;
}): Promise<bigint> {
  const rows = await q.query<{ id: bigint }>(
    `INSERT INTO people (account_id, relation, name, id_cipher, id_hash, birth_date, province, phone, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [p.accountId, p.relation, p.name, p.idCipher, p.idHash, p.birthDate, p.province, p.phone, p.at]);
  return rows[0]!.id;
}

export async function profileByHash(q: Queryable, idHash: string): Promise<{ accountId: bigint } | undefined> {
  return (await q.query<{ accountId: bigint }>('SELECT account_id AS "accountId" FROM people WHERE id_hash = $1', [idHash]))[0];
}

export async function hasSelfProfile(q: Queryable, accountId: bigint): Promise<boolean> {
  return (await q.query(`SELECT 1 FROM people WHERE account_id = $1 AND relation = 'self'`, [accountId])).length > 0;
}

export async function listProfiles(q: Queryable, accountId: bigint, limit: number, offset: number): Promise<PersonProfile[]> {
  return q.query<PersonProfile>(`SELECT ${PEOPLE} FROM people WHERE account_id = $1 ORDER BY id LIMIT $2 OFFSET $3`, [accountId, limit, offset]);
}

export async function findProfile(q: Queryable, accountId: bigint, id: bigint): Promise<PersonProfile | undefined> {
  return (await q.query<PersonProfile>(`SELECT ${PEOPLE} FROM people WHERE account_id = $1 AND id = $2`, [accountId, id]))[0];
}
