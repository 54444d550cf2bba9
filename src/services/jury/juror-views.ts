/**
 * What jurors see: the cases a member may act on now, and a case as jurors read it (redacted by
 * src/jury/redaction.ts; parties and jurors not drawn are refused).
 */
import type { Queryable } from '../../db/database.ts';
import { payoutFor } from '../../domain/claim-rules.ts';
import { HuzhuError } from '../../domain/errors.ts';
import { ageOn, localDateOf } from '../../domain/local-date.ts';
import { assertJurorEligible, hasConflictOfInterest, jurorEligibility } from '../../jury/qualification.ts';
import { jurorView, type FullClaimRecord, type JurorCaseView } from '../../jury/redaction.ts';
import { getClaimByRef } from '../../repositories/claims-repo.ts';
import { findReport } from '../../repositories/investigation-repo.ts';
import * as jurorsRepo from '../../repositories/jurors-repo.ts';
import * as repo from '../../repositories/jury-repo.ts';
import { getMembership } from '../../repositories/members-repo.ts';
import { getPlan, type Plan } from '../../repositories/plans-repo.ts';
import { candidateOf, caseIdOf, jurorParty, partiesOf, personOf } from './jury-facts.ts';

export interface JurorCaseItem {
  id: string;
  plan: string;
  mode: repo.CaseMode;
  round: number;
  phase: 'vote' | 'commit' | 'reveal';
  commitClosesAt: string | null;
  closesAt: string;
  /** What this juror has done in the round: nothing yet, committed, or voted (revealed). */
  mine: 'none' | 'committed' | 'voted';
}

/** The cases a member may act on as a juror now: open votes of plans where they are eligible and have no conflict; panel rounds where drawn. */
export async function jurorCases(db: Queryable, personRef: string, at: Date): Promise<JurorCaseItem[]> {
  const person = await repo.personByRef(db, personRef);
  if (!person) return [];
  const jurors = await jurorsRepo.jurorsOfPerson(db, person.id);
  if (!jurors.length) return [];
  const eligiblePlans: string[] = [];
  for (const j of jurors) {
    const plan = await getPlan(db, j.planId);
    const f = await jurorsRepo.jurorFacts(db, plan.id, plan.rules.decisions.jury.quiz.bankId, person.id);
    const on = localDateOf(at, plan.rules.timeZone);
    if (f && jurorEligibility(plan.rules.decisions.jury, candidateOf(f, on), on).eligible) eligiblePlans.push(plan.id);
  }
  const rows = await repo.casesForJuror(db, jurors.map((j) => j.id), eligiblePlans, at);
  const out: JurorCaseItem[] = [];
  for (const r of rows) {
    const k = await repo.getCase(db, r.caseId);
    const juror = jurors.find((j) => j.planId === k.planId)!;
    if (r.mode === 'open') {
      const f = await jurorsRepo.jurorFacts(db, k.planId, '', person.id);
      if (!f || hasConflictOfInterest(jurorParty(f), await partiesOf(db, k)) || person.id === k.appellantPersonId) continue;
    }
    const v = await repo.findVote(db, r.caseId, r.round, juror.id);
    const phase = r.mode === 'open' ? 'vote' : at.getTime() < r.commitClosesAt!.getTime() ? 'commit' : 'reveal';
    out.push({
      id: String(r.caseId), plan: r.planId, mode: r.mode, round: r.round, phase, commitClosesAt: r.commitClosesAt?.toISOString() ?? null,
      closesAt: r.closesAt.toISOString(), mine: v === undefined ? 'none' : v.vote !== null ? 'voted' : 'committed',
    });
  }
  return out;
}

/**
 * The case as a juror sees it (redaction.ts jurorView: masked name, no ID number, phone or
 * address; PERSONAL_DATA if anything slips). Parties, and panel jurors not drawn, are refused
 * (NOT_ENTITLED); in open mode the reader must qualify now.
 * `reveal` decrypts the claimant's ID number so the scanner can look for it; it never leaves here.
 */
