/**
 * The replay scenario format: a contract, so auditors can recompute every period from the public
 * record. Validated whole before anything runs; an error names the event index and the field.
 */
import { z } from 'zod';
import { HuzhuError } from '../domain/errors.ts';
import { parseInstant, parseLocalDate } from '../domain/local-date.ts';
import { planRulesJson } from '../domain/plan-rules.ts';

const id = z.string().min(1).max(200);
const localDate = z.string().refine((v) => { try { parseLocalDate(v); return true; } catch { return false; } }, 'expected a real date as YYYY-MM-DD');
const instant = z.string().refine((v) => { try { parseInstant(v); return true; } catch { return false; } }, 'expected an ISO instant with an offset, like 2020-01-07T00:00:00+08:00');

const base = { at: instant };
export const eventSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('join'), plan: id, member: id, payer: id, birthDate: localDate,
    declaration: z.record(z.string(), z.boolean()).optional(), creditScore: z.number().int().min(0).max(1000).optional() }).strict(),
  z.object({ ...base, type: z.literal('quit'), plan: id, member: id }).strict(),
  z.object({ ...base, type: z.literal('claim'), plan: id, claim: id, member: id, diagnosedOn: localDate,
    severity: z.enum(['severe', 'mild']), cause: z.enum(['illness', 'accident']), disease: z.string().max(200).optional() }).strict(),
  z.object({ ...base, type: z.literal('approve'), claim: id, reason: z.string().max(2000).optional() }).strict(),
  z.object({ ...base, type: z.literal('reject'), claim: id, reason: z.string().min(1).max(2000) }).strict(),
  z.object({ ...base, type: z.literal('payerFails'), payer: id }).strict(),
  z.object({ ...base, type: z.literal('payerRecovers'), payer: id }).strict(),
  // Issue 6: the public notice, challenges and the jury.
  z.object({ ...base, type: z.literal('challenge'), claim: id, member: id, reason: z.string().min(1).max(5000) }).strict(),
  z.object({ ...base, type: z.literal('challengeResolved'), claim: id, upheld: z.boolean() }).strict(),
  z.object({ ...base, type: z.literal('appeal'), claim: id }).strict(),
  // Issue 14: the move to the plan the plan's `transfer` setting names.
  z.object({ ...base, type: z.literal('transfer'), plan: id, member: id, toPlan: id }).strict(),
  // Issue 13: a recharge of the payer's wallet in a prepaid plan, through the (simulated) provider.
  z.object({ ...base, type: z.literal('recharge'), plan: id, payer: id, amountFen: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) }).strict(),
  // Issue 14: rule changes by member vote (the second operator's confirmation is implied).
  z.object({ ...base, type: z.literal('propose'), plan: id, proposal: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, '1-40 letters, digits, dots, dashes'),
    rules: z.record(z.string(), z.unknown()), effectiveOn: localDate, reason: z.string().min(10).max(2000).optional() }).strict(),
  z.object({ ...base, type: z.literal('vote'), proposal: id, member: id, inFavour: z.boolean() }).strict(),
  // Issue 13: the plan's wind-down, started at `at` (the second operator's confirmation is implied).
  z.object({ ...base, type: z.literal('windDown'), plan: id, cutOffOn: localDate, refundPastShares: z.boolean().optional(),
    claimWindowDays: z.number().int().min(0).max(3650).optional() }).strict(),
  z.object({ ...base, type: z.literal('verdict'), claim: id, pay: z.boolean(), votesFor: z.number().int().min(0).max(1e9), votesAgainst: z.number().int().min(0).max(1e9) }).strict(),
]);

export const EVENT_TYPES = ['join', 'quit', 'claim', 'approve', 'reject', 'payerFails', 'payerRecovers', 'challenge', 'challengeResolved', 'appeal', 'verdict', 'transfer', 'recharge', 'propose', 'vote', 'windDown'] as const;

export const scenarioSchema = z.object({
  plans: z.array(z.object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'use lower-case letters, digits and dashes'),
    preset: z.enum(['critical-illness', 'elderly-cancer']),
    name: z.string().optional(),
    rules: planRulesJson.partial().optional(),
  }).strict()).min(1),
  until: localDate,
  events: z.array(z.unknown()),
}).strict();

