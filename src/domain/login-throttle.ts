/**
 * Log-in throttling by exponential back-off, per account (the e-mail given) and per address.
 *
 * Why not a lock-out: a lock after 5 wrong passwords let anyone who knew an e-mail lock its owner
 * out for 15 minutes, again and again. Back-off instead makes each further guess wait longer
 * (1 s, 2 s, 4 s, ...): a guesser gets a handful of tries an hour, while the owner waits at most
 * the account's cap (a minute by default) however hard someone else tries. An address that keeps
 * failing waits much longer (its own cap), whatever accounts it tries.
 *
 * Unknown e-mails are throttled exactly like known ones (keyed on the e-mail, not the account), so
 * the answer tells nothing about whether an account exists.
 */

export interface BackOff {
  /** Failures allowed before any wait. */
  freeFailures: number;
  /** The first wait; each further failure doubles it. */
  baseMs: number;
  /** The longest wait. */
  maxMs: number;
  /** After this long with no failure the count starts again. */
  forgetAfterMs: number;
}

export interface ThrottleState {
  failures: number;
  lastFailureAt: number;
}

/** How long after its last failure a key must wait; 0 before `freeFailures`. */
export function backOffMs(failures: number, b: BackOff): number {
  if (failures < b.freeFailures) return 0;
  const exponent = Math.min(failures - b.freeFailures, 40);
  return Math.min(b.maxMs, b.baseMs * 2 ** exponent);
}

function current(s: ThrottleState | undefined, now: number, b: BackOff): ThrottleState | undefined {
  return s === undefined || now - s.lastFailureAt >= b.forgetAfterMs ? undefined : s;
}

/** Milliseconds until the key may try again (0: now). */
export function waitMs(s: ThrottleState | undefined, now: number, b: BackOff): number {
  const c = current(s, now, b);
  if (c === undefined) return 0;
  return Math.max(0, c.lastFailureAt + backOffMs(c.failures, b) - now);
}

/** The state after a failed attempt. */
export function afterFailure(s: ThrottleState | undefined, now: number, b: BackOff): ThrottleState {
  const c = current(s, now, b);
  return { failures: (c?.failures ?? 0) + 1, lastFailureAt: now };
}
