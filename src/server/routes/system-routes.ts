/** Health, Prometheus metrics and the OpenAPI document. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkDatabase } from '../../services/health-service.ts';
import type { ServerContext } from '../context.ts';
import { errorResponses } from '../schemas.ts';

export function systemRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['system'];

  r.get('/health', {
    config: { access: 'public' },
    schema: { tags, summary: 'Liveness and database reachability', response: { 200: z.object({ ok: z.boolean(), database: z.string(), time: z.string() }), ...errorResponses } },
  }, async () => {
    await checkDatabase(ctx.db);
    return { ok: true, database: ctx.db.kind, time: ctx.clock().toISOString() };
  });

  r.get('/metrics', {
    config: { access: 'public' },
    schema: { tags, summary: 'Prometheus metrics (text exposition format)', hide: false },
  }, async (_req, reply) => reply.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics()));

  r.get('/openapi.json', {
    config: { access: 'public' },
    schema: { tags, summary: 'This API as OpenAPI 3.1, generated from the route schemas' },
  }, async () => app.swagger());
}
