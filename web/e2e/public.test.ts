/** The public pages in Chromium against the real server: content, languages, axe and screenshots. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, openPage, rawKeys, screenshot, startRig, WIDTHS, type Rig, type Width } from './harness.ts';

let rig: Rig;
beforeAll(async () => { rig = await startRig(); }, 300_000);
afterAll(async () => { await rig?.close(); });

/** Every public page: path, and a locator that is there once its data is shown. */
const PAGES = [
  { name: 'home', path: '/', ready: '[data-testid="home-stats"]' },
] as const;

describe('public pages', () => {
  for (const p of PAGES) {
    for (const width of Object.keys(WIDTHS) as Width[]) {
      it(`${p.name} at ${width}: shows its data in both languages, no raw key, axe clean`, async () => {
        for (const lng of ['zh-CN', 'en'] as const) {
          const page = await openPage(rig, width, lng);
          await page.goto(rig.url + p.path);
          await page.locator(p.ready).first().waitFor();
          expect(await page.evaluate(() => document.documentElement.lang)).toBe(lng);
          expect(await rawKeys(page)).toEqual([]);
          expect(await axeViolations(page)).toEqual([]);
          await screenshot(page, `${p.name}-${width}-${lng}`);
          await page.context().close();
        }
      });
    }
  }

  it('the language switch changes the page, <html lang>, and is remembered', async () => {
    const page = await openPage(rig, 'desktop', 'zh-CN');
    await page.goto(rig.url + '/');
    await page.locator('[data-testid="home-stats"]').waitFor();
    await expect.poll(() => page.locator('h1').innerText()).toBe('本期互助');
    await page.getByRole('button', { name: /English/ }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('This period');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.reload();
    await expect.poll(() => page.locator('h1').innerText()).toBe('This period');
    await page.context().close();
  });
});
