/**
 * Issue 11, item 5: bad input an outsider can send answers 4xx in the documented shape, never a
 * database error as 500: impossible calendar dates, control characters, bad URL encoding.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../domain/errors.ts';
import { makeNationalId, testServer, type TestServer } from './testing.ts';

let s: TestServer;
beforeAll(async () => {
  s = await testServer();
  await s.call('admin', 'POST', '/ops/plans', { id: 'xhb-demo', name: 'plan', preset: 'critical-illness' });
});
afterAll(async () => { await s?.close(); });

function expectDocumented4xx(r: { status: number; json: any }, field?: string): void {
  expect(r.status, JSON.stringify(r.json)).toBeGreaterThanOrEqual(400);
  expect(r.status).toBeLessThan(500);
  expect(Object.keys(r.json ?? {})).toEqual(['error']);
  expect(Object.keys(ERROR_CODES)).toContain(r.json.error.code);
  expect(typeof r.json.error.message).toBe('string');
  if (field) expect(r.json.error.field).toBe(field);
}

describe('dates that do not exist', () => {
  const BAD = ['2020-02-30', '9999-99-99', '2026-13-45'];
  it.each(BAD)('%s in a public period URL is a VALIDATION naming the field', async (d) => {
    for (const url of [`/public/plans/xhb-demo/periods/${d}`, `/public/plans/xhb-demo/periods/${d}/cases`]) {
      const r = await s.call(null, 'GET', url);
      expectDocumented4xx(r, 'params.announcedOn');
      expect(r.json.error.code).toBe('VALIDATION');
    }
  });
  it.each(BAD)('%s in a bill proof URL is a VALIDATION naming the field', async (d) => {
    const r = await s.call('member', 'GET', `/me/bills/xhb-demo/${d}/proof`);
    expectDocumented4xx(r, 'params.announcedOn');
  });
  it('a real date that has no period is still a 404', async () => {
    expect((await s.call(null, 'GET', '/public/plans/xhb-demo/periods/2020-02-29')).status).toBe(404);
  });
});

describe('control characters', () => {
  it('a NUL in a person\'s name is refused naming the field', async () => {
    const r = await s.call('member', 'POST', '/me/people', { relation: 'self', name: '李\u0000明', idNumber: makeNationalId('31', '1985-04-12', 3) });
    expectDocumented4xx(r, 'body.name');
    expect(r.json.error.code).toBe('VALIDATION');
  });
  it('a NUL in a plan name is refused naming the field', async () => {
    const r = await s.call('admin', 'POST', '/ops/plans', { id: 'nul-plan', name: 'a\u0000b', preset: 'critical-illness' });
    expectDocumented4xx(r, 'body.name');
  });
  it('an escape character in a query string is refused naming the field', async () => {
    for (const q of ['%00', '%1b%5b31m', '%7f']) {
      const r = await s.call('auditor', 'GET', `/audit/trail?subject=${q}`);
      expectDocumented4xx(r, 'querystring.subject');
    }
  });
  it('line breaks in a long text are still allowed', async () => {
    const r = await s.call('admin', 'POST', '/ops/plans', { id: 'multi-line', name: 'plan\nname', preset: 'critical-illness' });
    expect(r.status).not.toBe(400);
  });
});

describe('bad URL encoding', () => {
  it('gets the documented error body, not the framework\'s', async () => {
    for (const url of ['/public/plans/%zz/periods', '/public/plans/%E0%A4%A/periods', '/me/bills/%/2020-01-07/proof']) {
      const r = await s.call(null, 'GET', url);
      expectDocumented4xx(r);
      expect(r.json.error.code).toBe('VALIDATION');
    }
  });
  it('in a query string is never a 5xx', async () => {
    const r = await s.call('auditor', 'GET', '/audit/trail?subject=%zz%E0%A4%A');
    expect(r.status).toBeLessThan(500);
  });
});
