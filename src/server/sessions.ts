/**
 * Sessions: a random token, given to the browser as an httpOnly cookie and to API clients as a
 * bearer token; only its SHA-256 is stored. Look-ups are cached for a few seconds, because every
 * request needs one and "my bills" must serve thousands a second.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { Principal } from './context.ts';
import { deleteSession, deleteSessionsOf, findSession, insertSession } from './repos/accounts-repo.ts';

export const SESSION_COOKIE = 'huzhu_session';
const CACHE_MS = 10_000;
const CACHE_MAX = 200_000;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export class SessionStore {
  readonly #cache = new Map<string, { principal: Principal; expiresAt: number; cachedAt: number }>();
  constructor(private readonly db: Db, private readonly hours: number) {}

  async create(accountId: bigint, at: Date): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(at.getTime() + this.hours * 3_600_000);
    await insertSession(this.db, { tokenHash: hashToken(token), accountId, at, expiresAt });
    return { token, expiresAt };
  }

  async resolve(token: string, now: Date): Promise<Principal | null> {
    if (token.length < 20 || token.length > 200) return null;
    const h = hashToken(token);
    const t = now.getTime();
    const hit = this.#cache.get(h);
    if (hit && Date.now() - hit.cachedAt < CACHE_MS) return hit.expiresAt > t ? hit.principal : null;
    const s = await findSession(this.db, h);
    if (!s) return null;
    const principal: Principal = { accountId: s.accountId, email: s.email, role: s.role, payerId: s.payerId, tokenHash: h };
    if (this.#cache.size >= CACHE_MAX) this.#cache.clear();
    this.#cache.set(h, { principal, expiresAt: s.expiresAt.getTime(), cachedAt: Date.now() });
    return s.expiresAt.getTime() > t ? principal : null;
  }

  async end(tokenHash: string): Promise<void> {
    this.#cache.delete(tokenHash);
    await deleteSession(this.db, tokenHash);
  }

  /** Role change, lock-out: every session of the account ends now. */
  async endAll(accountId: bigint): Promise<void> {
    for (const [k, v] of this.#cache) if (v.principal.accountId === accountId) this.#cache.delete(k);
    await deleteSessionsOf(this.db, accountId);
  }
}
