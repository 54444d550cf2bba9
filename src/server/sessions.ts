/**
 * Sessions: a random token, given to the browser as an httpOnly cookie and to API clients as a
 * bearer token; only its SHA-256 is stored. Look-ups are cached for a few seconds, because every
 * request needs one and "my bills" must serve thousands a second.
 *
 * The cache and revocation: log-out (`end`) and a role change (`endAll`) drop the entries of this
 * process at once, and a look-up that was in flight while one ran is not cached (it may have read
 * the row just deleted), so in one process a revoked session is refused by the next request. With
 * several server processes (`huzhu serve --workers N`) the others may still accept it from their
 * cache for at most CACHE_MS (10 s); expiry is checked on every hit.
 */
import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../domain/sha256.ts';
import type { Db } from '../db/database.ts';
import type { Principal } from '../domain/principal.ts';
import { deleteSession, deleteSessionsOf, findSession, insertSession, type SessionRow } from '../repositories/accounts-repo.ts';

export const SESSION_COOKIE = 'huzhu_session';
/** How long a look-up is trusted: the bound on a revocation reaching the other server processes. */
export const CACHE_MS = 10_000;
const CACHE_MAX = 200_000;

export const hashToken = (token: string): string => sha256Hex(token);

/** A token seen by `peek`: its hash, the cached answer if any, and the revocation count then. */
export interface SessionPeek {
  hash: string;
  /** The cached principal; null: cached but expired; undefined: not cached, ask the database. */
  cached: Principal | null | undefined;
  epoch: number;
}

export class SessionStore {
  readonly #cache = new Map<string, { principal: Principal; expiresAt: number; cachedAt: number }>();
  /** Counts revocations: a look-up during which one happened is answered but not cached. */
  #epoch = 0;
  constructor(private readonly db: Db, private readonly hours: number) {}

  async create(accountId: bigint, at: Date): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(at.getTime() + this.hours * 3_600_000);
    await insertSession(this.db, { tokenHash: hashToken(token), accountId, at, expiresAt });
    return { token, expiresAt };
  }

  /** The cache's answer for a token, without touching the database; null for a malformed token. */
  peek(token: string, now: Date): SessionPeek | null {
    if (token.length < 20 || token.length > 200) return null;
    const hash = hashToken(token);
    const hit = this.#cache.get(hash);
    const cached = hit && Date.now() - hit.cachedAt < CACHE_MS ? (hit.expiresAt > now.getTime() ? hit.principal : null) : undefined;
    return { hash, cached, epoch: this.#epoch };
  }

  /**
   * The principal of a session row read from the database (by `findSession` or by any statement
   * that joined the session to its own query), cached unless a revocation ran since `peek`.
   */
  admit(seen: SessionPeek, row: SessionRow | undefined, now: Date): Principal | null {
    if (!row) return null;
    const principal: Principal = { accountId: row.accountId, email: row.email, role: row.role, payerId: row.payerId, tokenHash: seen.hash };
    if (seen.epoch === this.#epoch) {
      if (this.#cache.size >= CACHE_MAX) this.#cache.delete(this.#cache.keys().next().value!);
      this.#cache.delete(seen.hash);
      this.#cache.set(seen.hash, { principal, expiresAt: row.expiresAt.getTime(), cachedAt: Date.now() });
    }
    return row.expiresAt.getTime() > now.getTime() ? principal : null;
  }

  /** Reads the session of a token `peek` did not find in the cache. */
  async load(seen: SessionPeek, now: Date): Promise<Principal | null> {
    return this.admit(seen, await findSession(this.db, seen.hash), now);
  }

  async end(tokenHash: string): Promise<void> {
    const drop = () => { this.#epoch += 1; this.#cache.delete(tokenHash); };
    drop();
    await deleteSession(this.db, tokenHash);
    // Again once the row is gone: a look-up that read it meanwhile may have cached it.
    drop();
  }

  /** Forgets every cached session (the demo clock moved their expiry): the next look-up reads the database. */
  forgetAll(): void {
    this.#epoch += 1;
    this.#cache.clear();
  }

  /** Role change, lock-out: every session of the account ends now. */
  async endAll(accountId: bigint): Promise<void> {
    const drop = () => {
      this.#epoch += 1;
      for (const [k, v] of this.#cache) if (v.principal.accountId === accountId) this.#cache.delete(k);
    };
    drop();
    await deleteSessionsOf(this.db, accountId);
    drop();
  }
}
