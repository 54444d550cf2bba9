/**
 * The public transparency log over HTTP, as a static c2sp.org/tlog-tiles layout:
 * /log/checkpoint, /log/tile/<L>/<N>[.p/<W>], /log/tile/entries/<N>[.p/<W>], plus
 * /log/proof/inclusion?index=&size=, /log/proof/consistency?from=&to=, and /log/key (the verifier
 * key to check checkpoints with). A member fetches the c2sp.org/tlog-proof@v1 bundle of their own
 * bill from /me/bills/:plan/:announcedOn/proof and checks it offline (`huzhu verify --my-bill`).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HuzhuError } from '../../domain/errors.ts';
import { findPeriod } from '../../repositories/periods-repo.ts';
import { generateNoteKeys } from '../../transparency/note.ts';
import { createLogHandlers, handleLogPath, type LogHandlers } from '../../transparency-log/log-handlers.ts';
import { DEFAULT_LOG_ORIGIN, loadLogKey, logKeyFromSignerKey, type LogKey } from '../../transparency-log/signer-config.ts';
import { who, type ServerContext } from '../context.ts';
import { membershipOfPayer } from '../repos/member-repo.ts';
import { errorResponses, idParam, planId } from '../schemas.ts';
import { payerOf } from './member-routes.ts';

/** The signing key: configured or kept in the data folder; a throwaway one for in-memory databases. */
async function logKey(ctx: ServerContext): Promise<LogKey> {
  if (ctx.config.dataDir === 'memory' && !process.env.HUZHU_LOG_SIGNER_KEY) {
    return logKeyFromSignerKey(generateNoteKeys(DEFAULT_LOG_ORIGIN).signerKey);
  }
  return loadLogKey({ env: { ...process.env, HUZHU_DATA: ctx.config.dataDir } });
}

export function logRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  let ready: Promise<{ key: LogKey; handlers: LogHandlers }> | undefined;
  const log = () => (ready ??= logKey(ctx).then((key) => ({ key, handlers: createLogHandlers(ctx.db, { signer: key.signer, origin: key.origin }) })));

  r.get('/log/*', {
    config: { access: 'public' },
    schema: {
      tags: ['transparency log'],
      summary: 'The public log as c2sp.org/tlog-tiles: checkpoint, tile/<L>/<N>[.p/<W>], tile/entries/<N>[.p/<W>], proof/inclusion, proof/consistency, key',
      params: z.object({ '*': z.string().max(200) }),
      querystring: z.record(z.string(), z.string().max(40)),
    },
  }, async (req, reply) => {
    const { key, handlers } = await log();
    const path = req.params['*'];
    if (path === 'key') return reply.type('text/plain; charset=utf-8').header('cache-control', 'no-cache').send(`${key.verifierKey}\n`);
    const res = await handleLogPath(handlers, path, new URLSearchParams(req.query));
    const body = typeof res.body === 'string' ? res.body : Buffer.from(res.body);
    return reply.type(res.contentType).header('cache-control', res.cacheControl).send(body);
  });

  r.get('/me/bills/:plan/:announcedOn/proof', {
    config: { access: ['member'] },
    schema: {
      tags: ['members', 'transparency log'],
      summary: 'The c2sp.org/tlog-proof@v1 bundle proving my bill is in the period\'s published commitment (check it with `huzhu verify --my-bill`)',
      params: z.object({ plan: planId, announcedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
      querystring: z.object({ membership: idParam }),
      response: { 200: z.string().describe('c2sp.org/tlog-proof@v1 text'), ...errorResponses },
    },
  }, async (req, reply) => {
    const m = await membershipOfPayer(ctx.db, payerOf(who(req)), BigInt(req.query.membership));
    if (!m || m.planId !== req.params.plan) throw new HuzhuError('NOT_FOUND', 'membership: not one this account pays for in this plan', { field: 'membership' });
    const period = await findPeriod(ctx.db, req.params.plan, req.params.announcedOn as never);
    if (!period) throw new HuzhuError('NOT_FOUND', `period: ${req.params.announcedOn} was not announced`, { field: 'announcedOn' });
    if (period.status !== 'charged') throw new HuzhuError('CONFLICT', 'the bills of a period are committed on its charge day; try again after it', { field: 'announcedOn' });
    const { handlers } = await log();
    return reply.type('text/plain; charset=utf-8').send(await handlers.memberChargeBundle(m.id, period.id));
  });
}
