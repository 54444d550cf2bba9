/**
 * The one error type of huzhu. Every failure a caller can act on has a stable code from
 * the closed list below; `docs/errors.md` documents each one and a test keeps the two in step.
 * Domain code throws HuzhuError; only the edges (CLI, HTTP) decide how to show it.
 */
export const ERROR_CODES = {
  // Input
  VALIDATION: 'Input is malformed or a field is missing or out of range; `field` names it.',
  NOT_FOUND: 'The plan, member, claim or period named does not exist.',
  CONFLICT: 'The request conflicts with the current state (for example a decision on a claim that is no longer pending).',
  // Joining
  NOT_ELIGIBLE_AGE: 'The applicant is outside the plan\'s joining ages on the join date.',
  NOT_ELIGIBLE_HEALTH: 'The health declaration has an answer other than "no".',
  NOT_ELIGIBLE_CREDIT: 'The credit score given is below the plan\'s minimum.',
  ALREADY_MEMBER: 'The person already has an active membership in this plan.',
  NOT_ACTIVE: 'The membership has already ended (left, paid out or removed).',
  TRANSFER_NOT_ALLOWED: 'The move to another plan is refused: the plan offers none, the membership is not active, the member is younger than the plan\'s `transfer.fromAge` on the local date of the move, or already holds an active membership in the plan moved to.',
  // Prepaid plans (issue 13)
  INSUFFICIENT_BALANCE: 'Joining a prepaid plan needs a wallet holding at least the plan\'s `funding.joinDepositFen` at that instant; recharge first (the deposit stays in the wallet).',
  BALANCE_LIMIT: 'The recharge would take the wallet above the plan\'s `funding.maxBalanceFen`; nothing was charged.',
  RECHARGE_FAILED: 'The payment provider did not take the recharge (declined, or it cannot answer at once); nothing changed.',
  NOT_PREPAID: 'The plan is post-paid: it has no wallets to recharge.',
  // Wind-down (issue 13)
  PLAN_CLOSING: 'The plan is winding down or closed: from the start of its wind-down no join, move into it or recharge is accepted.',
  AFTER_CUT_OFF: 'The plan is winding down and the illness or accident was diagnosed after its cut-off date; only claims diagnosed on or before it are covered.',
  CLAIM_WINDOW_CLOSED: 'The plan is winding down and the claim was filed after its claim window ended (the end of the cut-off date plus `claimWindowDays`, 180 by default, in the plan\'s zone).',
  // Claims
  NOT_A_MEMBER: 'The membership was not active when the claim was filed.',
  PRE_EXISTING: 'The illness was diagnosed before the join date.',
  WAITING_PERIOD: 'An illness was diagnosed before the waiting period ended.',
  DUPLICATE_PAYOUT: 'The membership already has a payout that excludes this one (a severe payout, or a second mild one).',
  // Investigation, challenges and the jury
  FOUR_EYES: 'The person deciding a claim or a challenge was involved in the claim earlier, in any role (a finding, the report, the decision, a challenge filed or decided); a different person must decide.',
  WINDOW_CLOSED: 'The challenge or appeal window is not open at this time (a challenge runs from the announcement day to the charge date; an appeal for 30 days after the decision; a vote on a rule change from its confirmation until, not including, its close).',
  NOT_ENTITLED: 'The person may not take this step: a challenge by someone who is not an active member or against their own claim, an appeal by someone who is not the losing party, or a vote on a rule change by someone who had no active membership when the vote opened.',
  NOT_QUALIFIED: 'The member does not qualify as a juror now (age, tenure, a fraud finding, no passed quiz, or too many missed votes).',
  NOT_DRAWN: 'The juror was not drawn for this case and round.',
  WRONG_PHASE: 'A vote, commitment or reveal arrived outside its phase, or a result was asked for before the vote closed.',
  ALREADY_VOTED: 'The juror has already voted, committed or revealed in this round, or the membership has already voted on this rule change.',
  REVEAL_MISMATCH: 'The revealed vote, justification and salt do not hash to the juror\'s commitment.',
  NOT_ENOUGH_JURORS: 'Too few eligible jurors remain after exclusions to draw the panel.',
  PERSONAL_DATA: 'A text bound for the public log or the juror view holds personal data (a name, ID number, phone, e-mail or address of the claimant or family, or any ID or mobile number); `field` names it; rephrase it.',
  // Calendar and money
  OUT_OF_ORDER: 'A period or event would be processed before an earlier one.',
  BOOKS_UNBALANCED: 'The ledger check found an unbalanced entry or a mismatch between a period and its charges.',
  DEMO_ONLY: 'The demo clock moves only on a demo installation (one seeded with the demo platform); this server keeps real time.',
  // The transparency log's witnesses
  UNKNOWN_WITNESS: 'A cosignature is by a key that is not one of the witnesses the log accepts (HUZHU_LOG_WITNESSES).',
  UNKNOWN_CHECKPOINT: 'The cosigned checkpoint is not one the log signed: no signed checkpoint has that text (origin, size and root hash).',
  BAD_SIGNATURE: 'A witness\'s cosignature line does not verify over the checkpoint with the key it names.',
  // Access (the server)
  UNAUTHENTICATED: 'No valid session: log in and send the session cookie or an `Authorization: Bearer` token.',
  FORBIDDEN: 'The session\'s role may not call this route.',
  CROSS_SITE: 'A state-changing request carrying the session cookie came from another site (by its Origin or Sec-Fetch-Site header); send it from the platform\'s own pages, or authenticate with `Authorization: Bearer`.',
  RATE_LIMITED: 'Too many requests of this kind from this address, or too many failed log-ins for this e-mail or address (the wait doubles with each failure); wait and retry.',
  IDEMPOTENCY_CONFLICT: 'The Idempotency-Key was already used for a different request, or that request is still running.',
  // Transport (the server)
  PAYLOAD_TOO_LARGE: 'The request body is larger than the route accepts.',
  UNSUPPORTED_MEDIA_TYPE: 'The request body\'s Content-Type is not one the route accepts.',
  INTERNAL: 'An unexpected failure; nothing was written. Report it with the time it happened.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class HuzhuError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: { field?: string; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HuzhuError';
    this.code = code;
    this.field = options.field;
    this.details = options.details;
  }

  toJSON(): { code: ErrorCode; message: string; field?: string } {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }
}

export function isHuzhuError(e: unknown): e is HuzhuError {
  return e instanceof HuzhuError;
}

/**
 * Shorthand for the commonest throw: bad input in a named field. `label` begins the message when
 * it is spelt differently from the field (a wire format's own name: "tlog-proof" for tlogProof).
 */
export function invalid(field: string, message: string, label: string = field): HuzhuError {
  return new HuzhuError('VALIDATION', `${label}: ${message}`, { field });
}
