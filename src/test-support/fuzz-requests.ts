/**
 * Generated requests across every operation of /openapi.json, as every kind of caller (nobody,
 * member, operator, investigator, auditor, admin), with valid, boundary and hostile values (dates
 * that do not exist, NUL and control characters, huge numbers, wrong types, bad encodings).
 * Used by bench/fuzz.ts (100,000 requests) and by the CI fuzz test (a few thousand).
 *
 * What it checks, beside "never a 5xx": every 4xx carries a documented code; a refused write
 * leaves no row behind (table counts around every refused non-GET request, bar the tables a
 * refusal rightly writes, REFUSALS_MAY_WRITE); and the books check passes at the end.
 */
import { ERROR_CODES } from '../domain/errors.ts';
import { ROLES, type Role } from '../domain/principal.ts';
import { setRole } from '../repositories/accounts-repo.ts';
import { checkBooks } from '../services/books-check.ts';
import { HEALTHY, makeNationalId, PASSWORD, type TestServer } from '../server/testing.ts';
import { seededRandom } from '../domain/seeded-random.ts';

export interface FuzzReport {
  requests: number;
  /** Refused writes checked for rows left behind. */
  checked: number;
  operations: number;
  statuses: Record<number, number>;
  /** "METHOD path: status body" of each 5xx. */
  serverErrors: string[];
  /** 4xx answers whose body has no documented error code. */
  uncoded: string[];
  /** Refused writes that left rows behind: "METHOD path status: table +n". */
  halfWritten: string[];
  booksOk: boolean;
  /** The passwords and tokens the run used: the secrets scan looks for them. */
  secrets: string[];
}

/**
 * Tables a refused request rightly writes: the access and log-in audit trail records refusals;
 * the idempotency store and sessions are bookkeeping of the transport; a claim the automatic
 * checks refuse stays on record with its review, event and log entry (claims-service.ts); a
 * failed quiz is an attempt (quiz attempts are limited). A join the rules refuse writes nothing
 * (member-memberships.ts rolls it back).
 */
const REFUSALS_MAY_WRITE: Readonly<Record<string, readonly string[]>> = {
  '*': ['audit_trail', 'http_idempotency', 'sessions', 'schema_migrations'],
  'POST /me/claims': ['claims', 'claim_reviews', 'events', 'log_entries', 'log_nodes', 'claim_documents', 'documents'],
  'POST /jury/qualify': ['juror_quiz_attempts'],
};

type Mode = 'valid' | 'boundary' | 'hostile';
interface Gen { r: () => number; pick<T>(xs: readonly T[]): T; world: World }

/** Real objects the valid values point at, so valid requests reach the services' rules. */
interface World { plan: string; personIds: number[]; claimRefs: string[]; accountIds: number[]; dates: string[] }

const HOSTILE_STRINGS = [
  '', '\u0000', 'a\u0000b', '\u0007\u001b[31m', 'x\u202eevil', '\ud800', '\uffff', '%00', '%zz', '..%2F..%2Fetc%2Fpasswd', '../../etc/passwd',
  "'; DROP TABLE claims; --", '<script>alert(1)</script>', '${7*7}', '{{7*7}}', '１３６００００００００', 'ＸＨＢ', ' xhb ', 'XHB', '\t', '\r\n',
  '2020-02-30', '9999-99-99', '2026-13-45', '0000-00-00', '2024-02-30', '1900-02-29', '+2024-01-01', '2024-1-1', '2024-01-01T00:00:00Z',
  'NaN', 'Infinity', '-0', '1e308', '9'.repeat(400), 'x'.repeat(5000), '\u0301'.repeat(50), '👨‍👩‍👧‍👦'.repeat(20),
];
const HOSTILE_VALUES: readonly unknown[] = [
  null, true, false, 0, -1, 1.5, -0.0001, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 63, [], [1, 2], {}, { $gt: '' }, { __proto__: { x: 1 } }, ['\u0000'],
];
const DATES = ['2024-02-29', '2023-02-28', '2024-03-01', '2024-03-07', '2020-01-07', '1900-01-01', '2099-12-31', '1970-01-01'];

