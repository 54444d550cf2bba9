/**
 * Rule changes by member vote in Chromium against the real server (demo seed): an operator
 * proposes a fee change on the operator page, may not confirm it (four eyes), the second operator
 * does; the member sees the settings now and as proposed and votes; the public page shows the
 * tally. Every page axe-clean, both widths and both languages, no raw message key.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, openPage, rawKeys, screenshot, startRig, WIDTHS, type Rig, type Width } from './harness.ts';

let rig: Rig;
beforeAll(async () => { rig = await startRig(); }, 300_000);
afterAll(async () => { await rig?.close(); });

async function as(email: string, width: Width = 'desktop', lng: 'zh-CN' | 'en' = 'en'): Promise<Page> {
  const page = await openPage(rig, width, lng);
  const res = await page.request.post(`${rig.url}/auth/login`, { data: { email, password: rig.accounts[email] } });
  expect(res.status()).toBe(200);
  return page;
}

const ownRawKeys = async (page: Page) => [...(await page.locator('body').innerText()).matchAll(/\bvotes\.[a-zA-Z.]+\b/g)].map((m) => m[0]);
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('rule changes by vote', () => {
  it('propose, confirm under four eyes, vote, see the tally', async () => {
    const op = await as('operator@demo.huzhu');
    await op.goto(`${rig.url}/operator/proposals`);
    await op.getByLabel(/Settings to change/).fill('{"feeBasisPoints": 600}');
    await op.getByLabel('Reason').fill('lower the management fee to six per cent');
    await op.getByLabel('Takes effect').fill(inDays(60));
    await op.getByRole('button', { name: 'Submit the proposal' }).click();
    await expect.poll(() => op.locator('[data-testid="propose-answer"]').innerText(), { timeout: 30_000 }).toMatch(/submitted/);
    const list = await (await op.request.get(`${rig.url}/public/plans/xhb-demo/proposals`)).json() as { items: { id: string }[] };
    const id = list.items[0]!.id;
    await op.locator(`[data-testid="proposal-${id}"]`).getByRole('button', { name: 'Confirm and open the vote' }).click();
    await expect.poll(() => op.locator('[data-testid="confirm-answer"]').innerText(), { timeout: 30_000 }).not.toBe('');
    expect(await op.locator('[data-testid="confirm-answer"]').getAttribute('class')).toBe('failure'); // the proposer may not confirm (four eyes)
    expect(await axeViolations(op)).toEqual([]);
    await op.context().close();

    const op2 = await as('operator2@demo.huzhu');
    await op2.goto(`${rig.url}/operator/proposals`);
    await op2.locator(`[data-testid="proposal-${id}"]`).getByRole('button', { name: 'Confirm and open the vote' }).click();
    await expect.poll(() => op2.locator('[data-testid="confirm-answer"]').innerText(), { timeout: 30_000 }).toMatch(/confirmed/);
    await op2.context().close();

    const member = await as('member@demo.huzhu');
    await member.goto(`${rig.url}/my/votes`);
    const card = member.locator(`[data-testid="proposal-${id}"]`);
    await card.waitFor();
    expect(await card.locator('table').innerText()).toMatch(/Management fee feeBasisPoints\s+8%\s+6%/); // the setting named for a member, the basis points as a percentage
    await expect.poll(() => card.locator(`[data-testid="effect-${id}"]`).innerText(), { timeout: 60_000 }).toMatch(/with the change/);
    await card.getByRole('button', { name: 'For' }).first().click();
    await expect.poll(() => card.getByText('Voted').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await axeViolations(member)).toEqual([]);
    await screenshot(member, 'member-votes-desktop-en');
    await member.context().close();

    const pub = await openPage(rig, 'desktop', 'en');
    await pub.goto(`${rig.url}/proposals`);
    await expect.poll(() => pub.locator(`[data-testid="proposal-${id}"] [data-testid="votes-for"]`).innerText(), { timeout: 30_000 }).toBe('1');
    await pub.context().close();
  });

  for (const width of Object.keys(WIDTHS) as Width[]) {
    it(`the three pages at ${width} in both languages: no raw key, axe clean`, async () => {
      for (const lng of ['zh-CN', 'en'] as const) {
        for (const [email, path] of [[null, '/proposals'], ['member@demo.huzhu', '/my/votes'], ['operator@demo.huzhu', '/operator/proposals']] as const) {
          const page = email ? await as(email, width, lng) : await openPage(rig, width, lng);
          await page.goto(`${rig.url}${path}`);
          await page.locator('h1').waitFor();
          await page.waitForLoadState('networkidle');
          expect([...(await rawKeys(page)), ...(await ownRawKeys(page))]).toEqual([]);
          expect(await axeViolations(page)).toEqual([]);
          await screenshot(page, `votes${path.replaceAll('/', '-')}-${width}-${lng}`);
          await page.context().close();
        }
      }
    });
  }
});
