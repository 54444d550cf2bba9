/**
 * Prepaid wallets in Chromium against the real server (demo seed plus a prepaid plan the admin
 * creates, issue 13): the member's wallet section shows the balance in yuan and the plan's limits
 * (axe clean at 375 px and 1280 px in both languages, no raw key), a recharge through the form
 * moves the balance, 1 fen over the limit is refused with a sentence, and the deposit lets the
 * member join.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, openPage, rawKeys, screenshot, startRig, WIDTHS, type Rig, type Width, loggedIn as signIn } from './harness.ts';

let rig: Rig;
beforeAll(async () => { rig = await startRig(); }, 300_000);
afterAll(async () => { await rig?.close(); });

const loggedIn = (email: string, width: Width, lng: 'zh-CN' | 'en') => signIn(rig, email, width, lng);

describe('a member\'s wallet in a prepaid plan', () => {
  it('the admin creates a prepaid plan', async () => {
    const page = await loggedIn('admin@demo.huzhu', 'desktop', 'en');
    const r = await page.request.post(`${rig.url}/ops/plans`, { headers: { origin: rig.url }, data: {
      id: 'prepaid-demo', name: 'Prepaid demo', preset: 'critical-illness',
      overrides: { funding: { mode: 'prepaid', joinDepositFen: 1000, lowBalanceFen: 500, maxBalanceFen: 5000 } },
    } });
    expect(r.status(), await r.text()).toBe(201);
    await page.context().close();
  });

  it('recharges through the form: the balance in yuan; 1 fen over the limit refused with a sentence', async () => {
    const page = await loggedIn('member@demo.huzhu', 'mobile', 'en');
    await page.goto(`${rig.url}/my/wallets`);
    const wallet = page.locator('[data-testid="wallet-prepaid-demo"]');
    await wallet.waitFor();
    expect(await wallet.locator('[data-testid="wallet-balance"]').innerText()).toBe('¥0.00');
    expect(await wallet.innerText()).toMatch(/Needed to join\s*¥10\.00/);
    await wallet.getByLabel('Amount in yuan').fill('49.99');
    await wallet.getByRole('button', { name: 'Recharge' }).click();
    await expect.poll(() => wallet.locator('[data-testid="recharge-result"]').innerText()).toBe('Recharged ¥49.99. The wallet now holds ¥49.99.');
    await expect.poll(() => wallet.locator('[data-testid="wallet-balance"]').innerText()).toBe('¥49.99');
    await wallet.getByLabel('Amount in yuan').fill('0.02');
    await wallet.getByRole('button', { name: 'Recharge' }).click();
    await expect.poll(() => wallet.locator('[data-testid="recharge-result"]').innerText()).toBe('That would take the wallet above its limit; nothing was charged.');
    await wallet.getByLabel('Amount in yuan').fill('0.01'); // exactly to the limit
    await wallet.getByRole('button', { name: 'Recharge' }).click();
    await expect.poll(() => wallet.locator('[data-testid="wallet-balance"]').innerText()).toBe('¥50.00');
    await wallet.getByLabel('Amount in yuan').fill('1.234');
    await wallet.getByRole('button', { name: 'Recharge' }).click();
    await expect.poll(() => wallet.locator('[data-testid="recharge-result"]').innerText()).toMatch(/at most two decimals/);
    await page.context().close();
  }, 120_000);

  for (const width of Object.keys(WIDTHS) as Width[]) {
    it(`shows the wallet at ${width} in both languages: axe clean, no raw key`, async () => {
      for (const lng of ['zh-CN', 'en'] as const) {
        const page = await loggedIn('member@demo.huzhu', width, lng);
        await page.goto(`${rig.url}/my/wallets`);
        await page.locator('[data-testid="wallet-prepaid-demo"]').waitFor();
        expect(await rawKeys(page)).toEqual([]);
        expect(await axeViolations(page)).toEqual([]);
        await screenshot(page, `my-wallets-${width}-${lng}`);
        await page.context().close();
      }
    }, 120_000);
  }
});
