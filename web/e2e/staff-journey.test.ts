/**
 * The staff pages in Chromium against the real server (demo seed). First every staff page at both
 * widths in both languages (axe, no raw key, a screenshot); then the journey: the operator's queue,
 * assigning an investigator, a finding by the operator, the investigator's report, the first
 * operator refused with the four-eyes explanation, the decision by the second operator, a member's
 * challenge judged on the challenges page; the auditor's books check; the admin's accounts.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, openPage, rawKeys, screenshot, startRig, WIDTHS, type Rig, type Width } from './harness.ts';

let rig: Rig;
beforeAll(async () => { rig = await startRig(); }, 300_000);
afterAll(async () => { await rig?.close(); });

type Lng = 'zh-CN' | 'en';

async function as(email: string, width: Width = 'desktop', lng: Lng = 'en'): Promise<Page> {
  const page = await openPage(rig, width, lng);
  const res = await page.request.post(`${rig.url}/auth/login`, { data: { email, password: rig.accounts[email] } });
  expect(res.status(), email).toBe(200);
  return page;
}

const staffRawKeys = async (page: Page) =>
  [...(await page.locator('body').innerText()).matchAll(/\b(?:operator|investigator|auditor|admin|ops|my)\.[a-zA-Z-]+\.[a-zA-Z.-]+\b/g)].map((m) => m[0]);

/** Each staff page, who sees it, and what shows it has loaded. */
const PAGES = [
  { name: 'operator-queue', who: 'operator@demo.huzhu', path: '/operator/claims', ready: '[data-testid="claim-DEMO-Q2"] .signals' },
  { name: 'operator-claim', who: 'operator@demo.huzhu', path: '/operator/claims/DEMO-Q1', ready: '[data-testid="sampled"]' },
  { name: 'operator-challenges', who: 'operator@demo.huzhu', path: '/operator/challenges', ready: 'main p' },
  { name: 'operator-outlook', who: 'operator@demo.huzhu', path: '/operator/outlook', ready: '[data-testid="share-chart"] svg' },
  { name: 'investigator-claims', who: 'investigator@demo.huzhu', path: '/investigator/claims', ready: '[data-testid="claim-DEMO-Q1"] .signals' },
  { name: 'investigator-claim', who: 'investigator@demo.huzhu', path: '/investigator/claims/DEMO-Q1', ready: '[data-testid="sampled"]' },
  { name: 'auditor-books', who: 'auditor@demo.huzhu', path: '/auditor/books', ready: '[data-testid="books-result"]' },
  { name: 'auditor-ledger', who: 'auditor@demo.huzhu', path: '/auditor/ledger', ready: '.entry table' },
  { name: 'auditor-trail', who: 'auditor@demo.huzhu', path: '/auditor/trail', ready: 'form.filter' },
  { name: 'admin-accounts', who: 'admin@demo.huzhu', path: '/staff/accounts', ready: '[data-testid="account-operator2@demo.huzhu"]' },
] as const;

describe('staff pages', () => {
  for (const width of Object.keys(WIDTHS) as Width[]) {
    it(`every staff page at ${width}: both languages, no raw key, axe clean`, async () => {
      for (const lng of ['zh-CN', 'en'] as const) {
        for (const p of PAGES) {
          const page = await as(p.who, width, lng);
          await page.goto(`${rig.url}${p.path}`);
          await page.locator(p.ready).first().waitFor({ timeout: 30_000 });
          await page.locator('.loading').waitFor({ state: 'detached', timeout: 30_000 });
          expect([...(await rawKeys(page)), ...(await staffRawKeys(page))], `${p.name} ${lng}`).toEqual([]);
          expect(await axeViolations(page), `${p.name} ${width} ${lng}`).toEqual([]);
          await screenshot(page, `${p.name}-${width}-${lng}`);
          await page.context().close();
        }
      }
    }, 600_000);
  }
});

