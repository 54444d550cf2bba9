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
  // Claims
  NOT_A_MEMBER: 'The membership was not active when the claim was filed.',
  PRE_EXISTING: 'The illness was diagnosed before the join date.',
  WAITING_PERIOD: 'An illness was diagnosed before the waiting period ended.',
  DUPLICATE_PAYOUT: 'The membership already has a payout that excludes this one (a severe payout, or a second mild one).',
  // Calendar and money
  OUT_OF_ORDER: 'A period or event would be processed before an earlier one.',
  BOOKS_UNBALANCED: 'The ledger check found an unbalanced entry or a mismatch between a period and its charges.',
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

/** Shorthand for the commonest throw: bad input in a named field. */
export function invalid(field: string, message: string): HuzhuError {
  return new HuzhuError('VALIDATION', `${field}: ${message}`, { field });
}
