/** Operations: the calendar by hand, batch-file payments, plans. Every action is audited. */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HuzhuError } from '../../domain/errors.ts';
import { exportDebitInstructions, importResults } from '../../payments/batch-file-provider.ts';
import { getPlan } from '../../repositories/plans-repo.ts';
import { createPlan } from '../../services/plans-service.ts';
import { audit } from '../audit.ts';
import type { CalendarScheduler } from '../calendar-scheduler.ts';
import { actionOf, type ServerContext } from '../context.ts';
import { clocks } from '../../repositories/plans-repo.ts';
import { errorResponses, planId } from '../schemas.ts';

const clockSchema = z.object({
  provider: z.string(), lastRunAt: z.string().nullable(), lastError: z.string().nullable(),
  plans: z.array(z.object({ planId: z.string(), throughOn: z.string().describe('Every calendar day up to and including this one is done.') })),
});

export function opsRoutes(app: FastifyInstance, ctx: ServerContext, calendar: CalendarScheduler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['operations'];
  const status = async () => ({ provider: ctx.provider.name, ...calendar.status(), plans: await clocks(ctx.db) });

  r.get('/ops/calendar', {
    config: { access: ['operator', 'admin', 'auditor'] },
    schema: { tags, summary: 'How far each plan\'s sharing calendar has run', response: { 200: clockSchema, ...errorResponses } },
  }, async () => status());

  r.post('/ops/calendar/run', {
    config: { access: ['operator', 'admin'] },
    schema: { tags, summary: 'Run the calendar now: every announcement, charge, retry and removal due by now (never twice)', response: { 200: clockSchema, ...errorResponses } },
  }, async (req) => {
    const before = await clocks(ctx.db);
    const p = req.principal!;
    await calendar.run(`${p.role}:${p.accountId}`);
    const after = await status();
    await audit(ctx, req, 'calendar.run', 'calendar', before, after.plans);
    return after;
  });

  r.get('/ops/payments/batch/instructions', {
    config: { access: ['operator', 'admin'] },
    schema: {
      tags, summary: 'Export debit instructions (CSV) for every open payment of a plan: the file sent to the bank',
      querystring: z.object({ plan: planId }),
    },
  }, async (req, reply) => {
    const plan = await getPlan(ctx.db, req.query.plan);
    const out = await exportDebitInstructions(ctx.db, plan.id, ctx.clock());
    return reply.type('text/csv; charset=utf-8').header('x-rows', String(out.rows)).header('x-total-fen', String(out.totalFen)).send(Readable.from(out.chunks));
  });

  r.post('/ops/payments/batch/results', {
    config: { access: ['operator', 'admin'] },
    bodyLimit: 64 * 1024 * 1024,
    schema: {
      tags, summary: 'Import the bank\'s results file (text/csv: period_id,payer_id,amount_fen,paid|failed); settles the payments',
      querystring: z.object({ plan: planId }),
      response: { 200: z.object({ rows: z.number().int(), paid: z.number().int(), failed: z.number().int(), fileSha256: z.string() }), ...errorResponses },
    },
  }, async (req) => {
    if (typeof req.body !== 'string') throw new HuzhuError('UNSUPPORTED_MEDIA_TYPE', 'body: a text/csv results file', { field: 'content-type' });
    const plan = await getPlan(ctx.db, req.query.plan);
    const out = await importResults(ctx.db, ctx.provider, plan, req.body, actionOf(ctx, req));
    await audit(ctx, req, 'payments.batch-import', `plan:${plan.id}`, null, out);
    return out;
  });

  r.post('/ops/plans', {
    config: { access: ['admin'] },
    schema: {
      tags, summary: 'Create a plan from a preset (critical-illness, elderly-cancer), optionally overriding rules',
      body: z.object({
        id: planId, name: z.string().trim().min(1).max(100),
        names: z.object({ 'zh-CN': z.string().trim().min(1).max(200), en: z.string().trim().min(1).max(200) }).strict().optional().describe('The name in each language the pages speak (else the pages show `name`).'),
        preset: z.enum(['critical-illness', 'elderly-cancer']), overrides: z.record(z.string(), z.unknown()).optional() }).strict(),
      response: { 201: z.object({ id: z.string(), rules: z.record(z.string(), z.unknown()) }), ...errorResponses },
    },
  }, async (req, reply) => {
    const out = await createPlan(ctx.db, { id: req.body.id, name: req.body.name, ...(req.body.names ? { names: req.body.names } : {}), preset: req.body.preset, overrides: req.body.overrides ?? {} }, actionOf(ctx, req));
    await audit(ctx, req, 'plan.create', `plan:${out.id}`, null, out);
    return reply.code(201).send({ id: out.id, rules: out.rules as Record<string, unknown> });
  });
}