export async function jurorCaseView(db: Queryable, input: { case: string; person: string }, at: Date, reveal: (idCipher: string) => string): Promise<JurorCaseView & { mode: repo.CaseMode; round: number | null; status: 'open' | 'final' }> {
  const id = caseIdOf(input.case);
  const k = await repo.getCase(db, id);
  const plan = await getPlan(db, k.planId);
  const person = await personOf(db, input.person);
  const f = await jurorsRepo.jurorFacts(db, plan.id, plan.rules.decisions.jury.quiz.bankId, person.id);
  const parties = await partiesOf(db, k);
  const payer = f?.payerId ?? (await repo.payerInPlan(db, plan.id, person.id));
  if (hasConflictOfInterest(jurorParty({ personId: person.id, payerId: payer }), parties) || person.id === k.appellantPersonId) {
    throw new HuzhuError('NOT_ENTITLED', 'a party to the case (the claimant\'s payer account or family, or the challenger) may not read it as a juror');
  }
  const rounds = await repo.roundsOf(db, id);
  if (k.mode === 'panel') {
    const juror = await jurorsRepo.findJuror(db, plan.id, person.id);
    const drawn = juror !== undefined && (await repo.drawsOf(db, id)).some((d) => d.panel.includes(juror.pseudonym));
    if (!drawn) throw new HuzhuError('NOT_ENTITLED', `only the jurors drawn for case ${id} may read it`);
  } else if (k.mode === 'open') {
    if (!f) throw new HuzhuError('NOT_QUALIFIED', `not qualified as a juror of plan ${plan.id}: the qualification quiz has not been passed`);
    const on = localDateOf(at, plan.rules.timeZone);
    assertJurorEligible(plan.rules.decisions.jury, candidateOf(f, on), on);
  } else {
    throw new HuzhuError('NOT_ENTITLED', `case ${id} was decided outside the system; there is nothing for jurors to read`);
  }
  const view = jurorView(await fullRecord(db, plan, k, reveal));
  return { ...view, mode: k.mode, round: rounds.length ? rounds[rounds.length - 1]!.round : null, status: k.status };
}

async function fullRecord(q: Queryable, plan: Plan, k: repo.JuryCaseRow, reveal: (idCipher: string) => string): Promise<FullClaimRecord> {
  const c = await getClaimByRef(q, k.claimRef);
  const parties = await repo.claimParties(q, c.id);
  const person = (await personOf(q, parties.claimantRef));
  const profile = await repo.claimantProfile(q, parties.claimantRef);
  const m = c.membershipId === null ? null : await getMembership(q, c.membershipId);
  const challenge = k.challengeId === null ? null : await repo.challengeById(q, k.challengeId);
  const report = await findReport(q, c.id);
  const payout = c.payoutFen ?? payoutFor(plan.rules, c.severity, c.ageAtDiagnosis ?? ageOn(person.birthDate, c.diagnosedOn)) ?? 0n;
  return {
    caseId: String(k.id), claimId: c.ref,
    claimant: {
      name: profile?.name ?? '', idNumber: profile ? reveal(profile.idCipher) : '', phone: profile?.phone ?? '', address: '',
      birthDate: person.birthDate, province: profile?.province ?? '',
    },
    joinedOn: m?.joinedOn ?? c.diagnosedOn, waitingEndsOn: m?.waitingEndsOn ?? c.diagnosedOn, diagnosedOn: c.diagnosedOn,
    disease: c.diseaseCode, severity: c.severity, cause: c.cause, payoutFen: payout,
    dispute: {
      kind: k.kind,
      decisionReason: (k.kind === 'challenge-dismissed' ? challenge?.decisionReason : c.reason) ?? '',
      challengeReason: challenge?.reason ?? null,
    },
    investigation: report ? { summary: report.summary, documents: report.documents } : null,
  };
}
