import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.ts';
import type { LocalDate } from '../domain/local-date.ts';
import { countMemberships } from '../repositories/members-repo.ts';
import { testDb } from '../test-support/test-db.ts';
import { enrolBulk, enrolBulkStream, type BulkApplicant } from './bulk-enrolment.ts';
import { join, quit } from './membership-service.ts';
import { createPlan } from './plans-service.ts';

let db: Db;
const t = (s: string) => new Date(s);
const JOIN_AT = t('2024-03-01T10:00:00+08:00');
const act = (key: string) => ({ key, actor: 't', at: JOIN_AT });
const plan = async (id: string) => createPlan(db, { id, preset: 'critical-illness' }, { key: `plan:${id}`, actor: 't', at: t('2024-01-01T00:00:00+08:00') });

/** Each plan's memberships as (person, payer, birth date, waiting ends, status), in person order: what enrolment wrote. */
async function membershipsOf(planId: string): Promise<string[]> {
  const rows = await db.query<{ r: string }>(
    `SELECT pe.ref || ' ' || pa.ref || ' ' || to_char(m.birth_date, 'YYYY-MM-DD') || ' ' || to_char(m.waiting_ends_on, 'YYYY-MM-DD') || ' ' || m.status AS r
       FROM memberships m JOIN persons pe ON pe.id = m.person_id JOIN payers pa ON pa.id = m.payer_id
      WHERE m.plan_id = $1 ORDER BY pe.ref, m.id`, [planId]);
  return rows.map((x) => x.r);
}

beforeAll(async () => { db = await testDb(); });
afterAll(async () => { await db?.close(); });

describe('bulk enrolment', () => {
  it('applies the join rules to every applicant and refuses anyone already active, in the batch or on record', async () => {
    await plan('a');
    await join(db, { plan: 'a', person: 'on-record', payer: 'x', birthDate: '1980-01-01', declaration: { none: false } }, act('j1'));
    await join(db, { plan: 'a', person: 'left-before', payer: 'x', birthDate: '1970-05-05', declaration: { none: false } }, act('j2'));
    await quit(db, { plan: 'a', person: 'left-before' }, { key: 'l2', actor: 't', at: t('2024-03-01T10:30:00+08:00') });
    const applicants: BulkApplicant[] = [
      { person: 'ok1', payer: 'fam', birthDate: '1990-01-01' as LocalDate },
      { person: 'ok1', payer: 'fam', birthDate: '1990-01-01' as LocalDate }, // twice in the batch
      { person: 'child', payer: 'fam', birthDate: '2024-02-15' as LocalDate }, // under 30 days old
      { person: 'old', payer: 'o', birthDate: '1960-01-01' as LocalDate }, // 64
      { person: 'low-score', payer: 'o', birthDate: '1990-01-01' as LocalDate, creditScore: 600 },
      { person: 'sick', payer: 'o', birthDate: '1990-01-01' as LocalDate, declaration: { cancer: true } },
      { person: 'on-record', payer: 'x', birthDate: '1980-01-01' as LocalDate },
      { person: 'left-before', payer: 'y', birthDate: '1999-09-09' as LocalDate }, // rejoins, recorded birth date kept
    ];
    const r = await enrolBulk(db, 'a', applicants, { key: 'bulk-a', actor: 't', at: t('2024-03-01T11:00:00+08:00') });
    expect(r).toEqual({ accepted: 2, rejected: { ALREADY_MEMBER: 2, NOT_ELIGIBLE_AGE: 2, NOT_ELIGIBLE_CREDIT: 1, NOT_ELIGIBLE_HEALTH: 1 } });
    expect(await membershipsOf('a')).toEqual([
      'left-before x 1970-05-05 2024-05-30 left',
      'left-before y 1970-05-05 2024-05-30 active',
      'ok1 fam 1990-01-01 2024-05-30 active',
      'on-record x 1980-01-01 2024-05-30 active',
    ]);
  });

  it('is idempotent: a retry with the same key returns the recorded result and writes nothing', async () => {
    await plan('b');
    const applicants = Array.from({ length: 50 }, (_, i) => ({ person: `b${i}`, payer: `bp${i >> 1}`, birthDate: '1985-04-04' as LocalDate }));
    const first = await enrolBulk(db, 'b', applicants, act('bulk-b'));
    const before = await membershipsOf('b');
    const again = await enrolBulk(db, 'b', [...applicants, { person: 'late', payer: 'late', birthDate: '1985-04-04' as LocalDate }], act('bulk-b'));
    expect(again).toEqual(first);
    expect(first.accepted).toBe(50);
    expect(await membershipsOf('b')).toEqual(before);
  });

  it('refuses a malformed reference or birth date and writes nothing of the batch', async () => {
    await plan('c');
    await expect(enrolBulk(db, 'c', [{ person: 'ok', payer: 'p', birthDate: '1980-01-01' as LocalDate }, { person: 'a b', payer: 'p', birthDate: '1980-01-01' as LocalDate }], act('bulk-c1')))
      .rejects.toThrow(/person\/payer/);
    await expect(enrolBulk(db, 'c', [{ person: 'ok', payer: 'p', birthDate: '1980-02-30' as LocalDate }], act('bulk-c2'))).rejects.toThrow(/birthDate/);
    expect(await countMemberships(db, 'c')).toBe(0);
    expect(await db.query("SELECT ref FROM persons WHERE ref = 'ok'")).toEqual([]); // not even the person
  });

  it('gives every membership a log secret of its own, from a key drawn for each statement (migration 0430)', async () => {
    await plan('secrets');
    const people = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ person: `sec${from + i}`, payer: `secp${Math.floor((from + i) / 3)}`, birthDate: '1985-06-15' as LocalDate }));
    await enrolBulk(db, 'secrets', people(0, 200), act('bulk-s1'));
    await enrolBulk(db, 'secrets', people(200, 200), act('bulk-s2'));
    await join(db, { plan: 'secrets', person: 'sec-one', payer: 'sec-one', birthDate: '1980-01-01', declaration: { none: false } }, act('j-s'));
    const rows = await db.query<{ id: bigint; secret: Uint8Array; pseudonym: string; ok: boolean }>(
      `SELECT m.id, s.secret, s.pseudonym, s.pseudonym = huzhu_log_pseudonym(s.secret) AS ok
         FROM memberships m JOIN membership_log_secrets s ON s.membership_id = m.id WHERE m.plan_id = 'secrets' ORDER BY m.id`);
    expect(rows).toHaveLength(401);
    expect(rows.every((r) => r.secret.length === 32 && r.ok)).toBe(true);
    const hex = rows.map((r) => Buffer.from(r.secret).toString('hex'));
    expect(new Set(hex).size).toBe(401);
    expect(new Set(rows.map((r) => r.pseudonym)).size).toBe(401);
    // Each bit of the secrets is set about half the time (a key per row would look the same; a key
    // reused across statements, or none, would not give 401 distinct values above).
    const ones = hex.reduce((n, h) => n + [...Buffer.from(h, 'hex')].reduce((k, b) => k + b.toString(2).replaceAll('0', '').length, 0), 0);
    expect(ones / (401 * 256)).toBeGreaterThan(0.45);
    expect(ones / (401 * 256)).toBeLessThan(0.55);
  });
});