describe('the staff journey', () => {
  it('queue, assign, report, four eyes refused and explained, decided by a second operator, a challenge judged', async () => {
    const inv = await as('investigator@demo.huzhu');
    const investigatorId = ((await (await inv.request.get(`${rig.url}/auth/session`)).json()) as { id: number }).id;

    // The first operator: the queue, then assign DEMO-Q2 to the investigator.
    const op1 = await as('operator@demo.huzhu');
    await op1.goto(`${rig.url}/operator/claims`);
    await op1.getByRole('link', { name: 'Open DEMO-Q2' }).click();
    await op1.getByLabel('Investigator\'s account number').fill(String(investigatorId));
    await op1.getByRole('button', { name: 'Assign' }).click();
    await op1.getByText(`Assigned to investigator #${investigatorId}.`).waitFor();

    // On DEMO-Q1 the first operator records a finding: from now on they may not decide it.
    await op1.goto(`${rig.url}/operator/claims/DEMO-Q1`);
    await op1.getByLabel('Finding', { exact: true }).fill('Called the hospital: the operation took place on the day stated.');
    await op1.getByRole('button', { name: 'Record', exact: true }).click();
    await op1.getByRole('heading', { name: 'You may not decide this claim' }).waitFor();

    // The investigator: only assigned claims; a finding and the report on DEMO-Q1.
    await inv.goto(`${rig.url}/investigator/claims`);
    await inv.locator('[data-testid="claim-DEMO-Q2"]').waitFor();
    await inv.getByRole('link', { name: 'Open DEMO-Q1' }).click();
    await inv.getByLabel('Summary').fill('Hospital records checked on site; the craniotomy is confirmed and covered.');
    await inv.getByRole('button', { name: 'Submit the report' }).click();
    await inv.getByText(/The report is submitted, recommending: Approve\./).first().waitFor();
    await screenshot(inv, 'journey-investigator-report-desktop-en');
    // DEMO-Q2 too (the random share may have sampled it, and then it needs the report): a finding, then the report.
    await inv.goto(`${rig.url}/investigator/claims/DEMO-Q2`);
    await inv.getByLabel('Finding', { exact: true }).fill('Site visit: the accident and the operation are confirmed.');
    await inv.getByRole('button', { name: 'Record', exact: true }).click();
    await inv.getByLabel('Summary').fill('Accident at work confirmed by the employer and the hospital.');
    await inv.getByRole('button', { name: 'Submit the report' }).click();
    await inv.getByText(/The report is submitted, recommending: Approve\./).first().waitFor();

    // The first operator, refused: who was involved and why, before any button; the server agrees.
    await op1.reload();
    const eyes = op1.locator('[data-testid="four-eyes"]');
    await eyes.getByText('Your steps on this claim: a finding.').waitFor();
    expect(await eyes.innerText()).toContain('another person must');
    expect(await op1.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    const refused = await op1.request.post(`${rig.url}/ops/claims/DEMO-Q1/approve`, { data: { reason: 'trying anyway' } });
    expect(refused.status()).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('FOUR_EYES');
    await op1.locator('[data-testid="sampled"]').waitFor();
    await screenshot(op1, 'journey-four-eyes-refused-desktop-en');
    const op1zh = await as('operator@demo.huzhu', 'mobile', 'zh-CN');
    await op1zh.goto(`${rig.url}/operator/claims/DEMO-Q1`);
    await op1zh.getByRole('heading', { name: '你不能决定本案' }).waitFor();
    await op1zh.locator('[data-testid="sampled"]').waitFor();
    await screenshot(op1zh, 'journey-four-eyes-refused-mobile-zh-CN');
    await op1zh.context().close();

    // The second operator decides DEMO-Q1; the first approves DEMO-Q2 (no earlier step on it).
    const op2 = await as('operator2@demo.huzhu');
    await op2.goto(`${rig.url}/operator/claims/DEMO-Q1`);
    await op2.getByText('You took no earlier step on this claim: you may decide it.').waitFor();
    await op2.getByLabel('Reason', { exact: true }).fill('The report confirms a covered operation.');
    await op2.getByRole('button', { name: 'Approve' }).click();
    await op2.getByText('This claim is "Approved": there is nothing to decide.').waitFor();
    await screenshot(op2, 'journey-decided-desktop-en');
    await op1.goto(`${rig.url}/operator/claims/DEMO-Q2`);
    await op1.getByLabel('Reason', { exact: true }).fill('Covered accident; records complete.');
    await op1.getByRole('button', { name: 'Approve' }).click();
    await op1.locator('[data-testid="claim-closed"], .failure').first().waitFor();
    await screenshot(op1, 'journey-second-claim-desktop-en');
    expect(await op1.locator('main').innerText()).toContain('This claim is "Approved": there is nothing to decide.');

    // The announcement; a member challenges DEMO-Q2; the second operator (who did not approve it) judges.
    expect((await op1.request.post(`${rig.url}/ops/demo/clock`, { data: { to: 'announcement' } })).status()).toBe(200);
    const member = await as('member@demo.huzhu');
    const people = (await (await member.request.get(`${rig.url}/me/people`)).json()) as { items: { id: number }[] };
    const photo = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    const evidence = await member.request.post(`${rig.url}/me/challenge-evidence?name=site-photo.png`, { headers: { 'content-type': 'image/png' }, data: photo });
    expect(evidence.status(), await evidence.text()).toBe(201);
    const sha256 = ((await evidence.json()) as { sha256: string }).sha256;
    const filed = await member.request.post(`${rig.url}/me/challenges`, { data: { claim: 'DEMO-Q2', person: people.items[0]!.id, reason: 'I saw the claimant at work the day after the accident.', evidence: [sha256] } });
    expect(filed.status(), await filed.text()).toBe(201);
    const challenge = ((await filed.json()) as { ref: string }).ref;
    await op2.goto(`${rig.url}/operator/challenges`);
    const card = op2.locator(`[data-testid="challenge-${challenge}"]`);
    await card.getByLabel('Reason for the decision').fill('The hospital admitted the claimant on the day stated; the sighting was of someone else.');
    await screenshot(op2, 'journey-challenge-desktop-en');
    await card.getByRole('button', { name: 'Dismiss' }).click();
    await card.getByText(/^Decided: dismissed/).waitFor();
    for (const p of [inv, op1, op2, member]) await p.context().close();
  }, 300_000);

  it('the auditor\'s books check: every check passes, each with its result', async () => {
    const page = await as('auditor@demo.huzhu');
    await page.goto(`${rig.url}/auditor/books`);
    await page.getByText('Every check passed').waitFor();
    const rows = page.locator('[data-testid="books-check"]');
    expect(await rows.count()).toBeGreaterThan(0);
    for (const row of await rows.all()) expect(await row.innerText()).toContain('Passed');
    await page.goto(`${rig.url}/auditor/trail`);
    await page.getByText('claim:DEMO-Q1').first().waitFor();
    await page.context().close();
  });

  it('the admin creates a staff account, changes its role and resets its password', async () => {
    const page = await as('admin@demo.huzhu');
    await page.goto(`${rig.url}/staff/accounts`);
    await page.locator('#role-filter').selectOption('auditor');
    await page.getByLabel('Email').fill('auditor2@demo.huzhu');
    await page.getByLabel('First password').fill('quiet-harbour-lantern-71');
    await page.locator('#create-role').selectOption('auditor');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByText('auditor2@demo.huzhu created.').waitFor();
    const row = page.locator('[data-testid="account-auditor2@demo.huzhu"]');
    await row.getByLabel('Role of auditor2@demo.huzhu').selectOption('investigator');
    await row.getByRole('button', { name: 'Change role' }).click();
    await page.getByText('auditor2@demo.huzhu is now investigator.').waitFor();
    await page.locator('#role-filter').selectOption('investigator');
    await row.getByRole('button', { name: 'Reset password' }).click();
    await page.getByText(/New password for auditor2@demo\.huzhu .*: \S{8,}/).waitFor();
    await screenshot(page, 'journey-admin-desktop-en');
    await page.context().close();
  });
});
