/**
 * The regulator's view on the demo installation, logged in as the demo's regulator: every answer,
 * every CSV and both monthly reports (through the API and `huzhu report`) are scanned for the
 * demo's people: not one name, national ID number (nor its keyed hash), or phone appears. Also:
 * the downloads parse as RFC 4180 with their documented header, the journal streams every line by
 * key whatever the page size, the report is self-contained, and the proof holds on every day.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../domain/csv.ts';
import { writeMonthlyReport } from '../cli/report-command.ts';
import { CSV_COLUMNS, CSV_NAMES, csvOf } from '../services/regulator/csv-exports.ts';
import { DEMO_PLAN, seedDemo, type DemoAccount } from './seed.ts';
import { testServer, type TestServer } from './testing.ts';

let s: TestServer;
let token: string;
let secrets: string[];
let months: string[];
const out = mkdtempSync(join(tmpdir(), 'huzhu-report-'));

const get = async (url: string) => {
  const res = await s.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  return { status: res.statusCode, body: res.body, headers: res.headers };
};
/** Every secret found in `text` (none, we hope). */
const leaks = (text: string) => secrets.filter((x) => text.includes(x));

beforeAll(async () => {
  s = await testServer({ start: '2024-06-20T12:00:00+08:00' });
  await s.db.exec('DELETE FROM sessions; DELETE FROM accounts');
  const accounts = (await seedDemo(s.ctx, { members: 60, months: 3 })) as DemoAccount[];
  const regulator = accounts.find((a) => a.role === 'regulator')!;
  expect(regulator.email).toBe('regulator@demo.huzhu');
  token = (await s.call(null, 'POST', '/auth/login', { email: regulator.email, password: regulator.password })).json.token as string;
  const people = await s.db.query<{ name: string; phone: string | null; id_cipher: string; id_hash: string }>('SELECT name, phone, id_cipher, id_hash FROM people');
  secrets = [...new Set(people.flatMap((p) => [p.name, s.ctx.vault.decrypt(p.id_cipher), p.id_hash, ...(p.phone ? [p.phone] : [])]))];
  expect(secrets).toContain('李明');
  expect(secrets).toContain('13800000000');
  months = (await s.db.query<{ m: string }>(`SELECT DISTINCT to_char(at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS m FROM journal_entries ORDER BY 1`)).map((r) => r.m);
  expect(months.length).toBeGreaterThanOrEqual(3);
}, 300_000);
afterAll(async () => {
  await s?.close();
  rmSync(out, { recursive: true, force: true });
});

