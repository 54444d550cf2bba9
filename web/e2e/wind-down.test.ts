/**
 * The wind-down in Chromium against the real server (demo seed, plan xhb-demo): an operator
 * rehearses (the dry run's cost in yuan) and proposes; the same operator may not confirm (four
 * eyes, said on the page, and the server refuses FOUR_EYES); the second operator confirms after
 * the warning. Then the public home, rules and wind-down pages and the member's memberships show
 * the status; a member's join is refused PLAN_CLOSING in words; the demo clock moves to the next
 * charge and that period reads "paid by the operator". Every page at 375 and 1280 px in both
 * languages: axe clean, no raw key, a screenshot.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeNationalId } from '../../src/server/national-id.ts';
import { loggedIn, looksRight, openPage, startRig, WIDTHS, type Rig, type Width } from './harness.ts';

let rig: Rig;
beforeAll(async () => { rig = await startRig(); }, 300_000);
afterAll(async () => { await rig?.close(); });

const OP = 'operator@demo.huzhu';
const OP2 = 'operator2@demo.huzhu';
const MEMBER = 'member@demo.huzhu';
const LANGUAGES = ['zh-CN', 'en'] as const;
type Lng = (typeof LANGUAGES)[number];
const EVERY = (Object.keys(WIDTHS) as Width[]).flatMap((width) => LANGUAGES.map((lng) => [width, lng] as const));

/** Opens a page (as `email`, or logged out), waits for its heading and data, and checks it looks right. */
async function visit(email: string | null, path: string, width: Width, lng: Lng, name: string, ready?: string): Promise<Page> {
  const page = email ? await loggedIn(rig, email, width, lng) : await openPage(rig, width, lng);
  await page.goto(`${rig.url}${path}`);
  await page.locator('h1').waitFor();
  if (ready) await page.locator(ready).first().waitFor({ timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  await looksRight(page, `${name}-${width}-${lng}`);
  return page;
}

async function rehearse(page: Page): Promise<void> {
  const form = page.locator('form[aria-labelledby="wd-rehearse"]');
  await form.locator('input[name="refundPastShares"]').check();
  await form.locator('button[type="submit"]').click();
  await page.locator('[data-testid="wind-down-dry-run"]').waitFor({ timeout: 60_000 });
  await page.waitForLoadState('networkidle');
}

describe('winding the demo plan down', () => {
  it('is rehearsed first: the dry run shows the cost to the operator, at both widths in both languages', async () => {
    for (const [width, lng] of EVERY) {
      const page = await visit(OP, '/operator/wind-down', width, lng, 'wind-down-rehearse-form', 'form[aria-labelledby="wd-rehearse"]');
      await rehearse(page);
      expect(await page.locator('[data-testid="wind-down-cost"]').innerText()).toMatch(/\d\.\d\d$/);
      await looksRight(page, `wind-down-rehearsal-${width}-${lng}`);
      await page.context().close();
    }
  }, 300_000);

  it('is proposed by one operator, who may not confirm it (four eyes)', async () => {
    const page = await loggedIn(rig, OP, 'desktop', 'en');
    await page.goto(`${rig.url}/operator/wind-down`);
    await rehearse(page);
    await page.getByRole('button', { name: 'Propose this wind-down' }).click();
    await page.locator('[data-testid="wind-down-awaiting"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="wind-down-four-eyes"]').innerText()).toMatch(/You proposed it: a different operator must confirm it/);
    expect(await page.getByRole('button', { name: /Confirm and start/ }).count()).toBe(0);
    const staff = await (await page.request.get(`${rig.url}/ops/plans/xhb-demo/wind-down`)).json() as { windDown: { id: string; status: string } };
    expect(staff.windDown.status).toBe('proposed');
    const refused = await page.request.post(`${rig.url}/ops/wind-downs/${staff.windDown.id}/confirm`);
    expect(refused.status()).toBe(409);
    expect((await refused.json() as { error: { code: string } }).error.code).toBe('FOUR_EYES');
    await page.context().close();
    // Nothing is public while it is only proposed.
    const pub = await (await (await openPage(rig, 'desktop', 'en')).request.get(`${rig.url}/public/plans/xhb-demo/wind-down`)).json() as { status: string };
    expect(pub.status).toBe('active');
    for (const [width, lng] of EVERY) await (await visit(OP, '/operator/wind-down', width, lng, 'wind-down-proposer', '[data-testid="wind-down-four-eyes"]')).context().close();
  }, 300_000);

  it('is confirmed by the second operator after the warning, and starts then', async () => {
    for (const [width, lng] of EVERY) await (await visit(OP2, '/operator/wind-down', width, lng, 'wind-down-confirmer', '[data-testid="wind-down-warning"]')).context().close();
    const page = await loggedIn(rig, OP2, 'desktop', 'en');
    await page.goto(`${rig.url}/operator/wind-down`);
    const warning = await page.locator('[data-testid="wind-down-warning"]').innerText();
    for (const words of [/joins and recharges are refused/, /no longer billed/, /written off/, /refunded in full/, /every share paid so far is refunded/]) expect(warning).toMatch(words);
    await page.getByRole('button', { name: 'Confirm and start the wind-down now' }).click();
    await page.locator('[data-testid="wind-down-started"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="wind-down-started"] [data-testid="wind-down-status"]').innerText()).toBe('winding down');
    await page.context().close();
    for (const [width, lng] of EVERY) await (await visit(OP, '/operator/wind-down', width, lng, 'wind-down-started', '[data-testid="wind-down-started"]')).context().close();
  }, 300_000);

  it('shows on the public home, rules and wind-down pages', async () => {
    for (const [width, lng] of EVERY) {
      for (const [path, name] of [['/', 'home'], ['/rules', 'rules'], ['/wind-down', 'public']] as const) {
        const page = await visit(null, path, width, lng, `wind-down-${name}`, '[data-testid="wind-down-banner"]');
        const banner = await page.locator('[data-testid="wind-down-banner"]').innerText();
        expect(banner).toMatch(lng === 'en' ? /This plan is winding down[\s\S]*Nobody is billed any more[\s\S]*protected until the end of/ : /本计划正在有序清算[\s\S]*不再向任何会员收费[\s\S]*保障持续到/);
        if (path === '/wind-down') expect(await page.locator('[data-testid="wind-down-status"]').innerText()).toBe(lng === 'en' ? 'winding down' : '清算中');
        await page.context().close();
      }
    }
  }, 300_000);

  it('shows on the member\'s memberships page, and a join is refused PLAN_CLOSING in words', async () => {
    const page = await loggedIn(rig, MEMBER, 'mobile', 'en');
    const added = await page.request.post(`${rig.url}/me/people`, { data: { relation: 'child', name: '王小明', idNumber: makeNationalId('11', '2016-04-02', 7) } });
    expect(added.status()).toBe(201);
    await page.goto(`${rig.url}/my/memberships`);
    await page.locator('[data-testid="wind-down-banner"]').waitFor({ timeout: 30_000 });
    const form = page.locator('form[aria-labelledby="join"]');
    await form.getByLabel('Who joins').selectOption({ label: '王小明 (Child)' });
    const groups = form.locator('fieldset');
    for (let i = 0; i < await groups.count(); i++) await groups.nth(i).getByLabel('No').check();
    await form.getByRole('button', { name: 'Send the declaration and join' }).click();
    await expect.poll(() => page.locator('[data-testid="join-answer"]').innerText(), { timeout: 30_000 }).toMatch(/^Not joined: The plan is winding down or has closed/);
    await looksRight(page, 'wind-down-join-refused-mobile-en');
    await page.context().close();
    for (const [width, lng] of EVERY) await (await visit(MEMBER, '/my/memberships', width, lng, 'wind-down-my-memberships', '[data-testid="wind-down-banner"]')).context().close();
  }, 300_000);

  it('funds the next charge from operator money: the period reads "paid by the operator", memberships closed', async () => {
    const op = await loggedIn(rig, OP, 'desktop', 'en');
    const moved = await op.request.post(`${rig.url}/ops/demo/clock`, { data: { to: 'charge' } });
    expect(moved.status(), await moved.text()).toBe(200);
    await op.context().close(); // the clock's move ends every session
    const pub = await openPage(rig, 'desktop', 'en');
    const periods = await (await pub.request.get(`${rig.url}/public/plans/xhb-demo/periods?limit=5&offset=0`)).json() as { items: { announcedOn: string; status: string; shareFen: number; billedFen: number }[] };
    const funded = periods.items.find((p) => p.status === 'charged')!;
    expect(funded).toMatchObject({ shareFen: 0, billedFen: 0 });
    await pub.context().close();
    for (const [width, lng] of EVERY) {
      const list = await visit(null, '/periods', width, lng, 'wind-down-periods', '[data-testid="operator-funded"]');
      expect(await list.locator('[data-testid="operator-funded"]').first().innerText()).toBe(lng === 'en' ? 'Paid by the operator' : '由运营方出资');
      await list.context().close();
      const page = await visit(null, `/periods/${funded.announcedOn}`, width, lng, 'wind-down-period', '[data-testid="operator-funded-period"]');
      expect(await page.locator('[data-testid="operator-funded-period"] h2').innerText()).toMatch(lng === 'en' ? /paid by the operator/ : /由运营方出资/);
      expect(await page.locator('[data-testid="period-share"]').innerText()).toMatch(/^\D*0\.00$/);
      await page.context().close();
    }
    // The cut-off (A's date) has ended: the memberships the wind-down closed are labelled so.
    for (const [width, lng] of EVERY) {
      const page = await visit(MEMBER, '/my/memberships', width, lng, 'wind-down-my-memberships-closed', '[data-testid="memberships"] li');
      expect(await page.locator('[data-testid="memberships"]').innerText()).toContain(lng === 'en' ? 'Closed (the plan wound down)' : '已关闭（计划清算）');
      await page.context().close();
    }
  }, 300_000);
});
