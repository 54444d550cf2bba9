/**
 * The demo's jury history, made through the real services while the real calendar runs: a member
 * challenges an announced case during its notice, a second operator dismisses the challenge, the
 * member appeals to the jury, the seeded jurors vote and the calendar closes the vote with a
 * verdict; then a claim is rejected and its claimant's appeal is left open, one vote short of
 * the quorum, for a person trying the demo to cast the deciding vote.
 */
import { demoStopInstant } from '../../domain/demo-clock.ts';
import { addDays, ageOn, localDateOf, startOfDay, type LocalDate } from '../../domain/local-date.ts';
import type { Vote } from '../../jury/commit-reveal.ts';
import { getPlan } from '../../repositories/plans-repo.ts';
import { decideChallenge, fileChallenge } from '../../services/challenges-service.ts';
import { approveClaim, fileClaim, recordFindings, rejectClaim } from '../../services/claims-service.ts';
import type { Action } from '../../services/idempotent.ts';
import { openAppeal } from '../../services/jury/appeals.ts';
import { importQualifiedJurors } from '../../services/jury/qualification.ts';
import { castVote } from '../../services/jury/voting.ts';
import type { ServerContext } from '../context.ts';
import { DEMO_JURY_QUORUM, DEMO_PLAN } from '../../domain/demo-plan.ts';

export interface HistoryPerson { person: string; payer: string; birthDate: LocalDate }

export interface HistoryInput {
  /** The calendar has run up to this day; the history starts here. It needs about three weeks before `now`. */
  from: LocalDate;
  now: Date;
  /** The population (persons of the bulk enrolment), claimants and jurors are taken from it. */
  people: HistoryPerson[];
  /** The demo member's own person ref: the challenger. */
  challenger: { person: string; actor: string };
  approver: string;
  /** A second operator: the one who approved a claim may not judge a challenge against it. */
  judge: string;
  investigator: string;
  /** Runs the calendar up to an instant. */
  step: (t: Date) => Promise<void>;
}

/** The refs the history made, for the tests and the printed summary. */
export interface History { challengedClaim: string; challenge: string; decidedCase: string; rejectedClaim: string; openCase: string }

const EVIDENCE = Buffer.from('%PDF-1.4\n% demo evidence: the hospital records show treatment of this illness before joining\n%%EOF\n');

export async function seedHistory(ctx: ServerContext, h: HistoryInput): Promise<History> {
  const db = ctx.db;
  const plan = await getPlan(db, DEMO_PLAN);
  const tz = plan.rules.timeZone;
  const at = (d: LocalDate, hour: number) => new Date(startOfDay(d, tz).getTime() + hour * 3_600_000);
  const act = (key: string, actor: string, t: Date): Action => ({ key: `demo:history:${key}`, actor, at: t });
  const adults = h.people.filter((p) => ageOn(p.birthDate, h.from) >= 20);
  const [claimant1, claimant2] = [adults[7]!, adults[11]!];
  const parties = new Set([claimant1.payer, claimant2.payer]);
  const jurors = adults.filter((p) => !parties.has(p.payer)).slice(20, 32);
  await importQualifiedJurors(db, { plan: DEMO_PLAN, persons: jurors.map((j) => j.person) }, act('jurors', 'admin:demo', at(h.from, 8)));

  // A claim approved before the next announcement, so that it is in that notice.
  const ref1 = 'DEMO-H1';
  await fileClaim(db, { plan: DEMO_PLAN, claim: ref1, person: claimant1.person, diagnosedOn: addDays(h.from, -3), severity: 'severe', cause: 'accident', diseaseCode: 'brain-surgery' },
    act(`file:${ref1}`, 'member:demo', at(h.from, 10)));
  await recordFindings(db, { claim: ref1, findings: 'Hospital records checked on site; an accident on a building site, surgery the same day.' }, act(`find:${ref1}`, h.investigator, at(h.from, 14)));
  await approveClaim(db, { claim: ref1, reason: 'Covered illness confirmed by investigation.' }, act(`decide:${ref1}`, h.approver, at(h.from, 16)));
  const announced = demoStopInstant(plan.rules, h.from, 'announcement').day;

  // In the notice: the demo member challenges it; a second operator dismisses the challenge.
  await h.step(at(announced, 9));
  const challenge = 'DEMO-CH1';
  await fileChallenge(db, {
    challenge, claim: ref1, person: h.challenger.person,
    reason: 'I know the claimant: the injury happened before joining, at home, not on a building site.',
    documents: [{ name: 'neighbour-statement.pdf', mediaType: 'application/pdf', content: EVIDENCE }],
  }, act(`challenge:${challenge}`, h.challenger.actor, at(announced, 10)));
  const day2 = addDays(announced, 1);
  await h.step(at(day2, 9));
  await decideChallenge(db, { challenge, upheld: false, reason: 'The site foreman and the hospital confirm the date of the accident; the statement gives none.' },
    act(`decide:${challenge}`, h.judge, at(day2, 11)));

  // The member appeals to the jury; the jurors uphold the operator (pay), and the calendar closes the vote.
  const case1 = await openAppeal(db, { claim: ref1, challenge }, act(`appeal:${challenge}`, h.challenger.actor, at(day2, 15)));
  await voteAll(ctx, case1.id, jurors.slice(0, 7), ['pay', 'pay', 'reject', 'pay', 'pay', 'reject', 'pay'], at(day2, 16));
  const day4 = addDays(announced, 3);
  await h.step(at(day4, 9));

  // A rejected claim whose claimant appeals near the end; four jurors have voted, one more makes the quorum.
  const ref2 = 'DEMO-H2';
  await fileClaim(db, { plan: DEMO_PLAN, claim: ref2, person: claimant2.person, diagnosedOn: addDays(day4, -4), severity: 'severe', cause: 'accident', diseaseCode: 'brain-surgery' },
    act(`file:${ref2}`, 'member:demo', at(day4, 10)));
  await recordFindings(db, { claim: ref2, findings: 'The hospital confirms the craniotomy after a fall; the employer reports the claimant was not at work on the day of the fall.' }, act(`find:${ref2}`, h.investigator, at(day4, 15)));
  await rejectClaim(db, { claim: ref2, reason: 'The account of the accident does not match the employer\'s records.' }, act(`decide:${ref2}`, h.approver, at(addDays(day4, 1), 16)));
  const opened = new Date(h.now.getTime() - 2 * 3_600_000);
  await h.step(opened);
  const case2 = await openAppeal(db, { claim: ref2 }, act(`appeal:${ref2}`, 'member:demo', opened));
  await voteAll(ctx, case2.id, jurors.slice(7, 7 + DEMO_JURY_QUORUM - 1), ['pay', 'reject', 'pay', 'reject'], new Date(opened.getTime() + 30 * 60_000));
  return { challengedClaim: ref1, challenge, decidedCase: case1.id, rejectedClaim: ref2, openCase: case2.id };
}

async function voteAll(ctx: ServerContext, caseId: string, jurors: HistoryPerson[], votes: Vote[], start: Date): Promise<void> {
  for (const [i, j] of jurors.entries()) {
    const t = new Date(start.getTime() + i * 7 * 60_000);
    await castVote(ctx.db, { case: caseId, person: j.person, vote: votes[i % votes.length]! }, { key: `demo:history:vote:${caseId}:${i}`, actor: 'member:demo', at: t });
  }
}

/** The first day of the history: three weeks before today, so that a notice, a charge and a closed vote fit before now. */
export function historyStart(now: Date, timeZone: string): LocalDate {
  return addDays(localDateOf(now, timeZone), -21);
}
