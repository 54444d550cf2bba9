/**
 * Who may do what in the jury, asked in one line at the top of every jury action a member's
 * account takes (requireJuryAccess): acting as a juror through the account's own real-name
 * profile (relation `self`), speaking for the claimant or the challenger of a case, appealing a
 * claim of the account's people or a challenge its payer filed. Each grant returns what the
 * action needs (the person ref, the side, the claim).
 */
import type { Queryable } from '../../db/database.ts';
import { HuzhuError } from '../../domain/errors.ts';
import { caseStatus, type Side } from '../../jury/voting.ts';
import * as repo from '../../repositories/jury-repo.ts';
import { getPlan } from '../../repositories/plans-repo.ts';
import type { Principal } from '../../domain/principal.ts';
import { claimOfAccount } from '../../repositories/member-queries.ts';
import { claimOfChallenge } from './appeals.ts';
import { caseIdOf, juryCase } from './jury-facts.ts';

export type JuryAccessRequest =
  /** The account's own profile acting as a juror; with `case`, that case must exist (checked first). */
  | { as: 'juror'; case?: string }
  /** The account's own profile if it has one (reading one's own standing: no profile is no standing, not an error). */
  | { as: 'member' }
  /** The claimant's or the challenger's side of a case (appealing a panel's ruling at `at`). */
  | { as: 'case-party'; case: string; at: Date }
  /** A claim of one of the account's people (the claimant's appeal). */
  | { as: 'claimant'; claim: string }
  /** A challenge the account's payer filed (the challenger's appeal). */
  | { as: 'challenger'; challenge: string };

export interface JuryAccessGrant {
  juror: { person: string };
  member: { person: string | null };
  'case-party': { side: Side };
  claimant: { claim: string; person: string };
  challenger: { claim: string };
}

/** NOT_FOUND or NOT_ENTITLED unless the principal may act so; returns what the action needs. */
export async function requireJuryAccess<R extends JuryAccessRequest>(db: Queryable, principal: Principal, request: R): Promise<JuryAccessGrant[R['as']]> {
  return (await grant(db, principal, request)) as JuryAccessGrant[R['as']];
}

async function grant(db: Queryable, principal: Principal, r: JuryAccessRequest): Promise<JuryAccessGrant[keyof JuryAccessGrant]> {
  switch (r.as) {
    case 'juror': {
      if (r.case !== undefined) await requireJuryCase(db, r.case);
      const self = await repo.selfPersonOfAccount(db, principal.accountId);
      if (!self) throw new HuzhuError('NOT_FOUND', 'person: add your own real-name profile (relation "self") first', { field: 'person' });
      return { person: self.personRef };
    }
    case 'member':
      return { person: (await repo.selfPersonOfAccount(db, principal.accountId))?.personRef ?? null };
    case 'case-party':
      return { side: await sideOfAccount(db, r.case, principal.accountId, r.at) };
    case 'claimant': {
      const c = await claimOfAccount(db, principal.accountId, r.claim);
      if (!c) throw new HuzhuError('NOT_FOUND', `claim: "${r.claim}" is not one of this account's claims`, { field: 'ref' });
      return { claim: c.ref, person: c.personRef };
    }
    case 'challenger': {
      const h = await claimOfChallenge(db, r.challenge);
      if (!h || h.payerId !== principal.payerId) throw new HuzhuError('NOT_FOUND', `challenge: "${r.challenge}" is not one of this account's challenges`, { field: 'ref' });
      return { claim: h.claim };
    }
  }
}

/** NOT_FOUND unless the jury case exists (checked before anything about the caller). */
async function requireJuryCase(db: Queryable, caseId: string): Promise<void> {
  await repo.getCase(db, caseIdOf(caseId));
}

/**
 * Which side a server account speaks for in a case: the claimant (the account manages the
 * claimant, or pays for them) or the challenger (the account pays for the challenger). NOT_ENTITLED
 * when neither; when both, the side that may appeal now.
 */
async function sideOfAccount(db: Queryable, caseId: string, accountId: bigint, at: Date): Promise<Side> {
  const id = caseIdOf(caseId);
  const k = await repo.getCase(db, id);
  const p = await repo.claimParties(db, k.claimId);
  const claimant = await repo.accountActsFor(db, accountId, p.claimantPersonId, p.claimantPayerId);
  const h = k.challengeId === null ? undefined : await repo.challengeById(db, k.challengeId);
  const challenger = h !== undefined && (await repo.accountActsFor(db, accountId, h.personId, h.payerId));
  if (claimant && challenger) {
    const plan = await getPlan(db, k.planId);
    const st = caseStatus((await juryCase(db, k)).jc, plan.rules.decisions.jury, at);
    return !st.final && st.awaiting === 'appeal-or-deadline' ? st.side : 'claimant';
  }
  if (claimant) return 'claimant';
  if (challenger) return 'challenger';
  throw new HuzhuError('NOT_ENTITLED', `only the claimant or the challenger of case ${id} may appeal its ruling`);
}