/** A value for a property by its name, when the name says what a valid one is. */
function byName(name: string, g: Gen): unknown {
  const w = g.world;
  switch (name) {
    case 'plan': return w.plan;
    case 'person': return g.pick(w.personIds);
    case 'ref': case 'claim': return g.pick(w.claimRefs);
    case 'id': case 'investigatorId': case 'accountId': return g.pick(w.accountIds);
    case 'announcedOn': case 'diagnosedOn': case 'date': case 'from': case 'to': case 'at': return g.pick(w.dates);
    case 'idNumber': return makeNationalId(g.pick(['11', '31', '44']), g.pick(['1985-04-12', '2001-12-31', '1960-02-29']), Math.floor(g.r() * 900));
    case 'email': return `fuzz${Math.floor(g.r() * 1e6)}@example.com`;
    case 'password': case 'newPassword': return PASSWORD;
    case 'declaration': return HEALTHY;
    case 'relation': return g.pick(['self', 'spouse', 'child', 'parent']);
    case 'name': return g.pick(['王芳', '李四', 'Plan B', '张 三']);
    case 'phone': return g.pick(['13800000000', '1380000']);
    default: return undefined;
  }
}

/** A value for a JSON schema (as zod writes it into /openapi.json). */
function valueFor(schema: any, g: Gen, mode: Mode, name = '', depth = 0): unknown {
  if (mode === 'hostile' && g.r() < 0.5) return g.r() < 0.6 ? g.pick(HOSTILE_STRINGS) : g.pick(HOSTILE_VALUES);
  if (!schema || depth > 4) return g.pick(HOSTILE_VALUES);
  if (schema.anyOf || schema.oneOf) return valueFor(g.pick(schema.anyOf ?? schema.oneOf), g, mode, name, depth + 1);
  if (mode === 'valid' && g.r() < 0.7) { const v = byName(name, g); if (v !== undefined) return v; }
  if (schema.enum) return mode === 'valid' || g.r() < 0.5 ? g.pick(schema.enum) : String(g.pick(schema.enum)).toUpperCase();
  const type = Array.isArray(schema.type) ? g.pick(schema.type) : schema.type;
  switch (type) {
    case 'string': {
      if (schema.pattern === '^\\d{4}-\\d{2}-\\d{2}$') return mode === 'valid' ? g.pick(g.world.dates) : g.pick(['2020-02-30', '9999-99-99', '2026-13-45', '2024-02-29', '0001-01-01']);
      const max = schema.maxLength ?? 60;
      if (mode === 'boundary') return g.pick(['', 'x'.repeat(Math.min(max, 10000)), 'x'.repeat(Math.min(max + 1, 10001)), 'x'.repeat(schema.minLength ?? 0)]);
      return g.pick(['fuzz', 'a reason long enough to pass', '正常的说明文字', 'xhb', 'severe']);
    }
    case 'integer': case 'number': {
      const lo = schema.minimum ?? -1000; const hi = schema.maximum ?? 1000;
      if (mode === 'boundary') return g.pick([lo, hi, lo - 1, hi + 1, 0]);
      return Math.min(hi, Math.max(lo, Math.floor(g.r() * 200)));
    }
    case 'boolean': return g.r() < 0.5;
    case 'null': return null;
    case 'array': return Array.from({ length: Math.floor(g.r() * 3) }, () => valueFor(schema.items, g, mode, name, depth + 1));
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set<string>(schema.required ?? []);
      for (const [k, sub] of Object.entries<any>(schema.properties ?? {})) {
        if (!required.has(k) && g.r() < 0.5) continue;
        if (mode !== 'valid' && required.has(k) && g.r() < 0.1) continue; // a missing required field
        out[k] = valueFor(sub, g, g.r() < 0.8 ? (mode === 'hostile' ? 'valid' : mode) : mode === 'valid' ? 'valid' : 'hostile', k, depth + 1);
      }
      if (mode === 'hostile' && g.r() < 0.2) out[g.pick(['extra', '__proto__', 'constructor'])] = 1;
      return out;
    }
    default: return valueFor({ type: 'object', properties: {} }, g, mode, name, depth + 1);
  }
}

// ---- One request -----------------------------------------------------------------------------

interface Operation { method: string; path: string; pattern: string; params: any[]; body: any; bodyType: string | undefined; allowed: readonly Role[] | 'public' }

const CONTENT_TYPES = ['application/json', 'application/json', 'application/json', 'application/json; charset=utf-16', 'text/plain', 'application/pdf', 'image/png', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'garbage/;;;'];
const BAD_BYTES = [Buffer.from([0xff, 0xfe, 0x00, 0x7b]), Buffer.from('{"name":"\xc3\x28"}', 'latin1'), Buffer.from([0xc0, 0xaf]), Buffer.from('%PDF-1.4 fuzz'), Buffer.from('{"a":')];

/** Percent-encoding; a lone surrogate (no UTF-8 form) goes as the bytes a careless encoder sends. */
function enc(v: unknown): string {
  try { return encodeURIComponent(String(v ?? '')); } catch { return '%ED%A0%80'; }
}