describe('streamed bulk enrolment', () => {
  it('takes a generator and holds at most two batches of it in memory at a time (one being written, the next being read)', async () => {
    await plan('s');
    const batchSize = 40;
    let yielded = 0;
    let mostAhead = 0;
    async function* applicants(): AsyncGenerator<BulkApplicant> {
      for (let i = 0; i < 300; i++) {
        // Every applicant is accepted, so what was yielded and not yet written is what is buffered.
        if (i % 10 === 0) mostAhead = Math.max(mostAhead, yielded - await countMemberships(db, 's'));
        yielded += 1;
        yield { person: `s${i}`, payer: `sp${Math.floor(i / 3)}`, birthDate: '1988-08-08' as LocalDate };
      }
    }
    const r = await enrolBulkStream(db, 's', applicants(), act('bulk-s'), { batchSize });
    expect(r).toEqual({ accepted: 300, rejected: {} });
    expect(mostAhead).toBeLessThanOrEqual(2 * batchSize);
    expect(await countMemberships(db, 's')).toBe(300);
  });

  it('resumes after a failure mid-stream: the retry with the same key skips the batches written and ends as an uninterrupted run', async () => {
    await plan('r');
    await plan('r2');
    const all = Array.from({ length: 100 }, (_, i) => ({ person: `r${i}`, payer: `rp${i >> 2}`, birthDate: (i % 9 === 0 ? '1950-01-01' : '1991-01-01') as LocalDate }));
    function* failingAfter(n: number): Generator<BulkApplicant> {
      for (let i = 0; i < n; i++) yield all[i]!;
      throw new Error('the feed broke');
    }
    await expect(enrolBulkStream(db, 'r', failingAfter(70), act('bulk-r'), { batchSize: 30 })).rejects.toThrow(/feed broke/);
    expect(await countMemberships(db, 'r')).toBeGreaterThan(0); // two whole batches are in
    const resumed = await enrolBulkStream(db, 'r', all, act('bulk-r'), { batchSize: 30 });
    const uninterrupted = await enrolBulkStream(db, 'r2', all, act('bulk-r2'), { batchSize: 30 });
    expect(resumed).toEqual(uninterrupted);
    expect((await membershipsOf('r')).map((x) => x.replace(/ r2?$/, ''))).toEqual(await membershipsOf('r2'));
  });

  it('property: the streamed form in any batch size gives the array form\'s result and memberships', async () => {
    // Each person has one birth date and one credit score (facts about them), as in any real
    // population; a repeat of a person in a later batch is then refused as ALREADY_MEMBER in
    // both forms (were the second application's facts different, the streamed form would judge
    // it by them, as a later application is judged by the rules before the register).
    const person = fc.integer({ min: 0, max: 39 });
    const applicant = fc.record({ p: person, payer: fc.integer({ min: 0, max: 9 }) });
    const score = (p: number) => (p % 5 === 0 ? 600 + p : p % 5 === 1 ? undefined : 700);
    const birth = (p: number) => (p % 7 === 0 ? '1955-06-01' : p % 11 === 0 ? '2024-02-20' : `19${70 + (p % 30)}-0${1 + (p % 9)}-1${p % 10}`) as LocalDate;
    let run = 0;
    await fc.assert(fc.asyncProperty(fc.array(applicant, { maxLength: 60 }), fc.integer({ min: 1, max: 25 }), async (xs, batchSize) => {
      run += 1;
      // Persons are shared between runs (their birth date is the same everywhere), plans are not.
      const list: BulkApplicant[] = xs.map((x) => ({ person: `q${x.p}`, payer: `qp${x.payer}`, birthDate: birth(x.p), ...(score(x.p) === undefined ? {} : { creditScore: score(x.p)! }) }));
      await plan(`arr${run}`);
      await plan(`str${run}`);
      const asArray = await enrolBulk(db, `arr${run}`, list, act(`arr${run}`));
      const streamed = await enrolBulkStream(db, `str${run}`, list, act(`str${run}`), { batchSize });
      expect(streamed).toEqual(asArray);
      expect(await membershipsOf(`str${run}`)).toEqual(await membershipsOf(`arr${run}`));
    }), { numRuns: 12 });
  });
});
