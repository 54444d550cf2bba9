/**
 * The public transparency log over HTTP, as a static c2sp.org/tlog-tiles layout:
 * /log/checkpoint, /log/tile/<L>/<N>[.p/<W>], /log/tile/entries/<N>[.p/<W>], plus
 * /log/proof/inclusion?index=&size=, /log/proof/consistency?from=&to=, and /log/key (the verifier
 * key to check checkpoints with). A member fetches the c2sp.org/tlog-proof@v1 bundle of their own
 * bill from /me/bills/:plan/:announcedOn/proof and checks it offline (`huzhu verify --my-bill`).
 *
 * Witnesses (configured in HUZHU_LOG_WITNESSES) post their cosignatures to POST /log/cosignature
 * (public: a witness authenticates by its signature; rate limited per address); the checkpoint is
 * then served with their lines, and GET /log/witnesses lists them and what each has cosigned.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { logEnv } from '../../config/env.ts';
import { chargedBillOf } from '../../services/member-memberships.ts';
import { toBase64 } from '../../domain/bytes.ts';
import { generateNoteKeys } from '../../transparency/core/note.ts';
import { createLogHandlers, handleLogPath, type LogHandlers } from '../../transparency/store/log-handlers.ts';
import { DEFAULT_LOG_ORIGIN, loadLogKey, logKeyFromSignerKey, type LogKey } from '../../transparency/witness/signer-config.ts';
import { parseWitnessKeys } from '../../transparency/witness/witness-config.ts';
import { who, type ServerContext } from '../context.ts';
import { errorResponses, idParam, localDate, planId } from '../schemas.ts';

/** The signing key: configured or kept in the data folder; a throwaway one for in-memory databases. */
async function logKey(ctx: ServerContext): Promise<LogKey> {
  if (ctx.config.dataDir === 'memory' && !logEnv().HUZHU_LOG_SIGNER_KEY) {
    return logKeyFromSignerKey(generateNoteKeys(DEFAULT_LOG_ORIGIN).signerKey);
  }
  return loadLogKey({ env: { ...logEnv(), HUZHU_DATA: ctx.config.dataDir } });
}

// Longer than ~80 lines on purpose: a route table: one registration per route, read as a list (each handler a few lines).
export function logRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  let ready: Promise<{ key: LogKey; handlers: LogHandlers }> | undefined;
  const log = () => (ready ??= logKey(ctx).then((key) => ({
    key,
    handlers: createLogHandlers(ctx.db, {
      signer: key.signer, origin: key.origin, clock: ctx.clock,
      witnesses: parseWitnessKeys(ctx.config.logWitnesses.join('\n'), 'HUZHU_LOG_WITNESSES'),
    }),
  })));

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

  const receipt = z.object({
    origin: z.string(), size: z.number().int(), rootHash: z.string().describe('base64'),
    cosignatures: z.array(z.object({
      witness: z.string(), keyId: z.string().describe('8 hex digits'), cosignedAt: z.number().int().describe('the cosignature\'s timestamp, POSIX seconds'),
      stored: z.boolean().describe('false when the log already held this witness\'s cosignature of this checkpoint (nothing changed)'),
    })),
  });
  r.post('/log/cosignature', {
    config: { access: 'public', rateLimit: { name: 'cosignature', max: (c) => c.cosignPerMinute, windowMs: 60_000 } },
    bodyLimit: 64 * 1024,
    schema: {
      tags: ['transparency log'],
      summary: 'A witness posts its c2sp.org/tlog-cosignature of a checkpoint the log signed (`huzhu witness` does this)',
      description: 'Body (text/plain): the checkpoint text as served, a blank line, and the witness\'s signature line(s) ' +
        '`— <witness name> <base64(key ID || timestamp || Ed25519 signature)>`; the log\'s own line may be included and is ignored. ' +
        'The key must be a configured witness (else UNKNOWN_WITNESS), the checkpoint one the log signed (else UNKNOWN_CHECKPOINT), ' +
        'the cosignature/v1 signature valid (else BAD_SIGNATURE) and its time not in the future (else VALIDATION). Posting again changes nothing.',
      consumes: ['text/plain'],
      body: z.string().min(1).max(64 * 1024).describe('a signed note: checkpoint text, blank line, cosignature line(s)'),
      response: { 200: receipt, ...errorResponses },
    },
  }, async (req) => {
    const { handlers } = await log();
    const { checkpoint, cosignatures } = await handlers.submitCosignature(req.body);
    return { origin: checkpoint.origin, size: checkpoint.size, rootHash: toBase64(checkpoint.rootHash), cosignatures };
  });

  r.get('/log/witnesses', {
    config: { access: 'public' },
    schema: {
      tags: ['transparency log'],
      summary: 'The witnesses whose cosignatures the log accepts, and the latest checkpoint each has cosigned',
      response: {
        200: z.object({
          checkpointSize: z.number().int().nullable().describe('size of the latest signed checkpoint'),
          witnesses: z.array(z.object({
            name: z.string(), keyId: z.string(), verifierKey: z.string().describe('<name>+<key id>+<base64>: give it to `huzhu verify --witness`'),
            cosignedSize: z.number().int().nullable(), cosignedAt: z.number().int().nullable().describe('POSIX seconds'),
            cosignedLatest: z.boolean(),
          })),
        }),
        ...errorResponses,
      },
    },
  }, async () => (await log()).handlers.witnessStatus());

  r.get('/me/bills/:plan/:announcedOn/proof', {
    config: { access: ['member'] },
    schema: {
      tags: ['members', 'transparency log'],
      summary: 'The c2sp.org/tlog-proof@v1 bundle proving my bill is in the period\'s published commitment (check it with `huzhu verify --my-bill`)',
      params: z.object({ plan: planId, announcedOn: localDate }),
      querystring: z.object({ membership: idParam }),
      response: { 200: z.string().describe('c2sp.org/tlog-proof@v1 text'), ...errorResponses },
    },
  }, async (req, reply) => {
    const bill = await chargedBillOf(ctx.db, who(req), { membership: BigInt(req.query.membership), plan: req.params.plan, announcedOn: req.params.announcedOn });
    const { handlers } = await log();
    return reply.type('text/plain; charset=utf-8').send(await handlers.memberChargeBundle(bill.membershipId, bill.periodId));
  });
}
