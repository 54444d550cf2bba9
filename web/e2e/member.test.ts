/**
 * The member's pages in Chromium against the real server (demo seed): my bills with the cases
 * behind each, and "verify my bill" checked in the browser; axe and screenshots at both widths in
 * both languages. The log-in goes through the API in the page's context (the session cookie is
 * the browser's), so these pages do not depend on the log-in page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, openPage, rawKeys, screenshot, startRig, WIDTHS, type Rig, type Width } from './harness.ts';

let rig: Rig;
beforeAll(async () => { rig = await startRig(); }, 300_000);
afterAll(async () => { await rig?.close(); });

async function memberPage(width: Width, lng: 'zh-CN' | 'en'): Promise<Page> {
  const page = await openPage(rig, width, lng);
  const res = await page.request.post(`${rig.url}/auth/login`, { data: { email: 'member@demo.huzhu', password: rig.accounts['member@demo.huzhu'] } });
  expect(res.status()).toBe(200);
  return page;
}

const ownRawKeys = async (page: Page) => [...(await page.locator('body').innerText()).matchAll(/\bmy\.[a-zA-Z.]+\b/g)].map((m) => m[0]);

describe('member pages', () => {
  for (const width of Object.keys(WIDTHS) as Width[]) {
    it(`my bills at ${width}: the bills with their cases in both languages, no raw key, axe clean`, async () => {
      for (const lng of ['zh-CN', 'en'] as const) {
        const page = await memberPage(width, lng);
        await page.goto(`${rig.url}/my/bills`);
        await page.locator('[data-testid="bill-total"]').first().waitFor();
        expect(await page.locator('table tbody tr').count()).toBeGreaterThan(0);
        expect([...(await rawKeys(page)), ...(await ownRawKeys(page))]).toEqual([]);
        expect(await axeViolations(page)).toEqual([]);
        await screenshot(page, `my-bills-${width}-${lng}`);
        await page.context().close();
      }
    });
  }

  it('verifies my bill in the browser, and says so when the server\'s proof is tampered with', async () => {
    const page = await memberPage('desktop', 'en');
    await page.goto(`${rig.url}/my/bills`);
    const button = page.getByRole('button', { name: 'Verify my bill' }).first();
    await button.click();
    const status = page.locator('[data-testid^="verify-"]').first();
    await expect.poll(() => status.innerText(), { timeout: 30_000 }).toMatch(/^Verified: ¥/);
    await screenshot(page, 'my-bills-verified-desktop-en');
    // A proof changed on the way: one character of its signature line.
    await page.route('**/me/bills/*/*/proof**', async (route) => {
      const res = await route.fetch();
      const text = await res.text();
      await route.fulfill({ response: res, body: text.replace(/— (\S+) (\S)/, (_m, name: string, c: string) => `— ${name} ${c === 'A' ? 'B' : 'A'}`) });
    });
    await page.reload();
    await page.getByRole('button', { name: 'Verify my bill' }).first().click();
    await expect.poll(() => page.locator('[data-testid^="verify-"]').first().innerText(), { timeout: 30_000 }).toMatch(/^Verification failed/);
    await page.context().close();
  });
});
