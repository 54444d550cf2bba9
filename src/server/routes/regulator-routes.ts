/**
 * The regulator's view (issue 13), read-only: every plan with its wind-down status, the fund
 * flows per period and per month, the wallets by day, the daily "no precipitated funds" proof,
 * the CSV downloads (docs/regulator.md lists their columns) and the monthly report as one HTML
 * page. Amounts, dates, periods and claim refs only: never a name, an ID number or a phone.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { num, type ServerContext } from '../context.ts';
import { errorResponses, fen, page, paged, pageQuery, planId } from '../schemas.ts';
import { CSV_NAMES, csvFileName, csvOf } from '../../services/regulator/csv-exports.ts';
import { dailyProof, monthFlows, periodFlows, plansOverview, walletsByDay, type FundFlows } from '../../services/regulator/fund-flows.ts';
import { monthlyReport } from '../../services/regulator/monthly-report.ts';
import { PLAN_STATUSES } from '../../services/regulator/plan-status.ts';
import { REPORT_LANGUAGES, reportHtml } from '../../services/regulator/report-html.ts';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a calendar month YYYY-MM').describe('A calendar month in the plan\'s zone, YYYY-MM.');
const filter = z.object({ plan: planId.optional(), month: month.optional() });
const listQuery = pageQuery.extend(filter.shape);

const flowsSchema = {
  collectedFen: fen, rechargedFen: fen, paidToClaimantsFen: fen, feeFen: fen, operatorSubsidyFen: fen, operatorFundedFen: fen,
  writtenOffFen: fen, refundsFen: fen, walletsHeldFen: fen, surplusCarriedFen: fen,
};
const flowsOut = (f: FundFlows) => ({
  collectedFen: num(f.collectedFen), rechargedFen: num(f.rechargedFen), paidToClaimantsFen: num(f.paidToClaimantsFen), feeFen: num(f.feeFen),
  operatorSubsidyFen: num(f.operatorSubsidyFen), operatorFundedFen: num(f.operatorFundedFen), writtenOffFen: num(f.writtenOffFen),
  refundsFen: num(f.refundsFen), walletsHeldFen: num(f.walletsHeldFen), surplusCarriedFen: num(f.surplusCarriedFen),
});

/** One page of a computed list: limit+1 rows asked, so `paged` knows whether there is a next. */
const pageOf = (q: z.infer<typeof listQuery>) => ({ planId: q.plan, month: q.month, limit: q.limit + 1, offset: q.offset });

const tags = ['regulator'];
const access = ['regulator', 'auditor', 'admin'] as const;

export function regulatorRoutes(app: FastifyInstance, ctx: ServerContext): void {
  figureRoutes(app, ctx);
  downloadRoutes(app, ctx);
}

/** The figures as JSON pages. */
function figureRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/regulator/plans', {
    config: { access },
    schema: {
      tags, summary: 'Every plan with its funding mode and wind-down status', querystring: pageQuery,
      response: { 200: page(z.object({ plan: z.string(), name: z.string(), names: z.object({ 'zh-CN': z.string(), en: z.string() }).nullable(), timeZone: z.string(), funding: z.enum(['post-paid', 'prepaid']), status: z.enum(PLAN_STATUSES) })), ...errorResponses },
    },
  }, async (req) => paged((await plansOverview(ctx.db)).slice(req.query.offset, req.query.offset + req.query.limit + 1), req.query));

  r.get('/regulator/flows/periods', {
    config: { access },
    schema: {
      tags, summary: 'Fund flows per period (announced in `month`, if given), oldest first', querystring: listQuery,
      response: { 200: page(z.object({ plan: z.string(), periodId: z.number().int(), announcedOn: z.string(), chargedOn: z.string(), status: z.string(), sharingMembers: z.number().int(), cases: z.number().int(), billedFen: fen, ...flowsSchema })), ...errorResponses },
    },
  }, async (req) => paged((await periodFlows(ctx.db, pageOf(req.query))).map((p) => ({
    plan: p.plan, periodId: num(p.periodId), announcedOn: p.announcedOn, chargedOn: p.chargedOn, status: p.status, sharingMembers: num(p.sharingMembers), cases: p.cases, billedFen: num(p.billedFen), ...flowsOut(p),
  })), req.query));

  r.get('/regulator/flows/months', {
    config: { access },
    schema: {
      tags, summary: 'Fund flows per calendar month (the plan\'s zone), with the wallets and surplus carried at its end', querystring: listQuery,
      response: { 200: page(z.object({ plan: z.string(), month: z.string(), ...flowsSchema })), ...errorResponses },
    },
  }, async (req) => paged((await monthFlows(ctx.db, pageOf(req.query))).map((m) => ({ plan: m.plan, month: m.month, ...flowsOut(m) })), req.query));

  r.get('/regulator/proof/days', {
    config: { access },
    schema: {
      tags, summary: 'The "no precipitated funds" proof for each day with money movement: settlement = surplus carried + wallets', querystring: listQuery,
      response: { 200: page(z.object({ plan: z.string(), day: z.string(), settlementFen: fen, surplusCarriedFen: fen, walletsFen: fen, differenceFen: fen, ok: z.boolean() })), ...errorResponses },
    },
  }, async (req) => paged((await dailyProof(ctx.db, pageOf(req.query))).map((d) => ({
    plan: d.plan, day: d.day, settlementFen: num(d.settlementFen), surplusCarriedFen: num(d.surplusCarriedFen), walletsFen: num(d.walletsFen), differenceFen: num(d.differenceFen), ok: d.ok,
  })), req.query));

  r.get('/regulator/wallets/days', {
    config: { access },
    schema: {
      tags, summary: 'Prepaid wallets by day: recharged, deducted, refunded, and the total held at the end of the day', querystring: listQuery,
      response: { 200: page(z.object({ plan: z.string(), day: z.string(), rechargedFen: fen, deductedFen: fen, refundedFen: fen, walletsFen: fen })), ...errorResponses },
    },
  }, async (req) => paged((await walletsByDay(ctx.db, pageOf(req.query))).map((w) => ({
    plan: w.plan, day: w.day, rechargedFen: num(w.rechargedFen), deductedFen: num(w.deductedFen), refundedFen: num(w.refundedFen), walletsFen: num(w.walletsFen),
  })), req.query));

}

/** The CSV downloads and the monthly report page. */
function downloadRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/regulator/csv/:name', {
    config: { access },
    schema: {
      tags, summary: 'A download as CSV (RFC 4180, streamed; columns in docs/regulator.md)', params: z.object({ name: z.enum(CSV_NAMES) }), querystring: filter,
    },
  }, async (req, reply) => {
    const f = { planId: req.query.plan, month: req.query.month };
    const chunks = csvOf(ctx.db, req.params.name, f);
    const first = await chunks.next(); // the header: a bad filter fails here, before anything is sent
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${csvFileName(req.params.name, f)}"`)
      .send(Readable.from((async function* () { if (!first.done) yield first.value; yield* chunks; })()));
  });

  r.get('/regulator/report', {
    config: { access },
    schema: {
      tags, summary: 'The monthly report: one self-contained HTML page (fund flows, periods, the daily proof, claims, wind-down status)',
      querystring: z.object({ month, plan: planId.optional(), lang: z.enum(REPORT_LANGUAGES).default('zh-CN') }),
    },
  }, async (req, reply) => {
    const report = await monthlyReport(ctx.db, { month: req.query.month, planId: req.query.plan, at: ctx.clock() });
    return reply.type('text/html; charset=utf-8').send(reportHtml(report, req.query.lang));
  });
}
