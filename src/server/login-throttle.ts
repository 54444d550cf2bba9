/**
 * The log-in back-off (domain/login-throttle.ts) for one server process: per e-mail (known or
 * not, so nothing tells whether an account exists) and per address. In memory, like the
 * per-route rate limit: several workers each keep their own, which at most multiplies a
 * guesser's budget by the number of workers.
 */
import { afterFailure, waitMs, type BackOff, type ThrottleState } from '../domain/login-throttle.ts';

export class LoginThrottle {
  readonly #keys = new Map<string, ThrottleState>();
  readonly #account: BackOff;
  readonly #address: BackOff;

  constructor(o: { freeFailures: number; accountMaxMs: number; addressMaxMs: number }) {
    const common = { baseMs: 1000, forgetAfterMs: 24 * 3_600_000 };
    this.#account = { ...common, freeFailures: o.freeFailures, maxMs: o.accountMaxMs };
    // An address gets more free tries (a shared office or NAT), then waits up to its own cap.
    this.#address = { ...common, freeFailures: o.freeFailures * 4, maxMs: o.addressMaxMs };
  }

  /** Milliseconds until this e-mail from this address may try again (0: now). */
  wait(email: string, address: string, now: number): number {
    return Math.max(waitMs(this.#keys.get(`email:${email}`), now, this.#account), waitMs(this.#keys.get(`address:${address}`), now, this.#address));
  }

  failed(email: string, address: string, now: number): void {
    if (this.#keys.size > 100_000) this.#sweep(now);
    this.#keys.set(`email:${email}`, afterFailure(this.#keys.get(`email:${email}`), now, this.#account));
    this.#keys.set(`address:${address}`, afterFailure(this.#keys.get(`address:${address}`), now, this.#address));
  }

  /** A successful log-in (or an admin's unlock) clears the e-mail's count; the address keeps its own. */
  clear(email: string): void {
    this.#keys.delete(`email:${email}`);
  }

  #sweep(now: number): void {
    for (const [k, s] of this.#keys) if (now - s.lastFailureAt >= this.#account.forgetAfterMs) this.#keys.delete(k);
  }
}