function pathSegment(name: string, schema: any, g: Gen, mode: Mode): string {
  if (mode === 'hostile') return g.pick(['%00', '%zz', '%E0%A4%A', '..', encodeURIComponent('\u0007x'), 'x'.repeat(199), encodeURIComponent('2020-02-30'), '-1', '1e308', encodeURIComponent('王')]);
  const v = valueFor(schema, g, mode, name);
  return enc(v ?? 'x');
}

function requestFor(op: Operation, g: Gen): { url: string; headers: Record<string, string>; payload?: string | Buffer; mode: Mode } {
  const roll = g.r();
  const mode: Mode = roll < 0.4 ? 'valid' : roll < 0.65 ? 'boundary' : 'hostile';
  let url = op.path.replace(/\{\*\}/, () => g.pick(['checkpoint', 'tile/0/000', 'tile/entries/000', 'x/../../etc', '%00']));
  const query: string[] = [];
  for (const p of op.params) {
    const pm: Mode = g.r() < 0.6 ? 'valid' : mode;
    if (p.in === 'path') url = url.replace(`{${p.name}}`, pathSegment(p.name, p.schema, g, pm));
    else if (p.in === 'query' && (p.required || g.r() < 0.5)) query.push(`${encodeURIComponent(p.name)}=${pm === 'hostile' && g.r() < 0.3 ? '%E0%A4%A' : enc(valueFor(p.schema, g, pm, p.name))}`);
  }
  if (mode === 'hostile' && g.r() < 0.2) query.push(g.pick(['limit=5&limit=6', 'x[]=1', '%zz=1', 'subject=%00', 'offset=1e99']));
  if (query.length) url += '?' + query.join('&');
  const headers: Record<string, string> = {};
  if (g.r() < 0.05) headers['idempotency-key'] = g.pick(['fuzz-key', 'k'.repeat(201), `fuzz-${Math.floor(g.r() * 1e9)}`]);
  if (op.method === 'GET' || op.method === 'DELETE') return { url, headers, mode };
  headers['content-type'] = mode === 'valid' ? (op.bodyType ?? 'application/json') : g.pick(CONTENT_TYPES);
  if (mode === 'hostile' && g.r() < 0.3) return { url, headers, payload: g.pick(BAD_BYTES), mode };
  if (op.bodyType && op.bodyType !== 'application/json') return { url, headers, payload: g.pick([Buffer.from('%PDF-1.4\n%fuzz\n'), Buffer.alloc(0), g.pick(BAD_BYTES)]), mode };
  const body = valueFor(op.body ?? { type: 'object', properties: {} }, g, mode);
  return { url, headers, payload: JSON.stringify(body) ?? 'null', mode };
}

// ---- The run ---------------------------------------------------------------------------------

async function operations(s: TestServer): Promise<Operation[]> {
  const spec = (await s.call(null, 'GET', '/openapi.json')).json;
  const access = new Map(s.routes.map((r) => [`${r.method} ${r.url}`, r.access]));
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<any>(spec.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      const pattern = path.replace(/\{\*\}/, '*').replace(/\{(\w+)\}/g, ':$1');
      const content = op.requestBody?.content ?? {};
      const bodyType = Object.keys(content)[0];
      ops.push({
        method: method.toUpperCase(), path, pattern, params: op.parameters ?? [], body: bodyType ? content[bodyType].schema : undefined, bodyType,
        allowed: access.get(`${method.toUpperCase()} ${pattern}`) ?? 'public',
      });
    }
  }
  return ops;
}

/** A plan, a person with a membership, and a claim: what valid values point at. */
async function seedWorld(s: TestServer): Promise<World> {
  await s.call('admin', 'POST', '/ops/plans', { id: 'xhb', name: 'fuzz plan', preset: 'critical-illness' });
  const p = await s.call('member', 'POST', '/me/people', { relation: 'self', name: '王芳', idNumber: makeNationalId('11', '1980-01-01', 3), phone: '13700000001' });
  await s.call('member', 'POST', '/me/memberships', { plan: 'xhb', person: p.json.id, declaration: HEALTHY });
  const c = await s.call('member', 'POST', '/me/claims', { plan: 'xhb', person: p.json.id, diagnosedOn: '2024-03-01', severity: 'severe', cause: 'accident', diseaseCode: 'brain-surgery' });
  return {
    plan: 'xhb', personIds: [p.json.id, 1, 999999], claimRefs: [c.json?.ref ?? 'C-0', 'NO-SUCH-CLAIM'],
    accountIds: [...ROLES.map((r) => Number(s.ids[r])), 1, 999999], dates: DATES,
  };
}

