/**
 * The demo platform, made on first start so a newcomer sees a living plan within seconds: a
 * Xiang Hu Bao-style plan that began a few months ago, one account per role (passwords printed
 * once), a few hundred members enrolled in bulk, and claims filed, investigated and decided month
 * by month through the real services while the real calendar announces and charges.
 */
import { randomBytes } from 'node:crypto';
import { addDays, localDateOf, startOfDay, type LocalDate } from '../domain/local-date.ts';
import { upsertPayer } from '../repositories/members-repo.ts';
import { getPlan } from '../repositories/plans-repo.ts';
import { enrolBulk } from '../services/bulk-enrolment.ts';
import { advanceTo } from '../services/calendar-runner.ts';
import { approveClaim, fileClaim, recordFindings, rejectClaim } from '../services/claims-service.ts';
import { join } from '../services/membership-service.ts';
import { createPlan } from '../services/plans-service.ts';
import type { Role } from '../domain/principal.ts';
import type { ServerContext } from './context.ts';
import { DISEASE_CODES } from './diseases.ts';
import { makeNationalId, parseNationalId } from './national-id.ts';
import { hashPassword } from './passwords.ts';
import { anyAccount, insertAccount } from '../repositories/accounts-repo.ts';
import { getClaimByRef } from '../repositories/claims-repo.ts';
import { insertProfile } from '../repositories/people-repo.ts';
import { assign } from '../repositories/claim-assignments-repo.ts';
import { DEMO_ELDERLY_OVERRIDES, DEMO_ELDERLY_PLAN, DEMO_PLAN, DEMO_PLAN_OVERRIDES } from '../domain/demo-plan.ts';
import { historyStart, seedHistory } from './demo/seed-history.ts';
import { seedPanelCase, seedPanelPlan } from './demo/seed-panel.ts';
import { seededRandom } from '../domain/seeded-random.ts';

export { DEMO_PLAN };

export interface DemoAccount { role: Role; email: string; password: string }

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '建华', '文', '华', '红', '玉兰', '志强', '海燕', '晓东'];
const REGIONS = ['11', '31', '32', '33', '37', '41', '42', '44', '51', '61', '35', '43'];


export async function isSeeded(ctx: ServerContext): Promise<boolean> {
  return anyAccount(ctx.db);
}

