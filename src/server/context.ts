/** What every route handler needs, built once per server. */
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/database.ts';
import { HuzhuError } from '../domain/errors.ts';
import type { PaymentProvider } from '../payments/payment-provider.ts';
import type { Principal, Role } from '../domain/principal.ts';
import type { Action } from '../services/idempotent.ts';
import type { ServerConfig } from './config.ts';
import type { IdVault } from './national-id.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { Metrics } from './metrics.ts';
import type { DemoClock } from './demo/demo-clock.ts';
import type { SessionPeek, SessionStore } from './sessions.ts';

// Principal and Role live in domain/principal.ts (services take a principal); re-exported here
// only for the tests that have always imported them from the context (access-matrix.test.ts).
export { ROLES, type Principal, type Role } from '../domain/principal.ts';

/** Who may call a route: anyone, or any logged-in account with one of the roles. */
export type Access = 'public' | readonly Role[];

export interface ServerContext {
  db: Db;
  config: ServerConfig;
  clock: () => Date;
  provider: PaymentProvider;
  vault: IdVault;
  sessions: SessionStore;
  metrics: Metrics;
  /** The log-in back-off, per e-mail and per address (login-throttle.ts). */
  loginThrottle: LoginThrottle;
  /** The demo clock (server/demo/demo-clock.ts): `clock` reads it; it moves only on a demo installation. */
  demo: DemoClock;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /**
     * The handler reads an uncached session in its own statement (`withSession` in access.ts):
     * one database round trip instead of two on the hottest routes. Needs `attachValidation`.
     */
    sessionInQuery?: boolean;
    /** Per-address request budget for this route (log-in, registration). */
    rateLimit?: { name: string; max: (c: ServerConfig) => number; windowMs: number };
    /**
     * The request or its response carries a secret (a password, a session token): the idempotency
     * store neither keeps its response nor a hash of its body, so a key replayed later cannot
     * return a token and the store holds nothing to crack.
     */
    secret?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** A `sessionInQuery` route's session, not cached, left for its handler to read and check. */
    pendingSession: SessionPeek | null;
    /** The engine idempotency key for this request (from Idempotency-Key, else unique, made by actionOf when first needed). */
    actionKey: string;
  }
}

/** The principal of a route that requires a session (the access hook already checked). */
export function who(req: FastifyRequest): Principal {
  if (!req.principal) throw new HuzhuError('UNAUTHENTICATED', 'log in first');
  return req.principal;
}

/** The engine Action of a request: the idempotency key, the acting account, now. */
export function actionOf(ctx: ServerContext, req: FastifyRequest, suffix = ''): Action {
  const p = req.principal;
  req.actionKey ||= `api:${randomUUID()}`;
  return { key: req.actionKey + suffix, actor: p ? `${p.role}:${p.accountId}` : 'anonymous', at: ctx.clock() };
}

/** JSON has no bigint: amounts and ids go out as integers (fen fit easily in 2^53). */
export const num = (v: bigint | number | null | undefined): number => (v === null || v === undefined ? 0 : Number(v));