async function tableCounts(s: TestServer, tables: readonly string[]): Promise<number[]> {
  const row = (await s.db.query<Record<string, bigint>>(`SELECT ${tables.map((t, i) => `(SELECT count(*) FROM "${t}") AS c${i}`).join(', ')}`))[0]!;
  return tables.map((_t, i) => Number(row[`c${i}`]));
}

/** Staff whose role or sessions a fuzzed admin call changed get them back, so every role keeps being tried. */
async function restoreCallers(s: TestServer): Promise<void> {
  for (const role of ROLES) {
    await setRole(s.db, s.ids[role], role);
    s.tokens[role] = (await s.ctx.sessions.create(s.ids[role], s.now.t)).token;
  }
}

/**
 * checkEvery: the half-written check (two table counts around a write) on every k-th request;
 * 1 (every write) in CI, more in the 100,000-request bench, where the counts would double the time.
 */
export async function fuzzServer(s: TestServer, o: { requests: number; seed?: number; checkEvery?: number; onProgress?: (done: number) => void }): Promise<FuzzReport> {
  const r = seededRandom(o.seed ?? 42);
  const world = await seedWorld(s);
  const g: Gen = { r, pick: (xs) => xs[Math.floor(r() * xs.length)]!, world };
  const ops = (await operations(s)).filter((op) => !op.path.startsWith('/docs'));
  // Tables every refusal may write are not counted: their counts would be thrown away, and the
  // audit trail and idempotency store grow with every request, so counting them was the half-written
  // check's largest cost (bench:fuzz profile).
  const tables = (await s.db.query<{ t: string }>(
    `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`))
    .map((x) => x.t).filter((t) => !REFUSALS_MAY_WRITE['*']!.includes(t));
  const report: FuzzReport = { checked: 0, requests: 0, operations: ops.length, statuses: {}, serverErrors: [], uncoded: [], halfWritten: [], booksOk: false, secrets: [PASSWORD] };
  const callers: (Role | null)[] = [null, ...ROLES];
  for (let i = 0; i < o.requests; i++) {
    if (i > 0 && i % 2000 === 0) { s.now.t = new Date(s.now.t.getTime() + 86_400_000); await restoreCallers(s); } // days pass: the calendar has work
    const op = ops[i % ops.length]!;
    const allowed = op.allowed === 'public' ? callers : op.allowed;
    const role = r() < 0.7 ? g.pick(allowed) : g.pick(callers);
    const req = requestFor(op, g);
    if (role) req.headers.authorization = `Bearer ${s.tokens[role]}`;
    const writes = op.method !== 'GET' && i % (o.checkEvery ?? 1) === 0;
    const before = writes ? await tableCounts(s, tables) : [];
    const res = await s.app.inject({ method: op.method as 'GET', url: req.url, headers: req.headers, ...(req.payload !== undefined ? { payload: req.payload } : {}) });
    report.requests++;
    report.statuses[res.statusCode] = (report.statuses[res.statusCode] ?? 0) + 1;
    const name = `${op.method} ${op.path}`;
    if (res.statusCode >= 500) report.serverErrors.push(`${name} ${req.url} ${String(req.payload ?? '').slice(0, 120)}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    else if (res.statusCode >= 400) {
      const code = (() => { try { return res.json().error?.code; } catch { return undefined; } })();
      if (!(code in ERROR_CODES)) report.uncoded.push(`${name} ${req.url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    }
    if (writes && res.statusCode >= 400) {
      report.checked++;
      const after = await tableCounts(s, tables);
      const may = new Set([...REFUSALS_MAY_WRITE['*']!, ...(REFUSALS_MAY_WRITE[name] ?? [])]);
      tables.forEach((t, k) => { if (after[k] !== before[k] && !may.has(t)) report.halfWritten.push(`${name} ${res.statusCode}: ${t} ${after[k]! - before[k]! > 0 ? '+' : ''}${after[k]! - before[k]!}`); });
    }
    if (op.method !== 'GET' && res.statusCode < 400 && /^\/(auth|admin)\//.test(op.path)) await restoreCallers(s);
    if (o.onProgress && i % 1000 === 999) o.onProgress(i + 1);
  }
  report.booksOk = (await checkBooks(s.db)).ok;
  return report;
}

/** The one line the bench prints and the README quotes. */
export function fuzzLine(rep: FuzzReport, seconds: number): string {
  return `fuzz requests=${rep.requests} 5xx=${rep.serverErrors.length} uncoded-4xx=${rep.uncoded.length} half-written=${rep.halfWritten.length}/${rep.checked}-checked books=${rep.booksOk ? 'ok' : 'FAILED'} `
    + `operations=${rep.operations} roles=6 statuses=${JSON.stringify(rep.statuses)} seconds=${seconds.toFixed(0)}`;
}
