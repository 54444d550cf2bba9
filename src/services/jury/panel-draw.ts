/**
 * The verifiable panel draw (src/jury/draw.ts) in the database: the juror list as of the seed
 * record, the published exclusions, the draw itself and its `jury.draw` entry.
 */
import type { Queryable } from '../../db/database.ts';
import { HuzhuError } from '../../domain/errors.ts';
import { localDateOf } from '../../domain/local-date.ts';
import { drawJurors, jurorListDigest, DRAW_ALGORITHM } from '../../jury/draw.ts';
import { hasConflictOfInterest, jurorEligibility } from '../../jury/qualification.ts';
import { logJuryDraw } from '../../transparency/entries/jury-entries.ts';
import * as jurorsRepo from '../../repositories/jurors-repo.ts';
import { entryAt } from '../../transparency/store/log-store.ts';
import * as repo from '../../repositories/jury-repo.ts';
import { type Plan } from '../../repositories/plans-repo.ts';
import { leafHash } from '../../transparency/store/log-store.ts';
import { HOUR_MS, candidateOf, jurorParty, partiesOf } from './jury-facts.ts';

/** Draws round 0, or leaves the case waiting when too few jurors are eligible yet. */
export async function tryFirstDraw(tx: Queryable, plan: Plan, k: repo.JuryCaseRow, at: Date): Promise<boolean> {
  try {
    await startPanelRound(tx, plan, k, { round: 0, size: plan.rules.decisions.jury.panel.size, recordIndex: Number(k.seedLogIndex), drawnEarlier: [], at, appealedBy: null });
    return true;
  } catch (e) {
    if (e instanceof HuzhuError && e.code === 'NOT_ENOUGH_JURORS') return false;
    throw e;
  }
}

/**
 * Draws a panel round: the juror list (one SELECT), the exclusions, the draw (draw.ts) and the
 * record of it, logged as `jury.draw`. Throws NOT_ENOUGH_JURORS before writing anything.
 */
export async function startPanelRound(tx: Queryable, plan: Plan, k: repo.JuryCaseRow, o: { round: number; size: number; recordIndex: number; drawnEarlier: string[]; at: Date; appealedBy: string | null }): Promise<void> {
  const s = plan.rules.decisions.jury;
  const on = localDateOf(o.at, plan.rules.timeZone);
  const record = leafHash(await entryAt(tx, o.recordIndex)).toString('hex');
  const facts = await jurorsRepo.jurorListFacts(tx, plan.id, s.quiz.bankId, o.recordIndex);
  const parties = await partiesOf(tx, k);
  const earlier = new Set(o.drawnEarlier);
  const exclusions: repo.DrawRow['exclusions'] = { parties: [], ineligible: [], drawnEarlier: [...o.drawnEarlier].sort() };
  for (const f of facts) {
    if (hasConflictOfInterest(jurorParty(f), parties)) exclusions.parties.push(f.pseudonym);
    else if (!earlier.has(f.pseudonym)) {
      const e = jurorEligibility(s, candidateOf(f, on), on);
      if (!e.eligible) exclusions.ineligible.push({ pseudonym: f.pseudonym, reasons: e.reasons.map((r) => r.code) });
    }
  }
  const list = facts.map((f) => f.pseudonym);
  const caseId = String(k.id);
  const drawn = drawJurors({
    publishedRecordHex: record, caseId, round: o.round, size: o.size, jurors: list,
    excludedParties: [...exclusions.parties, ...exclusions.ineligible.map((x) => x.pseudonym)], drawnEarlier: exclusions.drawnEarlier,
  });
  const commitClosesAt = new Date(o.at.getTime() + s.panel.commitHours * HOUR_MS);
  const closesAt = new Date(commitClosesAt.getTime() + s.panel.revealHours * HOUR_MS);
  await repo.insertRound(tx, { caseId: k.id, round: o.round, mode: 'panel', openedAt: o.at, commitClosesAt, closesAt, appealedBy: o.appealedBy });
  const digest = jurorListDigest(list);
  const logIndex = await logJuryDraw(tx, {
    plan: plan.id, case: caseId, claim: k.claimRef, round: o.round, algorithm: DRAW_ALGORITHM,
    seedRecord: record, seedRecordIndex: o.recordIndex, seed: drawn.seedHex, size: o.size, jurorListSize: list.length, jurorListDigest: digest,
    excluded: { parties: exclusions.parties.length, ineligible: exclusions.ineligible.length, drawnEarlier: exclusions.drawnEarlier.length },
    panel: drawn.drawn, attempts: drawn.attempts, at: o.at,
  });
  await repo.insertDraw(tx, {
    caseId: k.id, round: o.round, algorithm: DRAW_ALGORITHM, seedLogIndex: o.recordIndex, seedRecord: record, seed: drawn.seedHex, size: o.size,
    jurorListSize: list.length, jurorListDigest: digest, exclusions, panel: drawn.drawn, attempts: drawn.attempts, drawnAt: o.at, logIndex,
  });
}
