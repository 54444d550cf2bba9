/** The public pages in Chromium against the real server: content, languages, axe and screenshots. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, openPage, rawKeys, screenshot, startRig, WIDTHS, type Rig, type Width } from './harness.ts';

let rig: Rig;
beforeAll(async () => { rig = await startRig(); }, 300_000);
afterAll(async () => { await rig?.close(); });

let latest = '';
beforeAll(async () => {
  const res = await fetch(`${rig.url}/public/plans/xhb-demo/periods?limit=1`);
  latest = ((await res.json()) as { items: { announcedOn: string }[] }).items[0]!.announcedOn;
});

/** Every public page: path, and a locator that is there once its data is shown. */
const PAGES = [
  { name: 'home', path: () => '/', ready: '[data-testid="home-stats"]' },
  { name: 'notice', path: () => '/notice', ready: '[data-testid="notice-cases"]' },
  { name: 'periods', path: () => '/periods', ready: '[data-testid="periods"]' },
  { name: 'period', path: () => `/periods/${latest}`, ready: '[data-testid="arithmetic"]' },
  { name: 'rules', path: () => '/rules', ready: 'main ul.plain li' },
  { name: 'juries', path: () => '/juries', ready: '[data-testid="jury-cases"], [data-testid="jury-empty"]' },
  { name: 'verify', path: () => '/verify', ready: '[data-testid="verify-badge"]' },
  { name: 'login', path: () => '/login', ready: 'form.card' },
  { name: 'register', path: () => '/register', ready: 'form.card' },
  { name: 'not-found', path: () => '/no/such/page', ready: 'main h1' },
] as const;

describe('public pages', () => {
  for (const p of PAGES) {
    for (const width of Object.keys(WIDTHS) as Width[]) {
      it(`${p.name} at ${width}: shows its data in both languages, no raw key, axe clean`, async () => {
        for (const lng of ['zh-CN', 'en'] as const) {
          const page = await openPage(rig, width, lng);
          await page.goto(rig.url + p.path());
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

  it('a period page spells out its arithmetic from the published integers', async () => {
    const period = (await (await fetch(`${rig.url}/public/plans/xhb-demo/periods/${latest}`)).json()) as { shareFen: number; operatorSubsidyFen: number };
    const page = await openPage(rig, 'desktop', 'en');
    await page.goto(`${rig.url}/periods/${latest}`);
    const share = await page.locator('[data-testid="period-share"]').innerText();
    // Without a subsidy the rounded-up share is the share billed.
    if (period.operatorSubsidyFen === 0) expect(share).toBe(`¥${Math.floor(period.shareFen / 100)}.${String(period.shareFen % 100).padStart(2, '0')}`);
    await page.context().close();
  });

  it('the period page shows W and the members per weight band; the rules page the bands', async () => {
    const period = (await (await fetch(`${rig.url}/public/plans/xhb-demo/periods/${latest}`)).json()) as
      { sharingMembers: number; weightTotal: number; weightBands: { fromAge: number; weight: number; members: number }[] };
    expect(period.weightBands.reduce((s, b) => s + b.members, 0)).toBe(period.sharingMembers);
    expect(period.weightBands.reduce((s, b) => s + b.members * b.weight, 0)).toBe(period.weightTotal);
    const page = await openPage(rig, 'desktop', 'en');
    await page.goto(`${rig.url}/periods/${latest}`);
    const total = await page.locator('[data-testid="weight-total"]').innerText();
    expect(total).toContain(period.weightTotal.toLocaleString('en-US'));
    expect(await page.locator('[data-testid="weight-bands"] tbody tr').count()).toBe(period.weightBands.length);
    await page.goto(`${rig.url}/rules`);
    // The demo plan shares equally: one band of weight 1.
    expect(await page.locator('[data-testid="weight-bands"]').innerText()).toContain('Everyone pays the same share');
    await page.context().close();
  });

  it('verify in your browser passes on the real server, and checks consistency on the next visit', async () => {
    const page = await openPage(rig, 'desktop', 'en');
    await page.goto(`${rig.url}/verify`);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await expect.poll(() => page.locator('[data-testid="verify-badge"]').getAttribute('data-state'), { timeout: 30_000 }).toBe('ok');
    const checks = await page.locator('[data-testid="verify-checks"] li').allInnerTexts();
    expect(checks).toHaveLength(4);
    expect(checks.join('\n')).toContain('First verification in this browser');
    await page.reload();
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await expect.poll(() => page.locator('[data-testid="verify-badge"]').getAttribute('data-state'), { timeout: 30_000 }).toBe('ok');
    expect((await page.locator('[data-testid="verify-checks"] li').allInnerTexts()).join('\n')).toContain('Last seen size');
    await screenshot(page, 'verify-passed-desktop-en');
    await page.context().close();
  });

  it('verify in your browser fails clearly when the server changes one amount', async () => {
    const page = await openPage(rig, 'desktop', 'en');
    await page.route('**/public/plans/*/periods?*', async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as { items: { shareFen: number }[] };
      body.items[0]!.shareFen += 1; // one fen more on the latest period
      await route.fulfill({ response: res, json: body });
    });
    await page.goto(`${rig.url}/verify`);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await expect.poll(() => page.locator('[data-testid="verify-badge"]').getAttribute('data-state'), { timeout: 30_000 }).toBe('bad');
    expect(await page.locator('[data-testid="verify-badge"]').innerText()).toContain('Verification failed');
    expect((await page.locator('[data-testid="verify-checks"] li[data-ok="false"]').allInnerTexts()).join('\n')).toMatch(/shareFen differs from the log/);
    await screenshot(page, 'verify-tampered-desktop-en');
    await page.context().close();
  });

  it('register, log in (the header shows who), log out', async () => {
    const page = await openPage(rig, 'mobile', 'en');
    await page.goto(`${rig.url}/register`);
    await page.getByLabel('Email').fill('web-e2e@example.com');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Register' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toMatch(/password/i);
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByText('Registered. Please log in.').waitFor();
    await page.getByLabel('Email').fill('web-e2e@example.com');
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('Signed in as web-e2e@example.com').waitFor();
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByText('You are logged out.').waitFor();
    await page.context().close();
  });

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
