/**
 * The demo clock (docs/api.md, "The demo clock"): shows where the demo's time stands and moves it
 * to the next announcement or charge day, then runs the calendar through it. Only a demo
 * installation moves it; elsewhere POST is refused with DEMO_ONLY and GET says `demo: false`.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { nextDemoStopDay } from '../../domain/demo-clock.ts';
import { localDateOf } from '../../domain/local-date.ts';
import { getPlan } from '../../repositories/plans-repo.ts';
import { audit } from '../audit.ts';
import type { CalendarScheduler } from '../calendar-scheduler.ts';
import type { ServerContext } from '../context.ts';
import { DEMO_MOVES, demoOnly, type DemoMove } from '../demo/demo-clock.ts';
import { clocks } from '../../repositories/plans-repo.ts';
import { errorResponses } from '../schemas.ts';

const day = z.string().nullable();
const demoClockSchema = z.object({
  demo: z.boolean().describe('true only on a demo installation, whose clock is NOT the real time'),
  notice: z.string().describe('What the clock is, in words (show it beside any demo time)'),
  now: z.string().describe('The server\'s clock (ISO instant): real time plus the offset'),
  realNow: z.string(),
  offsetMinutes: z.number().int().describe('How far the demo clock is ahead of real time'),
  plan: z.string().nullable().describe('The demo plan whose calendar the clock follows'),
  today: day,
  nextAnnouncement: day.describe('Where POST {to:"announcement"} would move the clock (08:00 of that day)'),
  nextCharge: day.describe('Where POST {to:"charge"} would move the clock (08:00 of that day)'),
  calendar: z.array(z.object({ planId: z.string(), throughOn: z.string() })).describe('Every plan\'s calendar: done through this day'),
});

export function demoRoutes(app: FastifyInstance, ctx: ServerContext, calendar: CalendarScheduler): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['operations'];

  const status = async (): Promise<z.infer<typeof demoClockSchema>> => {
    const d = ctx.demo;
    const now = d.now();
    const base = {
      demo: d.enabled, now: now.toISOString(), realNow: d.realNow().toISOString(), offsetMinutes: Math.floor(d.offsetMs / 60_000), calendar: await clocks(ctx.db),
    };
    if (!d.planId) return { ...base, notice: 'This server keeps real time; the demo clock exists only on a demo installation.', plan: null, today: null, nextAnnouncement: null, nextCharge: null };
    const rules = (await getPlan(ctx.db, d.planId)).rules;
    const today = localDateOf(now, rules.timeZone);
    return {
      ...base, plan: d.planId, today,
      notice: `DEMO CLOCK: this is a demo installation; its clock runs ${base.offsetMinutes} minutes ahead of real time, moved by the demo operator.`,
      nextAnnouncement: nextDemoStopDay(rules, today, 'announcement'), nextCharge: nextDemoStopDay(rules, today, 'charge'),
    };
  };

  r.get('/ops/demo/clock', {
    config: { access: ['operator', 'admin', 'auditor'] },
    schema: { tags, summary: 'The demo clock: real time or, on a demo installation, how far ahead it runs and where it can move next', response: { 200: demoClockSchema, ...errorResponses } },
  }, async () => status());

  r.post('/ops/demo/clock', {
    config: { access: ['operator', 'admin'] },
    schema: {
      tags, summary: 'DEMO ONLY: move the demo clock to the next announcement or charge day (08:00), or just past the next jury deadline, and run the calendar through it; refused with DEMO_ONLY elsewhere',
      body: z.object({ to: z.enum(DEMO_MOVES as [string, ...string[]]).describe('announcement: the next 7th or 21st; charge: the next 14th or 28th; jury: one minute past the next end of a panel\'s commit phase or of a jury round (409 CONFLICT when none is open)') }).strict(),
      response: { 200: demoClockSchema, ...errorResponses },
    },
  }, async (req) => {
    if (!ctx.demo.enabled) throw demoOnly();
    const before = await status();
    await ctx.demo.advance(ctx.db, req.body.to as DemoMove);
    ctx.sessions.forgetAll(); // their expiry moved with the clock
    const p = req.principal!;
    await calendar.run(`${p.role}:${p.accountId}`);
    const after = await status();
    await audit(ctx, req, 'demo.clock.advance', 'calendar', { now: before.now, calendar: before.calendar }, { to: req.body.to, now: after.now, calendar: after.calendar });
    return after;
  });
}
