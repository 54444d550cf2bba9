/** Small builders for replay scenarios in tests (times are local Asia/Shanghai, +08:00). */
export type Ev = Record<string, unknown> & { at: string; type: string };

export const t = (local: string): string => (local.length === 10 ? `${local}T10:00:00+08:00` : `${local}+08:00`);

export const joinEv = (at: string, member: string, birthDate: string, extra: Record<string, unknown> = {}): Ev =>
  ({ at: t(at), type: 'join', plan: 'ci', member, payer: member, birthDate, ...extra });
export const quitEv = (at: string, member: string): Ev => ({ at: t(at), type: 'quit', plan: 'ci', member });
export const claimEv = (at: string, claim: string, member: string, diagnosedOn: string, severity = 'severe', cause = 'illness'): Ev =>
  ({ at: t(at), type: 'claim', plan: 'ci', claim, member, diagnosedOn, severity, cause });
export const approveEv = (at: string, claim: string): Ev => ({ at: t(at), type: 'approve', claim });
export const rejectEv = (at: string, claim: string, reason: string): Ev => ({ at: t(at), type: 'reject', claim, reason });
export const failsEv = (at: string, payer: string): Ev => ({ at: t(at), type: 'payerFails', payer });
export const recoversEv = (at: string, payer: string): Ev => ({ at: t(at), type: 'payerRecovers', payer });

/** Events sorted by time (stable: events at the same instant keep their order). */
export const inTimeOrder = (events: Ev[]): Ev[] =>
  events.map((e, i) => ({ e, i, t: new Date(e.at).getTime() })).sort((a, b) => a.t - b.t || a.i - b.i).map((x) => x.e);

export function scenario(events: Ev[], until: string, rules: Record<string, unknown> = {}, preset = 'critical-illness') {
  return { plans: [{ id: 'ci', preset, ...(Object.keys(rules).length ? { rules } : {}) }], until, events: inTimeOrder(events) };
}
export const challengeEv = (at: string, claim: string, member: string, reason = 'the record predates joining'): Ev => ({ at: t(at), type: 'challenge', claim, member, reason });
export const challengeResolvedEv = (at: string, claim: string, upheld: boolean): Ev => ({ at: t(at), type: 'challengeResolved', claim, upheld });
export const appealEv = (at: string, claim: string): Ev => ({ at: t(at), type: 'appeal', claim });
export const verdictEv = (at: string, claim: string, pay: boolean, votesFor: number, votesAgainst: number): Ev =>
  ({ at: t(at), type: 'verdict', claim, pay, votesFor, votesAgainst });
export const proposeEv = (at: string, proposal: string, rules: Record<string, unknown>, effectiveOn: string): Ev =>
  ({ at: t(at), type: 'propose', plan: 'ci', proposal, rules, effectiveOn });
export const voteEv = (at: string, proposal: string, member: string, inFavour: boolean): Ev => ({ at: t(at), type: 'vote', proposal, member, inFavour });
