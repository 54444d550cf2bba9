/**
 * The move to the elderly plan in Chromium against the real server (demo seed, issue 14): the
 * demo member's parent, 59 since ten days, is in the demo plan; the memberships page tells the
 * member the move is open, offers it (checked with axe at 375 px and 1280 px in both languages)
 * and, once confirmed, shows the old membership moved and the new one in the elderly plan with no
 * waiting period.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, anniversary, localDateOf } from '../../src/domain/local-date.ts';
import { makeNationalId } from '../../src/server/national-id.ts';
import { axeViolations, openPage, rawKeys, screenshot, startRig, WIDTHS, type Rig, type Width, loggedIn as signIn } from './harness.ts';

let rig: Rig;
beforeAll(async () => { rig = await startRig(); }, 300_000);
afterAll(async () => { await rig?.close(); });

const MEMBER = 'member@demo.huzhu';

const loggedIn = (width: Width, lng: 'zh-CN' | 'en') => signIn(rig, MEMBER, width, lng);

describe('the move to the elderly plan', () => {
  it('the demo member\'s parent of 59 joins the demo plan', async () => {
    const page = await loggedIn('mobile', 'en');
    const headers = { origin: rig.url };
    // 59 completed years ten days ago, in the plan's zone: still of joining age, and the move is open.
    const birth = anniversary(addDays(localDateOf(new Date(), 'Asia/Shanghai'), -10), -59);
    const person = await page.request.post(`${rig.url}/me/people`, { headers, data: { relation: 'parent', name: '李秀英', idNumber: makeNationalId('31', birth, 8) } });
    expect(person.status(), await person.text()).toBe(201);
    const plan = await (await page.request.get(`${rig.url}/public/plans/xhb-demo`)).json() as { healthQuestions: Record<string, string>; rules: { transfer?: unknown } };
    expect(plan.rules.transfer).toEqual({ toPlan: 'xhb-elderly', fromAge: 59 });
    const declaration = Object.fromEntries(Object.keys(plan.healthQuestions).map((q) => [q, false]));
    const joined = await page.request.post(`${rig.url}/me/memberships`, { headers, data: { plan: 'xhb-demo', person: (await person.json()).id, declaration } });
    expect(joined.status(), await joined.text()).toBe(201);
    // The public rules say so, naming the plan moved to.
    await page.goto(`${rig.url}/rules`);
    await expect.poll(() => page.locator('[data-testid="rules-transfer"]').innerText()).toMatch(/^From the 59th birthday a member may move to Demo elderly cancer plan/);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  for (const width of Object.keys(WIDTHS) as Width[]) {
    it(`tells the member and offers the move at ${width} in both languages: axe clean, no raw key`, async () => {
      for (const lng of ['zh-CN', 'en'] as const) {
        const page = await loggedIn(width, lng);
        await page.goto(`${rig.url}/my/memberships`);
        await page.locator('[data-testid="transfer-offer"]').first().waitFor();
        expect(await page.locator('[data-testid="transfer-notice"]').count()).toBe(1);
        // Only the parent's: the move of a member decades from 59 is not announced yet.
        expect(await page.locator('[data-testid="transfer-offer"]').count()).toBe(1);
        expect(await rawKeys(page)).toEqual([]);
        expect(await axeViolations(page)).toEqual([]);
        await screenshot(page, `my-memberships-transfer-${width}-${lng}`);
        await page.context().close();
      }
    }, 120_000);
  }

  it('moves after a confirmation: the old membership moved, the new one in the elderly plan with no waiting period', async () => {
    const page = await loggedIn('mobile', 'en');
    await page.goto(`${rig.url}/my/memberships`);
    const notice = page.locator('[data-testid="transfer-notice"]');
    await expect.poll(() => notice.innerText()).toMatch(/^李秀英 can now move to Demo elderly cancer plan/);
    const card = page.locator('[data-testid="memberships"] li', { hasText: '李秀英' });
    const offer = card.locator('[data-testid="transfer-offer"]');
    expect(await offer.innerText()).toMatch(/no new health declaration and no waiting period/);
    await offer.getByRole('button', { name: 'Move to Demo elderly cancer plan (Xiang Hu Bao rules, payouts scaled 1:1000)' }).click();
    await offer.getByRole('button', { name: 'Yes, move' }).click();
    await expect.poll(() => page.locator('[data-testid="transfer-done"]').innerText()).toMatch(/^李秀英 moved to Demo elderly cancer plan .* on .*; claims can be made there for illnesses diagnosed from /);
    await expect.poll(() => page.locator('[data-testid="memberships"] li', { hasText: 'Moved to another plan' }).count()).toBe(1);
    const cards = page.locator('[data-testid="memberships"] li', { hasText: '李秀英' });
    expect(await cards.count()).toBe(2);
    const moved = await cards.allInnerTexts();
    const started = moved.find((x) => /Demo elderly cancer plan/.test(x) && /Active/.test(x))!;
    expect(started).toBeDefined();
    // Joined and waiting period end on the same day: no waiting period.
    const joinedOn = /Joined\s*\n?\s*(.+)/.exec(started)?.[1]?.trim();
    const waitingEnds = /Waiting period ends\s*\n?\s*(.+)/.exec(started)?.[1]?.trim();
    expect(joinedOn).toBeTruthy();
    expect(waitingEnds).toBe(joinedOn);
    expect(await page.locator('[data-testid="transfer-notice"]').count()).toBe(0);
    await screenshot(page, 'my-memberships-transferred-mobile-en');
    await page.context().close();
  });
});
