/**
 * Runs a scenario through the real engine on a fresh in-memory database and reports every
 * period, member, claim and join, plus whether the books balance. This is how an auditor
 * recomputes the published record.
 */
import { openDb, type Db } from '../db/database.ts';
import { HuzhuError, isHuzhuError } from '../domain/errors.ts';
import { addDays, localDateOf, parseInstant, parseLocalDate, startOfDay } from '../domain/local-date.ts';
import { rulesFor } from '../domain/plan-rules.ts';
import { simulatedProvider } from '../payments/simulated-provider.ts';
import { findPayerId } from '../repositories/members-repo.ts';
import { getPlan, planIds } from '../repositories/plans-repo.ts';
import { checkBooks } from '../services/books-check.ts';
import { advanceTo } from '../services/calendar-runner.ts';
import { approveClaim, fileClaim, rejectClaim } from '../services/claims-service.ts';
import { retryPayments, setPayerFailing } from '../services/collections.ts';
import { join, quit, transfer } from '../services/membership-service.ts';
import { createPlan } from '../services/plans-service.ts';
import { recharge } from '../services/wallets.ts';
import { parseScenario, type ReplayEvent, type Scenario } from './scenario.ts';
import { getClaimByRef } from '../repositories/claims-repo.ts';
import { challengesOfClaim } from '../repositories/challenges-repo.ts';
import { decideChallenge, fileChallenge } from '../services/challenges-service.ts';
import { openAppeal, recordVerdict } from '../services/jury/appeals.ts';
import { readReport, type ReplayReport } from './report.ts';
import { confirmProposal, propose, voteAsPerson } from '../services/governance-service.ts';
import { windDownNow } from '../services/wind-down.ts';

/** Refusals that are outcomes of a well-formed event (recorded, not fatal). */
const OUTCOME_CODES = new Set(['NOT_ACTIVE', 'CONFLICT', 'ALREADY_MEMBER', 'WINDOW_CLOSED', 'NOT_ENTITLED', 'ALREADY_VOTED', 'TRANSFER_NOT_ALLOWED',
  'BALANCE_LIMIT', 'RECHARGE_FAILED', 'NOT_PREPAID', 'PLAN_CLOSING']);

export async function replay(input: unknown, opts: { db?: Db } = {}): Promise<ReplayReport> {
  const scenario = parseScenario(input);
  const db = opts.db ?? (await openDb({ dataDir: 'memory' }));
  try {
    return await runScenario(db, scenario);
  } finally {
    if (!opts.db) await db.close();
  }
}

async function runScenario(db: Db, s: Scenario): Promise<ReplayReport> {
  const provider = simulatedProvider();
  const first = s.events[0] ? parseInstant(s.events[0].at) : startOfDay(parseLocalDate(s.until), 'Asia/Shanghai');
  for (const [i, p] of s.plans.entries()) {
    let rules;
    try {
      rules = rulesFor(p.preset, p.rules ?? {});
    } catch (err) {
      throw relabel(err, `plans[${i}]`);
    }
    // The plan exists from 00:00 of the local day of the first event.
    const at = startOfDay(localDateOf(first, rules.timeZone), rules.timeZone);
    await createPlan(db, { id: p.id, name: p.name ?? p.id, preset: p.preset, overrides: p.rules ?? {} }, { key: `plan:${p.id}`, actor: 'replay', at });
  }
  const refused: ReplayReport['refused'] = [];
  for (const [i, e] of s.events.entries()) {
    const at = parseInstant(e.at);
    // A wind-down at A funds every sharing run at or after A: the calendar must not yet have run A's own 00:00.
    await advanceTo(db, provider, e.type === 'windDown' ? new Date(at.getTime() - 1) : at);
    try {
      await apply(db, e, { key: `replay:${i}`, actor: 'replay', at }, provider);
    } catch (err) {
      if (isHuzhuError(err) && OUTCOME_CODES.has(err.code)) refused.push({ event: i, code: err.code, message: err.message });
      else throw relabel(err, `events[${i}]`);
    }
  }
  for (const p of s.plans) {
    const plan = await getPlan(db, p.id);
    await advanceTo(db, provider, new Date(startOfDay(addDays(parseLocalDate(s.until), 1), plan.rules.timeZone).getTime() - 1));
  }
  const books = await checkBooks(db);
  return { ...(await readReport(db, s)), refused, ledger: { balanced: books.ok } };
}

