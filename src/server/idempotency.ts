/**
 * Idempotency-Key on every POST. The first request with a key runs; its response (2xx, or a 4xx
 * decided by the handler) is stored, and a retry with the same key gets that response again and
 * changes nothing. The same key also becomes the engine's action key, so even two retries racing
 * each other cannot act twice in the engine. A key reused for a different request, or while the
 * first is still running, is refused with IDEMPOTENCY_CONFLICT.
 */
import { sha256Hex } from '../domain/sha256.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HuzhuError } from '../domain/errors.ts';
import type { ServerContext } from './context.ts';
import { completeKey, releaseKey, reserveKey } from '../repositories/idempotency-repo.ts';

const KEY = /^[A-Za-z0-9._:-]{1,200}$/;
const STORED = Symbol('idempotency');

interface Reservation { scope: string; key: string }

function requestHash(req: FastifyRequest): string {
  const body = Buffer.isBuffer(req.body) ? req.body.toString('base64') : typeof req.body === 'string' ? req.body : JSON.stringify(req.body ?? null);
  return sha256Hex(`${req.method} ${req.url}\n${body}`);
}

export function installIdempotency(app: FastifyInstance, ctx: ServerContext): void {
  // Unique per request unless an Idempotency-Key sets it (see actionOf: made when first needed).
  app.decorateRequest('actionKey', '');

  const preHandler = async (req: FastifyRequest, reply: FastifyReply) => {
    const raw = req.headers['idempotency-key'];
    // A route whose request or response carries a secret is never stored (log-in: the token).
    if (raw === undefined || req.routeOptions.config.secret) return;
    if (typeof raw !== 'string' || !KEY.test(raw)) {
      throw new HuzhuError('VALIDATION', 'Idempotency-Key: 1-200 letters, digits or ._:-', { field: 'Idempotency-Key' });
    }
    const hash = requestHash(req);
    // Anonymous callers (register, log-in) share one scope; the body is part of the key so a
    // stranger cannot read someone else's response by guessing their key.
    const scope = req.principal ? `account:${req.principal.accountId}` : 'anonymous';
    const key = req.principal ? raw : `${raw}:${hash}`;
    req.actionKey = `api:${scope}:${key}`;
    const prior = await reserveKey(ctx.db, scope, key, hash, ctx.clock());
    if (prior) {
      if (prior.status === 0) throw new HuzhuError('IDEMPOTENCY_CONFLICT', 'Idempotency-Key: a request with this key is still running', { field: 'Idempotency-Key' });
      if (prior.requestHash !== hash) throw new HuzhuError('IDEMPOTENCY_CONFLICT', 'Idempotency-Key: already used for a different request', { field: 'Idempotency-Key' });
      void reply.code(prior.status).header('idempotent-replayed', 'true').type(prior.body?.type ?? 'application/json').send(prior.body?.payload ?? '');
      return reply;
    }
    (req as unknown as Record<symbol, Reservation>)[STORED] = { scope, key };
  };

  const onSend = async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const r = (req as unknown as Record<symbol, Reservation | undefined>)[STORED];
    if (!r) return payload;
    (req as unknown as Record<symbol, Reservation | undefined>)[STORED] = undefined;
    const status = reply.statusCode;
    // Failures that say nothing about the operation (a crash, a throttle) leave the key free to retry.
    if (status >= 500 || status === 429 || status === 401 || status === 403) await releaseKey(ctx.db, r.scope, r.key);
    else {
      const type = String(reply.getHeader('content-type') ?? 'application/json');
      await completeKey(ctx.db, r.scope, r.key, status, { type, payload: typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : '' });
    }
    return payload;
  };

  // Only POST routes take a key: the hooks are theirs alone, so no other request pays for them.
  app.addHook('onRoute', (route) => {
    if (![route.method].flat().includes('POST')) return;
    route.preHandler = [preHandler, ...[route.preHandler ?? []].flat()];
    route.onSend = [onSend, ...[route.onSend ?? []].flat()];
  });
}
