/**
 * The regulator's view in Chromium against the real server (demo seed), logged in as the demo's
 * regulator: plans with their wind-down status, fund flows per month and per period, the daily
 * proof all passing; axe clean and screenshots at both widths in both languages; a CSV download
 * and the monthly report (itself axe clean) opened from their links.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { axeViolations, openPage, rawKeys, screenshot, SCREENSHOTS, startRig, WIDTHS, type Rig, type Width } from './harness.ts';

let rig: Rig;
beforeAll(async () => { rig = await startRig(); }, 300_000);
afterAll(async () => { await rig?.close(); });

async function regulatorPage(width: Width, lng: 'zh-CN' | 'en'): Promise<Page> {
  const page = await openPage(rig, width, lng);
  const res = await page.request.post(`${rig.url}/auth/login`, { data: { email: 'regulator@demo.huzhu', password: rig.accounts['regulator@demo.huzhu'] } });
  expect(res.status()).toBe(200);
  return page;
}


async function openView(page: Page): Promise<void> {
  await page.goto(`${rig.url}/oversight`);
  await page.locator('[data-testid="plan-status"]').first().waitFor();
  await page.locator('[data-testid="month-flows"]').first().waitFor();
  await page.locator('[data-testid="period-flows"]').first().waitFor();
  await page.locator('[data-testid="proof-result"]').waitFor();
}

describe('the regulator\'s view', () => {
  for (const width of Object.keys(WIDTHS) as Width[]) {
    it(`at ${width}: both languages, every day's proof passing, no raw key, axe clean`, async () => {
      for (const lng of ['zh-CN', 'en'] as const) {
        const page = await regulatorPage(width, lng);
        await openView(page);
        expect(await page.locator('[data-testid="proof-result"]').innerText()).toMatch(/^✓/);
        expect(await page.locator('[data-testid="proof-day"] .tag.bad').count()).toBe(0);
        expect(await page.locator('[data-status="active"]').count()).toBeGreaterThan(0);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), 'no sideways scrolling').toBeLessThanOrEqual(WIDTHS[width].width);
        expect(await rawKeys(page)).toEqual([]);
        expect(await axeViolations(page)).toEqual([]);
        await screenshot(page, `regulator-${width}-${lng}`);
        // The full page is long on a phone (each table row stacks): the first screen and the proof as seen.
        await page.screenshot({ path: join(SCREENSHOTS, `regulator-${width}-${lng}-top.png`) });
        await page.locator('[data-testid="proof-result"]').scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(SCREENSHOTS, `regulator-${width}-${lng}-proof.png`) });
        await page.context().close();
      }
    });
  }

  it('filters by month, downloads a CSV and opens the monthly report', async () => {
    const page = await regulatorPage('desktop', 'en');
    await openView(page);
    const months = await page.locator('[data-testid="month-filter"] option').allInnerTexts();
    const month = months[months.length - 2]!; // the month before the current one: a whole month
    await page.locator('[data-testid="month-filter"]').selectOption(month);
    await expect.poll(async () => (await page.locator('[data-testid="period-flows"] td').first().innerText()).length).toBeGreaterThan(0);
    const href = await page.locator('[data-testid="csv-journal"]').getAttribute('href');
    expect(href).toBe(`/regulator/csv/journal?plan=xhb-demo&month=${month}`);
    const csv = await page.request.get(`${rig.url}${href}`);
    expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
    expect((await csv.text()).split('\r\n')[0]).toBe('entry_id,line,plan,period_id,kind,at,actor,memo,reverses,account,debit_fen,credit_fen');
    await page.locator('[data-testid="report-en"]').click();
    await page.waitForURL(/\/regulator\/report\?/);
    expect(await page.locator('h1').innerText()).toBe(`Regulator's monthly report · ${month}`);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'regulator-report-desktop-en');
    await page.goto(`${rig.url}/regulator/report?plan=xhb-demo&month=${month}&lang=zh-CN`);
    await page.setViewportSize(WIDTHS.mobile);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'regulator-report-mobile-zh-CN');
    await page.context().close();
  });
});