export type ReplayEvent = z.infer<typeof eventSchema>;
export interface Scenario {
  plans: z.infer<typeof scenarioSchema>['plans'];
  until: string;
  events: ReplayEvent[];
}

function fail(path: (string | number)[], message: string): never {
  const field = path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
  throw new HuzhuError('VALIDATION', `${field}: ${message}`, { field });
}

function firstIssue(prefix: (string | number)[], error: z.ZodError): never {
  const issue = error.issues[0]!;
  let message = issue.message;
  if (issue.code === 'invalid_union' && issue.path.length === 0) message = `unknown event type (${EVENT_TYPES.join(', ')})`;
  if (issue.code === 'invalid_type' && message.includes('received undefined')) message = 'required';
  fail([...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message);
}

/** Parses and checks a scenario: shapes, time order, and that every member, claim and payer is known before use. */
export function parseScenario(input: unknown): Scenario {
  const top = scenarioSchema.safeParse(input);
  if (!top.success) firstIssue([], top.error);
  const plans = new Set(top.data.plans.map((p) => p.id));
  if (plans.size !== top.data.plans.length) fail(['plans'], 'two plans have the same id');
  const members = new Set<string>();
  const payers = new Set<string>();
  const claims = new Set<string>();
  const proposals = new Set<string>();
  const events: ReplayEvent[] = [];
  let last = -Infinity;
  top.data.events.forEach((raw, i) => {
    const where = ['events', i];
    if (typeof raw !== 'object' || raw === null) fail(where, 'expected an object');
    const type = (raw as { type?: unknown }).type;
    if (typeof type !== 'string') fail([...where, 'type'], 'required');
    if (!(EVENT_TYPES as readonly string[]).includes(type)) {
      fail([...where, 'type'], `unknown event type "${type}"`);
    }
    const parsed = eventSchema.safeParse(raw);
    if (!parsed.success) firstIssue(where, parsed.error);
    const e = parsed.data;
    const t = parseInstant(e.at).getTime();
    if (t < last) fail([...where, 'at'], 'events must be in time order; this one is earlier than the one before');
    last = t;
    if ('plan' in e && !plans.has(e.plan)) fail([...where, 'plan'], `unknown plan "${e.plan}"`);
    switch (e.type) {
      case 'join': members.add(e.member); payers.add(e.payer); break;
      case 'recharge': payers.add(e.payer); break;
      case 'quit': if (!members.has(e.member)) fail([...where, 'member'], `unknown member "${e.member}"`); break;
      case 'transfer':
        if (!members.has(e.member)) fail([...where, 'member'], `unknown member "${e.member}"`);
        if (!plans.has(e.toPlan)) fail([...where, 'toPlan'], `unknown plan "${e.toPlan}"`);
        break;
      case 'claim':
        if (!members.has(e.member)) fail([...where, 'member'], `unknown member "${e.member}"`);
        if (claims.has(e.claim)) fail([...where, 'claim'], `claim "${e.claim}" was already filed`);
        claims.add(e.claim);
        break;
      case 'challenge':
        if (!members.has(e.member)) fail([...where, 'member'], `unknown member "${e.member}"`);
        if (!claims.has(e.claim)) fail([...where, 'claim'], `unknown claim "${e.claim}"`);
        break;
      case 'approve': case 'reject': case 'challengeResolved': case 'appeal': case 'verdict':
        if (!claims.has(e.claim)) fail([...where, 'claim'], `unknown claim "${e.claim}"`);
        break;
      case 'propose':
        if (proposals.has(e.proposal)) fail([...where, 'proposal'], `proposal "${e.proposal}" was already made`);
        proposals.add(e.proposal);
        break;
      case 'vote':
        if (!proposals.has(e.proposal)) fail([...where, 'proposal'], `unknown proposal "${e.proposal}"`);
        break;
      case 'payerFails': case 'payerRecovers': if (!payers.has(e.payer)) fail([...where, 'payer'], `unknown payer "${e.payer}"`); break;
    }
    events.push(e);
  });
  const lastEvent = events[events.length - 1];
  if (lastEvent && top.data.until < lastEvent.at.slice(0, 10)) fail(['until'], `${top.data.until} is before the last event`);
  return { plans: top.data.plans, until: top.data.until, events };
}
