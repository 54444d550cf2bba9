/**
 * Panel duty in Chromium against the real server (demo seed, demo/seed-panel.ts): the demo member
 * is one of the three jurors drawn for a case of the panel plan, in its commit phase. The member
 * sees the duty, seals a vote with its justification (the page says it is sealed), the demo clock
 * moves to the reveal phase (the demo operator's button on the calendar page), the member reveals from the same browser (which holds the ballot),
 * the clock moves past the round's end, and the public case page shows the tally and the reason.
 * Every page at 375 px and 1280 px in both languages: axe, no raw key, a screenshot.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, openPage, rawKeys, screenshot, startRig, WIDTHS, type Rig, type Width, loggedIn as signIn, looksRight } from './harness.ts';

let rig: Rig;
beforeAll(async () => { rig = await startRig(); }, 300_000);
afterAll(async () => { await rig?.close(); });

const MEMBER = 'member@demo.huzhu';
const JUSTIFICATION = 'The landlord gives a date a week before the one in the claim.';
const WIDTH_NAMES = Object.keys(WIDTHS) as Width[];
const LANGUAGES = ['zh-CN', 'en'] as const;

const loggedIn = (email: string, width: Width, lng: 'zh-CN' | 'en') => signIn(rig, email, width, lng);

/** The panel case's card on the juror page (the one with a commit form or a reveal button, or sealed). */
const panelCard = (page: Page, caseId: string) => page.locator('[data-testid="duty"] > li').filter({ has: page.locator(`[data-testid="duty-${caseId}"]`) });

/** Moves the demo clock to the next jury deadline until the case's round is in `phase` (or closed). */
async function moveUntil(ops: Page, member: Page, caseId: string, done: (item: { phase: string } | undefined) => boolean): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const items = ((await (await member.request.get(`${rig.url}/jury/cases`)).json()) as { items: { id: string; phase: string }[] }).items;
    if (done(items.find((x) => x.id === caseId))) return;
    // The demo operator's button on the calendar page (POST /ops/demo/clock {to: "jury"}).
    await ops.goto(`${rig.url}/operator/calendar`);
    const answer = ops.waitForResponse((r) => r.url().endsWith('/ops/demo/clock') && r.request().method() === 'POST');
    await ops.getByRole('button', { name: /^Move just past the next jury deadline/ }).click();
    const moved = await answer;
    expect(moved.status(), await moved.text()).toBe(200);
  }
  throw new Error('the demo clock did not reach the phase');
}

describe('panel duty', () => {
  let caseId = '';

  it('the demo member is drawn for a panel case in its commit phase: the form at both widths in both languages', async () => {
    for (const width of WIDTH_NAMES) {
      for (const lng of LANGUAGES) {
        const page = await loggedIn(MEMBER, width, lng);
        if (!caseId) {
          const items = ((await (await page.request.get(`${rig.url}/jury/cases`)).json()) as { items: { id: string; mode: string; phase: string; mine: string }[] }).items;
          const panel = items.find((x) => x.mode === 'panel');
          expect(panel).toMatchObject({ phase: 'commit', mine: 'none' });
          caseId = panel!.id;
        }
        await page.goto(`${rig.url}/my/jury`);
        const card = panelCard(page, caseId);
        await card.locator('textarea[name="justification"]').waitFor();
        await looksRight(page, `my-jury-panel-commit-${width}-${lng}`);
        await page.context().close();
      }
    }
  }, 240_000);

  it('commits a sealed vote with its justification, reveals it in the reveal phase, and the public case shows the tally', async () => {
    // One browser for the whole vote: it keeps the ballot and its salt between commit and reveal.
    const page = await loggedIn(MEMBER, 'desktop', 'en');
    const ops = await loggedIn('operator@demo.huzhu', 'desktop', 'en');
    await page.goto(`${rig.url}/my/jury`);
    const card = panelCard(page, caseId);
    await card.getByLabel('do not pay').check();
    await card.getByLabel(/^Justification/).fill(JUSTIFICATION);
    await card.getByRole('button', { name: 'Seal my vote' }).click();
    await expect.poll(() => card.locator(`[data-testid="duty-${caseId}"]`).innerText()).toMatch(/^Sealed\. Come back between .+ and .+ to reveal it\./);
    await page.reload();
    await expect.poll(() => panelCard(page, caseId).innerText()).toContain('Sealed; waiting for the reveal phase.');
    await looksRight(page, 'my-jury-panel-sealed-desktop-en');
    for (const width of WIDTH_NAMES) {
      for (const lng of LANGUAGES) {
        const p = await loggedIn(MEMBER, width, lng);
        await p.goto(`${rig.url}/my/jury`);
        await expect.poll(() => panelCard(p, caseId).innerText()).toContain(lng === 'en' ? 'Sealed; waiting for the reveal phase.' : '已密封提交，等待公开阶段。');
        await looksRight(p, `my-jury-panel-sealed-${width}-${lng}`);
        await p.context().close();
      }
    }

    await moveUntil(ops, page, caseId, (item) => item?.phase === 'reveal');
    await page.reload();
    const revealCard = panelCard(page, caseId);
    await revealCard.getByRole('button', { name: 'Reveal my vote' }).click();
    await expect.poll(() => revealCard.locator(`[data-testid="duty-${caseId}"]`).innerText()).toBe('Vote revealed: do not pay.');
    await looksRight(page, 'my-jury-panel-revealed-desktop-en');

    await moveUntil(ops, page, caseId, (item) => item === undefined);
    for (const width of WIDTH_NAMES) {
      for (const lng of LANGUAGES) {
        const p = await openPage(rig, width, lng);
        await p.goto(`${rig.url}/juries/${caseId}`);
        const tally = p.locator('[data-testid="tally-0"]');
        await tally.waitFor();
        expect(await tally.innerText()).toMatch(lng === 'en' ? /0 to pay, 1 not to pay \(1 valid votes\)/ : /0 票应当救助，1 票不应救助（有效票 1 票）/);
        expect(await p.locator('[data-testid="justifications-0"]').innerText()).toContain(JUSTIFICATION);
        // Round 0's ruling; the case is final only when the claimant's 7 days to appeal to a larger panel are over.
        expect(await p.locator('[data-testid="round-ruling-0"]').innerText()).toContain(lng === 'en' ? 'Do not pay' : '不应救助');
        expect(await p.locator('[data-testid="jury-appeal"]').innerText()).toMatch(lng === 'en' ? /^The ruling is not final yet: the claimant may appeal to a larger panel of 7 jurors until / : /^裁决尚未生效：申请人可在/);
        await looksRight(p, `jury-case-panel-${width}-${lng}`);
        await p.context().close();
      }
    }
    await ops.context().close();
    await page.context().close();
  }, 300_000);
});
