/**
 * The demo's panel duty, made through the real services: a small second plan whose jury is a
 * drawn panel (demo-plan.ts DEMO_PANEL_PLAN). A few of the demo's families and the demo member
 * join it when the demo begins, and three of them (the demo member one) qualify as its jurors;
 * at the end of the history a claim is rejected, its claimant appeals, and the seeded draw seats
 * a panel of 3 of those 3 jurors, in the commit phase at the demo's "now". The demo member
 * commits with a justification, the demo clock moves to the reveal (POST /ops/demo/clock
 * {to:"jury"}), the member reveals, and the next move closes the round with its tally.
 */
import { DEMO_PANEL_PLAN, DEMO_PANEL_OVERRIDES, DEMO_PANEL_SIZE } from '../../domain/demo-plan.ts';
import { addDays, ageOn, localDateOf, type LocalDate } from '../../domain/local-date.ts';
import { enrolBulk } from '../../services/bulk-enrolment.ts';
import { fileClaim, recordFindings, rejectClaim } from '../../services/claims-service.ts';
import type { Action } from '../../services/idempotent.ts';
import { openAppeal } from '../../services/jury/appeals.ts';
import { importQualifiedJurors } from '../../services/jury/qualification.ts';
import { join } from '../../services/membership-service.ts';
import { createPlan } from '../../services/plans-service.ts';
import type { ServerContext } from '../context.ts';
import type { HistoryPerson } from './seed-history.ts';

export interface PanelPlanInput {
  /** The day the demo begins (the plan starts then, so its members have the jurors' tenure by now). */
  at: Date;
  /** The demo's population (the plan takes a few families of it). */
  people: HistoryPerson[];
  member: HistoryPerson;
}

/** The panel plan's members: the claimant first, then the two other jurors. */
export interface PanelPlan { claimant: HistoryPerson; jurors: HistoryPerson[] }

const act = (key: string, actor: string, at: Date): Action => ({ key: `demo:panel:${key}`, actor, at });

/** Creates the panel plan at the start of the demo, with its members and its three jurors. */
export async function seedPanelPlan(ctx: ServerContext, p: PanelPlanInput): Promise<PanelPlan> {
  const db = ctx.db;
  const t = (minutes: number) => new Date(p.at.getTime() + minutes * 60_000);
  await createPlan(db, {
    id: DEMO_PANEL_PLAN, name: 'Demo plan with a drawn jury panel (Xiang Hu Bao payouts scaled 1:1000, Kleros-style panel)',
    names: { 'zh-CN': '演示抽选评审团计划（相互宝金额按 1:1000 缩小，Kleros 式评审团）', en: 'Demo plan with a drawn jury panel (Xiang Hu Bao payouts scaled 1:1000, Kleros-style panel)' },
    preset: 'critical-illness', overrides: DEMO_PANEL_OVERRIDES,
  }, act('plan', 'admin:demo', t(0)));
  const today = localDateOf(p.at, 'Asia/Shanghai');
  const adults = p.people.filter((x) => ageOn(x.birthDate, today) >= 25);
  // One adult of each of several families: the claimant's family is never on its own panel.
  const byPayer = new Map<string, HistoryPerson>();
  for (const a of adults.slice(40)) if (!byPayer.has(a.payer) && byPayer.size < 8) byPayer.set(a.payer, a);
  const members = [...byPayer.values()];
  await enrolBulk(db, DEMO_PANEL_PLAN, members, act('enrol', 'admin:demo', t(30)));
  await join(db, { plan: DEMO_PANEL_PLAN, person: p.member.person, payer: p.member.payer, birthDate: p.member.birthDate, declaration: { none: false } },
    act('join:member', 'member:demo', t(60)));
  const [claimant, ...rest] = members;
  const jurors = rest.slice(0, DEMO_PANEL_SIZE - 1);
  await importQualifiedJurors(db, { plan: DEMO_PANEL_PLAN, persons: [p.member.person, ...jurors.map((j) => j.person)] }, act('jurors', 'admin:demo', t(90)));
  return { claimant: claimant!, jurors };
}

/**
 * The panel case, shortly before `now`: a claim filed, investigated and rejected, the claimant's
 * appeal, and the draw (openAppeal draws round 0 from the plan's latest notice). Returns the case id.
 */
export async function seedPanelCase(ctx: ServerContext, p: { plan: PanelPlan; now: Date; investigator: string; operator: string; step: (t: Date) => Promise<void> }): Promise<string> {
  const db = ctx.db;
  const t = (minutesBefore: number) => new Date(p.now.getTime() - minutesBefore * 60_000);
  const ref = 'DEMO-P1';
  const today: LocalDate = localDateOf(p.now, 'Asia/Shanghai');
  await p.step(t(80));
  await fileClaim(db, { plan: DEMO_PANEL_PLAN, claim: ref, person: p.plan.claimant.person, diagnosedOn: addDays(today, -6), severity: 'severe', cause: 'accident', diseaseCode: 'brain-surgery' },
    act(`file:${ref}`, 'member:demo', t(80)));
  await recordFindings(db, { claim: ref, findings: 'The hospital confirms the surgery after a fall from a ladder; the claimant\'s landlord says the ladder fell a week before the stated date.' },
    act(`find:${ref}`, p.investigator, t(70)));
  await rejectClaim(db, { claim: ref, reason: 'The date of the accident given in the claim does not match the landlord\'s statement.' }, act(`decide:${ref}`, p.operator, t(60)));
  await p.step(t(50));
  const k = await openAppeal(db, { claim: ref }, act(`appeal:${ref}`, 'member:demo', t(50)));
  return k.id;
}
