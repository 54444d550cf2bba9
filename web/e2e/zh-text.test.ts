/**
 * The Chinese pages show no English the server sent: the plan's name (given in both languages),
 * provinces, the outlook's reasons, risk signals, sampling reasons and review outcomes are codes
 * or bilingual data the catalogs translate. Each page is read in zh-CN for a list of the server's
 * English words; the English pages still show them (so the list is real).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVINCES } from '../../src/server/national-id.ts';
import { openPage, startRig, type Rig } from './harness.ts';

let rig: Rig;
beforeAll(async () => { rig = await startRig(); }, 300_000);
afterAll(async () => { await rig?.close(); });

// The server's English words that once reached the Chinese pages.
const ENGLISH = [
  'Demo critical-illness plan', ...Object.values(PROVINCES), 'in a year', 'members fell', 'Shares, membership', 'One sign to watch',
  'risk signal', 'drawn in the random', 'always investigated', 'passed', 'Craniotomy', 'evidence document', 'brain-surgery', 'every entry balances', 'no pooled funds',
];
const englishIn = (text: string) => ENGLISH.filter((w) => new RegExp(`\\b${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(text));

async function logIn(page: Page, email: string): Promise<void> {
  const res = await page.request.post(`${rig.url}/auth/login`, { data: { email, password: rig.accounts[email] } });
  expect(res.status()).toBe(200);
}

async function textOf(page: Page, path: string, ready: string): Promise<string> {
  await page.goto(rig.url + path);
  await page.locator(ready).first().waitFor({ timeout: 60_000 });
  await page.waitForLoadState('networkidle');
  return page.locator('body').innerText();
}

describe('server text in the Chinese pages', () => {
  it('public, member and operator pages in zh-CN show none of the server\'s English words', async () => {
    const periods = await (await fetch(`${rig.url}/public/plans/xhb-demo/periods?limit=50&offset=0`)).json() as { items: { announcedOn: string; cases: number }[] };
    const withCases = periods.items.find((p) => p.cases > 0)!;
    const seen: Record<string, string[]> = {};
    const english: Record<string, string> = {};
    const visit = async (email: string | null, pages: [string, string][]) => {
      for (const lng of ['zh-CN', 'en'] as const) {
        const page = await openPage(rig, 'desktop', lng);
        if (email) await logIn(page, email);
        for (const [path, ready] of pages) {
          const text = await textOf(page, path, ready);
          if (lng === 'zh-CN') seen[path] = englishIn(text); else english[path] = text;
        }
        await page.context().close();
      }
    };
    await visit(null, [['/', '[data-testid="home-stats"]'], ['/notice', 'main h1'], [`/periods/${withCases.announcedOn}`, 'main table'], ['/rules', 'main h1']]);
    await visit('member@demo.huzhu', [['/my/bills', '[data-testid="my-bills"]']]);
    await visit('operator@demo.huzhu', [['/operator/claims', 'main table'], ['/operator/claims/DEMO-Q1', '[data-testid="sampled"]'], ['/operator/outlook', '[data-testid="outlook-level"]']]);
    await visit('auditor@demo.huzhu', [['/auditor/books', '[data-testid="books-check"]']]);
    await visit('regulator@demo.huzhu', [['/oversight', '[data-testid="proof-result"]']]);
    expect(seen).toEqual(Object.fromEntries(Object.keys(seen).map((k) => [k, []])));
    // The English pages show the same data in English: the words above are what the server sends.
    expect(englishIn(Object.values(english).join('\n'))).toEqual(expect.arrayContaining(['Demo critical-illness plan', 'passed', 'every entry balances']));
  }, 300_000);
});