describe('the regulator\'s view of the demo', () => {
  it('never shows a name, an ID number or a phone: every JSON answer, page by page', async () => {
    const lists = ['/regulator/plans', '/regulator/flows/periods', '/regulator/flows/months', '/regulator/proof/days', '/regulator/wallets/days'];
    let scanned = 0;
    for (const base of lists) {
      for (const filter of ['', `&plan=${DEMO_PLAN}`, ...months.map((m) => `&month=${m}`)]) {
        for (let offset: number | null = 0; offset !== null;) {
          const r = await get(`${base}?limit=100&offset=${offset}${filter}`);
          expect(r.status, `${base}${filter}: ${r.body}`).toBe(200);
          expect(leaks(r.body), base).toEqual([]);
          offset = (JSON.parse(r.body) as { page: { next: number | null } }).page.next;
          scanned++;
        }
      }
    }
    expect(scanned).toBeGreaterThan(20);
  });

  it('never in a download either, and each parses with its documented header', async () => {
    for (const name of CSV_NAMES) {
      for (const filter of ['', ...months.map((m) => `?month=${m}`)]) {
        const r = await get(`/regulator/csv/${name}${filter}`);
        expect(r.status, `${name}${filter}`).toBe(200);
        expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
        expect(r.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="${name}(-\\d{4}-\\d{2})?\\.csv"$`));
        expect(leaks(r.body), `${name}${filter}`).toEqual([]);
        const records = parseCsv(r.body);
        expect(records[0], name).toEqual([...CSV_COLUMNS[name]]);
        for (const rec of records) expect(rec.length, name).toBe(CSV_COLUMNS[name].length);
      }
    }
    const claims = parseCsv((await get('/regulator/csv/claims')).body);
    expect(claims.length - 1).toBe(Number((await s.db.query<{ n: bigint }>('SELECT count(*) AS n FROM claims'))[0]!.n));
  });

  it('never in the monthly report, which is one self-contained page in each language', async () => {
    for (const month of months) {
      for (const lang of ['zh-CN', 'en']) {
        const r = await get(`/regulator/report?month=${month}&lang=${lang}`);
        expect(r.status).toBe(200);
        expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(r.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'unsafe-inline'/);
        expect(r.headers['cache-control']).toBe('no-store');
        expect(leaks(r.body), `${month} ${lang}`).toEqual([]);
        expect(r.body).toContain(`<html lang="${lang}">`);
        expect(r.body).not.toMatch(/<script|<link|<img|\bsrc=|\bhref=|url\(/i);
      }
    }
    const zh = await get(`/regulator/report?month=${months[1]}`);
    expect(zh.body).toContain('监管月报');
    expect(zh.body).toContain('正常运营');
    expect(zh.body).toMatch(/¥[\d,]+\.\d{2}/);
  });

  it('proves for every day with money movement that no pooled money stays: settlement = surplus carried + wallets', async () => {
    const days = JSON.parse((await get(`/regulator/proof/days?plan=${DEMO_PLAN}&limit=100`)).body) as { items: { ok: boolean; differenceFen: number }[] };
    expect(days.items.length).toBeGreaterThan(3);
    expect(days.items.filter((d) => !d.ok)).toEqual([]);
  });

  it('streams the journal by key: the same file at any page size, every line once', async () => {
    const read = async (pageSize?: number) => {
      let text = '';
      for await (const chunk of csvOf(s.db, 'journal', { pageSize })) text += chunk;
      return text;
    };
    const whole = await read();
    expect(await read(7)).toBe(whole);
    const lines = Number((await s.db.query<{ n: bigint }>('SELECT count(*) AS n FROM journal_lines'))[0]!.n);
    expect(parseCsv(whole).length - 1).toBe(lines);
  });

  it('refuses a bad month or download name by its field, and other roles', async () => {
    expect(JSON.parse((await get('/regulator/flows/months?month=2024-13')).body).error).toMatchObject({ code: 'VALIDATION' });
    expect((await get('/regulator/csv/people')).status).toBe(400);
    expect((await get('/regulator/report')).status).toBe(400);
    expect((await get('/regulator/report?month=2024-05&plan=no-such-plan')).status).toBe(404);
    expect((await get('/audit/trail')).status).toBe(403);
    expect((await get('/ops/claims')).status).toBe(403);
  });

  it('`huzhu report` writes every CSV and both reports for the month, none with personal data', async () => {
    const month = months[1]!;
    const files = await writeMonthlyReport(s.db, { month, out, at: new Date('2024-06-20T04:00:00Z') });
    expect(files.sort()).toEqual([...CSV_NAMES.map((n) => `${n}.csv`), 'report.en.html', 'report.zh-CN.html'].sort());
    expect(readdirSync(out).sort()).toEqual(files.sort());
    for (const f of files) expect(leaks(readFileSync(join(out, f), 'utf8')), f).toEqual([]);
    const api = (await get(`/regulator/csv/journal?month=${month}`)).body;
    expect(readFileSync(join(out, 'journal.csv'), 'utf8')).toBe(api);
    expect(readFileSync(join(out, 'report.en.html'), 'utf8')).toContain(`Regulator's monthly report · ${month}`.replace("'", '&#39;'));
    await expect(writeMonthlyReport(s.db, { month: '2024-1', out, at: new Date() })).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});