async function apply(db: Db, e: ReplayEvent, action: { key: string; actor: string; at: Date }, provider: ReturnType<typeof simulatedProvider>) {
  switch (e.type) {
    case 'join':
      // A scenario lists the declaration only when it matters; absent means answered all "no".
      return join(db, { plan: e.plan, person: e.member, payer: e.payer, birthDate: e.birthDate, declaration: e.declaration ?? { 'standard-declaration': false }, creditScore: e.creditScore }, action);
    case 'quit':
      return quit(db, { plan: e.plan, person: e.member }, action);
    case 'transfer':
      return transfer(db, { plan: e.plan, person: e.member, toPlan: e.toPlan }, action);
    case 'claim':
      return fileClaim(db, { plan: e.plan, claim: e.claim, person: e.member, diagnosedOn: e.diagnosedOn, severity: e.severity, cause: e.cause, diseaseCode: e.disease ?? '' }, action);
    case 'approve':
      return approveClaim(db, { claim: e.claim, ...(e.reason ? { reason: e.reason } : {}) }, action);
    case 'reject':
      return rejectClaim(db, { claim: e.claim, reason: e.reason }, action);
    case 'recharge':
      return recharge(db, provider, { plan: e.plan, payer: e.payer, amountFen: BigInt(e.amountFen) }, action);
    case 'payerFails':
      return setPayerFailing(db, e.payer, true, action);
    case 'challenge':
      // A scenario records challenges made elsewhere: their evidence is not in the file.
      return fileChallenge(db, { challenge: `${e.claim}/challenge/${action.key}`, claim: e.claim, person: e.member, reason: e.reason }, action, { recorded: true });
    case 'challengeResolved': {
      // The claim's challenge under review; decided by a reviewer other than the approver (four eyes).
      const claim = await getClaimByRef(db, e.claim);
      const open = (await challengesOfClaim(db, claim.id)).filter((h) => h.status === 'under-review');
      if (!open.length) throw new HuzhuError('CONFLICT', `claim: "${e.claim}" has no challenge under review`, { field: 'claim' });
      for (const [k, h] of open.entries()) {
        await decideChallenge(db, { challenge: h.ref, upheld: e.upheld, reason: e.upheld ? 'challenge upheld (replay)' : 'challenge dismissed (replay)' },
          { ...action, key: `${action.key}:${k}`, actor: 'replay-reviewer' }, { recorded: true });
      }
      return;
    }
    case 'appeal':
      return openAppeal(db, { claim: e.claim, recorded: true }, action);
    case 'verdict':
      return recordVerdict(db, { claim: e.claim, pay: e.pay, votesFor: e.votesFor, votesAgainst: e.votesAgainst }, action);
    case 'propose': {
      // Proposed and confirmed at the same instant by two different operators (the replay records a vote held elsewhere).
      await propose(db, { plan: e.plan, proposal: e.proposal, rules: e.rules, effectiveOn: e.effectiveOn, reason: e.reason ?? 'rule change (replay)' },
        { ...action, actor: 'replay-proposer' });
      return confirmProposal(db, { proposal: e.proposal }, { ...action, key: `${action.key}:confirm` });
    }
    case 'windDown':
      return windDownNow(db, { plan: e.plan, id: `wd-${e.plan}`, cutOffOn: e.cutOffOn, refundPastShares: e.refundPastShares, claimWindowDays: e.claimWindowDays }, action);
    case 'vote':
      return voteAsPerson(db, { proposal: e.proposal, person: e.member, inFavour: e.inFavour }, action);
    case 'payerRecovers': {
      await setPayerFailing(db, e.payer, false, action);
      // Collect at once whatever is still open for this payer, in every plan.
      const payerId = (await findPayerId(db, e.payer))!;
      for (const id of await planIds(db)) await retryPayments(db, provider, await getPlan(db, id), action.at, { id: payerId, ref: e.payer }, 'replay');
      return;
    }
  }
}

function relabel(err: unknown, where: string): unknown {
  if (isHuzhuError(err)) {
    const field = err.field ? `${where}.${err.field}` : where;
    return new HuzhuError(err.code, `${where}: ${err.message}`, { field, cause: err });
  }
  return err;
}