/** Seeds the demo on an empty database; returns the demo accounts (null if there were accounts already). */
// Longer than ~80 lines on purpose: the demo's story told in order (plan, staff, members, claims, history); each step one call.
export async function seedDemo(ctx: ServerContext, opts: { members?: number; months?: number } = {}): Promise<DemoAccount[] | null> {
  if (await isSeeded(ctx)) return null;
  const db = ctx.db;
  const rand = seededRandom(20190101);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;
  const now = ctx.clock();
  const months = opts.months ?? 4;
  const tz = 'Asia/Shanghai';
  const today = localDateOf(now, tz);
  const first = addDays(today, -months * 30 - 5);
  const at = (d: LocalDate, hour: number) => new Date(startOfDay(d, tz).getTime() + hour * 3_600_000);
  const act = (key: string, actor: string, t: Date) => ({ key: `demo:${key}`, actor, at: t });
  const step = async (t: Date) => advanceTo(db, ctx.provider, t, { actor: 'calendar' });

  // Xiang Hu Bao's rules with payouts scaled 1:1000 and a jury a demo can convene (demo/demo-plan.ts).
  await createPlan(db, {
    id: DEMO_PLAN, name: 'Demo critical-illness plan (Xiang Hu Bao rules, payouts scaled 1:1000)',
    names: { 'zh-CN': '演示大病互助计划（相互宝规则，金额按 1:1000 缩小）', en: 'Demo critical-illness plan (Xiang Hu Bao rules, payouts scaled 1:1000)' },
    preset: 'critical-illness', overrides: DEMO_PLAN_OVERRIDES,
  }, act('plan', 'admin:demo', at(first, 0)));
  // The elderly plan its members move to from 59 (the demo plan's `transfer` setting).
  await createPlan(db, {
    id: DEMO_ELDERLY_PLAN, name: 'Demo elderly cancer plan (Xiang Hu Bao rules, payouts scaled 1:1000)', preset: 'elderly-cancer', overrides: DEMO_ELDERLY_OVERRIDES,
  }, act('plan:elderly', 'admin:demo', at(first, 0)));

  // Accounts, one per role; passwords are random and shown once.
  const accounts: DemoAccount[] = [];
  const ids = {} as Record<Role, bigint>;
  for (const role of ['admin', 'operator', 'investigator', 'auditor', 'regulator', 'member'] as const) {
    const password = randomBytes(9).toString('base64url');
    const payerId = role === 'member' ? await upsertPayer(db, `account:demo-member`) : null;
    ids[role] = await insertAccount(db, { email: `${role}@demo.huzhu`, passwordHash: await hashPassword(password, ctx.config.scryptLogN), role, payerId, at: at(first, 0) });
    accounts.push({ role, email: `${role}@demo.huzhu`, password });
  }
  // A second operator: four eyes (the one who approved a claim may not judge a challenge to it, nor decide after reporting).
  const password2 = randomBytes(9).toString('base64url');
  const operator2 = await insertAccount(db, { email: 'operator2@demo.huzhu', passwordHash: await hashPassword(password2, ctx.config.scryptLogN), role: 'operator', payerId: null, at: at(first, 0) });
  accounts.push({ role: 'operator', email: 'operator2@demo.huzhu', password: password2 });

  // The population: families of 1-3 people, each family an account that cannot log in.
  const n = opts.members ?? 300;
  const applicants: { person: string; payer: string; birthDate: LocalDate }[] = [];
  const profiles: { accountId: bigint; relation: string; name: string; id: string }[] = [];
  let seq = 0;
  for (let fam = 0; applicants.length < n; fam++) {
    const payer = `account:demo-family-${fam}`;
    const accountId = await insertAccount(db, { email: `family-${fam}@demo.invalid`, passwordHash: null, role: 'member', payerId: await upsertPayer(db, payer), at: at(first, 0) });
    const size = 1 + Math.floor(rand() * 3);
    const surname = pick(SURNAMES);
    for (let k = 0; k < size; k++) {
      const age = k === 2 ? 1 + Math.floor(rand() * 15) : 22 + Math.floor(rand() * 36);
      const birth = addDays(first, -Math.floor(age * 365.25 + rand() * 360));
      const id = makeNationalId(pick(REGIONS), birth, seq++);
      profiles.push({ accountId, relation: k === 0 ? 'self' : k === 1 ? 'spouse' : 'child', name: surname + pick(GIVEN), id });
      applicants.push({ person: ctx.vault.hash(id), payer, birthDate: birth });
    }
  }
  for (const p of profiles) {
    const parsed = parseNationalId(p.id);
    await insertProfile(db, {
      accountId: p.accountId, relation: p.relation, name: p.name, idCipher: ctx.vault.encrypt(p.id), idHash: ctx.vault.hash(p.id),
      birthDate: parsed.birthDate, province: parsed.province, phone: null, at: at(first, 0),
    });
  }
  await enrolBulk(db, DEMO_PLAN, applicants, act('enrol', 'admin:demo', at(first, 10)));

  // The demo member: the holder and a child are members; the spouse has a profile, not yet joined.
  const family = [
    { relation: 'self', name: '李明', id: makeNationalId('31', '1988-05-16', 1) },
    { relation: 'child', name: '李小雨', id: makeNationalId('31', '2016-09-02', 2) },
    { relation: 'spouse', name: '王芳', id: makeNationalId('33', '1990-02-11', 3) },
  ];
  for (const f of family) {
    const parsed = parseNationalId(f.id);
    await insertProfile(db, {
      accountId: ids.member, relation: f.relation, name: f.name, idCipher: ctx.vault.encrypt(f.id), idHash: ctx.vault.hash(f.id),
      birthDate: parsed.birthDate, province: parsed.province, phone: f.relation === 'self' ? '13800000000' : null, at: at(first, 0),
    });
    if (f.relation !== 'spouse') {
      await join(db, { plan: DEMO_PLAN, person: ctx.vault.hash(f.id), payer: 'account:demo-member', birthDate: parsed.birthDate, declaration: { none: false } },
        act(`join:${f.relation}`, 'member:demo', at(first, 11)));
    }
  }

  // The small second plan whose jury is a drawn panel, with the demo member one of its three jurors (demo/seed-panel.ts).
  const self = parseNationalId(family[0]!.id);
  const panel = await seedPanelPlan(ctx, { at: at(first, 12), people: applicants, member: { person: ctx.vault.hash(family[0]!.id), payer: 'account:demo-member', birthDate: self.birthDate } });

  // Month by month: claims filed, investigated and decided; the calendar runs in between.
  const operator = `operator:${ids.operator}`;
  const investigator = `investigator:${ids.investigator}`;
  let c = 0;
  const claimants = applicants.slice(0, Math.min(applicants.length, 200));
  const claimed = new Set<string>();
  const from = historyStart(now, tz); // the last three weeks are the jury's history (demo/seed-history.ts)
  for (let day = 3; addDays(first, day + 3) < from; day += 9) {
    const filedOn = addDays(first, day);
    await step(at(filedOn, 9));
    const who = claimants[(c * 37) % claimants.length]!;
    claimed.add(who.person);
    const ref = `DEMO-${String(++c).padStart(4, '0')}`;
    const accident = day < 95; // inside the 90-day waiting period only accidents are covered
    await fileClaim(db, {
      plan: DEMO_PLAN, claim: ref, person: who.person, diagnosedOn: addDays(filedOn, -2), severity: rand() < 0.8 ? 'severe' : 'mild',
      cause: accident ? 'accident' : 'illness', diseaseCode: pick(DISEASE_CODES.slice(0, -1)),
    }, act(`file:${ref}`, 'member:demo', at(filedOn, 10)));
    await step(at(addDays(filedOn, 1), 9));
    await recordFindings(db, { claim: ref, findings: 'Hospital records and prior history checked on site; diagnosis confirmed.' }, act(`find:${ref}`, investigator, at(addDays(filedOn, 1), 15)));
    await step(at(addDays(filedOn, 2), 9));
    if (c % 5 === 0) await rejectClaim(db, { claim: ref, reason: 'Non-disclosure: the illness was treated before joining.' }, act(`decide:${ref}`, operator, at(addDays(filedOn, 2), 16)));
    else await approveClaim(db, { claim: ref, reason: 'Covered illness confirmed by investigation.' }, act(`decide:${ref}`, operator, at(addDays(filedOn, 2), 16)));
  }
  await step(at(from, 0));
  await seedHistory(ctx, {
    from, now, people: applicants.filter((p) => !claimed.has(p.person)), step,
    challenger: { person: ctx.vault.hash(family[0]!.id), actor: `member:${ids.member}` },
    approver: operator, judge: `operator:${operator2}`, investigator,
  });
  await seedPanelCase(ctx, { plan: panel, now, investigator, operator, step });
  await step(now);
  await ctx.demo.enable(db, DEMO_PLAN); // a demo installation: the demo clock may move

  // Something for the operator's queue: one claim assigned to the investigator, one not yet.
  for (const [k, assignIt] of [[1, true], [2, false]] as const) {
    const ref = `DEMO-Q${k}`;
    const who = claimants[(k * 53) % claimants.length]!;
    const t = new Date(now.getTime() - (3 - k) * 3_600_000);
    await fileClaim(db, { plan: DEMO_PLAN, claim: ref, person: who.person, diagnosedOn: addDays(localDateOf(t, tz), -5), severity: 'severe', cause: 'accident', diseaseCode: 'brain-surgery' },
      act(`file:${ref}`, 'member:demo', t));
    if (assignIt) {
      await assign(db, (await getClaimByRef(db, ref)).id, ids.investigator, ids.operator, t);
    }
  }
  await getPlan(db, DEMO_PLAN);
  return accounts;
}
