/**
 * The operator's calendar page in Chromium against the real server (demo seed): axe and
 * screenshots at both widths in both languages, then the demo clock moved to the announcement and
 * to the charge, and the calendar seen to have run through each.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, openPage, rawKeys, screenshot, startRig, WIDTHS, type Rig, type Width } from './harness.ts';

let rig: Rig;
beforeAll(async () => { rig = await startRig(); }, 300_000);
afterAll(async () => { await rig?.close(); });

async function operatorPage(width: Width, lng: 'zh-CN' | 'en'): Promise<Page> {
  const page = await openPage(rig, width, lng);
  const res = await page.request.post(`${rig.url}/auth/login`, { data: { email: 'operator@demo.huzhu', password: rig.accounts['operator@demo.huzhu'] } });
  expect(res.status()).toBe(200);
  return page;
}

const ownRawKeys = async (page: Page) => [...(await page.locator('body').innerText()).matchAll(/\bops\.[a-zA-Z.]+\b/g)].map((m) => m[0]);

describe('operator pages', () => {
  for (const width of Object.keys(WIDTHS) as Width[]) {
    it(`the calendar at ${width}: both languages, the demo clock marked, no raw key, axe clean`, async () => {
      for (const lng of ['zh-CN', 'en'] as const) {
        const page = await operatorPage(width, lng);
        await page.goto(`${rig.url}/operator/calendar`);
        await page.locator('[data-testid="through-xhb-demo"]').waitFor();
        await page.locator('.demo-clock .badge').waitFor();
        expect([...(await rawKeys(page)), ...(await ownRawKeys(page))]).toEqual([]);
        expect(await axeViolations(page)).toEqual([]);
        await screenshot(page, `operator-calendar-${width}-${lng}`);
        await page.context().close();
      }
    });
  }

  it('moves the demo clock to the next announcement, then the charge; the calendar runs through each', async () => {
    const page = await operatorPage('desktop', 'en');
    const clock = async () => (await page.request.get(`${rig.url}/ops/demo/clock`)).json() as Promise<{ today: string; nextAnnouncement: string; nextCharge: string; calendar: { planId: string; throughOn: string }[] }>;
    const start = await clock();
    await page.goto(`${rig.url}/operator/calendar`);
    await page.getByRole('button', { name: /Move to the next announcement/ }).click();
    await expect.poll(async () => (await clock()).today, { timeout: 60_000 }).toBe(start.nextAnnouncement);
    const afterAnnouncement = await clock();
    await page.getByRole('button', { name: /Move to the next charge/ }).click();
    await expect.poll(async () => (await clock()).calendar.find((p) => p.planId === 'xhb-demo')?.throughOn, { timeout: 60_000 }).toBe(afterAnnouncement.nextCharge);
    await expect.poll(() => page.locator('[data-testid="demo-today"]').innerText(), { timeout: 30_000 }).toContain('Demo date');
    const period = await page.request.get(`${rig.url}/public/plans/xhb-demo/periods/${start.nextAnnouncement}`);
    expect(period.status()).toBe(200);
    await screenshot(page, 'operator-calendar-after-charge-desktop-en');
    await page.context().close();
  });
});
