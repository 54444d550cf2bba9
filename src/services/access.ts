/**
 * Who may do what to which thing. A service acting for a caller asks first, in one line:
 *
 *   const claim = await requireAccess(db, principal, 'claim.read', ref);
 *
 * and gets the thing back, or an error. Another account's claim, person or membership is "not
 * found" (NOT_FOUND), exactly as a thing that does not exist, so that nobody learns what others
 * hold; a role the route admits but the thing does not (an investigator and a claim not assigned
 * to them) is not found too. The route's role rule (server/access.ts) has already run.
 */
import type { Queryable } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import type { Principal } from '../domain/principal.ts';
import { claimOfAccount, claimView, membershipOfPayer, type ClaimView, type MembershipView } from '../repositories/member-queries.ts';
import { findProfile, type PersonProfile } from '../repositories/people-repo.ts';
import { findAccount, type Account } from '../repositories/accounts-repo.ts';
import { assignmentOf } from '../repositories/claim-assignments-repo.ts';
import { findPlan } from '../repositories/plans-repo.ts';

/** A claim as staff see it, with its investigator. */
export interface ReviewedClaim { claim: ClaimView; investigatorId: bigint | null }

/** What each permission grants access to, and what it is asked about. */
interface Grants {
  /** A claim of one of the people the account manages (by claim ref). */
  'claim.read': { id: string; grants: ClaimView };
  /** Add evidence to such a claim (by claim ref). */
  'claim.evidence': { id: string; grants: ClaimView };
  /** Staff: read, investigate and decide a claim; an investigator only one assigned to them (by claim ref). */
  'claim.review': { id: string; grants: ReviewedClaim };
  /** Act for one of the account's people: join a plan, file a claim, challenge (by person id). */
  'person.act': { id: bigint; grants: PersonProfile };
  /** Leave a membership the account pays for (by membership id). */
  'membership.quit': { id: bigint; grants: MembershipView };
  /** Move a membership the account pays for to the plan its plan's `transfer` setting names (by membership id). */
  'membership.transfer': { id: bigint; grants: MembershipView };
  /** Vote on a rule change for a membership the account pays for (by membership id). */
  'membership.vote': { id: bigint; grants: MembershipView };
  /** The bill proofs of a membership the account pays for in one plan (by membership id and plan). */
  'membership.bills': { id: { membership: bigint; plan: string }; grants: MembershipView };
  /** The account's own wallet in a prepaid plan (by plan id; issue 13): the payer it pays as. */
  'wallet.own': { id: string; grants: { planId: string; payerId: bigint } };
  /** Admin: an account (by account id); which roles may is the route's rule. */
  'account.manage': { id: bigint; grants: Account };
}

export type Permission = keyof Grants;

/** The thing `id` names if `principal` may do `permission` to it; NOT_FOUND (or FORBIDDEN for a staff account without a payer) otherwise. */
export async function requireAccess<P extends Permission>(db: Queryable, principal: Principal, permission: P, id: Grants[P]['id']): Promise<Grants[P]['grants']> {
  const check = checks[permission] as (db: Queryable, p: Principal, id: Grants[P]['id']) => Promise<Grants[P]['grants']>;
  return check(db, principal, id);
}

const checks: { [P in Permission]: (db: Queryable, p: Principal, id: Grants[P]['id']) => Promise<Grants[P]['grants']> } = {
  'claim.read': ownClaim,
  'claim.evidence': ownClaim,
  'claim.review': reviewedClaim,
  'person.act': async (db, p, id) => {
    const person = await findProfile(db, p.accountId, id);
    if (!person) throw new HuzhuError('NOT_FOUND', 'person: not one of this account\'s people', { field: 'person' });
    return person;
  },
  'membership.quit': ownMembership,
  'membership.transfer': ownMembership,
  'membership.vote': async (db, p, id) => {
    const m = await membershipOfPayer(db, payerOf(p), id);
    if (!m) throw new HuzhuError('NOT_FOUND', 'membership: not one this account pays for', { field: 'membership' });
    return m;
  },
  'membership.bills': async (db, p, id) => {
    const m = await membershipOfPayer(db, payerOf(p), id.membership);
    if (!m || m.planId !== id.plan) throw new HuzhuError('NOT_FOUND', 'membership: not one this account pays for in this plan', { field: 'membership' });
    return m;
  },
  'wallet.own': async (db, p, id) => {
    const payerId = payerOf(p);
    const plan = await findPlan(db, id);
    if (!plan) throw new HuzhuError('NOT_FOUND', `plan: "${id}" does not exist`, { field: 'plan' });
    return { planId: plan.id, payerId };
  },
  'account.manage': async (db, _p, id) => {
    const a = await findAccount(db, id);
    if (!a) throw new HuzhuError('NOT_FOUND', `account ${id} does not exist`, { field: 'id' });
    return a;
  },
};

async function ownMembership(db: Queryable, p: Principal, id: bigint): Promise<MembershipView> {
  const m = await membershipOfPayer(db, payerOf(p), id);
  if (!m) throw new HuzhuError('NOT_FOUND', 'membership: not one this account pays for', { field: 'id' });
  return m;
}

async function ownClaim(db: Queryable, p: Principal, ref: string): Promise<ClaimView> {
  const c = await claimOfAccount(db, p.accountId, ref);
  if (!c) throw new HuzhuError('NOT_FOUND', `claim: "${ref}" is not one of this account's claims`, { field: 'ref' });
  return c;
}

async function reviewedClaim(db: Queryable, p: Principal, ref: string): Promise<ReviewedClaim> {
  const c = await claimView(db, ref);
  if (!c) throw new HuzhuError('NOT_FOUND', `claim: "${ref}" does not exist`, { field: 'ref' });
  const a = await assignmentOf(db, c.id);
  if (p.role === 'investigator' && a?.investigatorId !== p.accountId) throw new HuzhuError('NOT_FOUND', `claim: "${ref}" is not assigned to you`, { field: 'ref' });
  return { claim: c, investigatorId: a?.investigatorId ?? null };
}

/** The payer a member account pays as; staff accounts hold no memberships. */
export function payerOf(p: Principal): bigint {
  if (p.payerId === null) throw new HuzhuError('FORBIDDEN', 'this account has no payer (staff accounts hold no memberships)');
  return p.payerId;
}
