/**
 * The writers of the jury's entries (docs/jury.md): a juror qualified, a case opened, a panel
 * drawn, a round closed, the final result. Each is handed the facts it records, in the jury
 * service's transaction; people appear only as pseudonyms and claim refs.
 */
import type { Queryable } from '../../db/database.ts';
import { sha256Hex } from '../../domain/sha256.ts';
import { canonicalJson, type JsonValue, type LogEntry } from '../core/canonical-json.ts';
import { appendLogEntries } from '../store/log-store.ts';
import { ENTRY_TYPES } from './entry-types.ts';

/** Members who passed the plan's quiz `bank`, one `jury.juror` entry each; returns the first entry's index. */
export async function logJurorsQualified(tx: Queryable, plan: string, bank: string, pseudonyms: readonly string[], at: Date): Promise<number> {
  return appendLogEntries(tx, pseudonyms.map((juror) => ({
    entry: { type: ENTRY_TYPES.juryJuror, v: 1, plan, juror, bank, at: at.toISOString() },
    ref: `jury.juror/${juror}/${bank}`,
  })));
}

export interface JuryCaseFacts {
  plan: string; case: string; claim: string; kind: string; challenge: string | null; mode: string;
  statusQuo: string; heldOut: boolean; seedRecordIndex: number | null; at: Date;
}

/** An appeal opened before the jury. */
export async function logJuryCase(tx: Queryable, f: JuryCaseFacts): Promise<number> {
  return appendLogEntries(tx, [{ entry: { type: ENTRY_TYPES.juryCase, v: 1, ...f, at: f.at.toISOString() }, ref: `jury.case/${f.case}` }]);
}

export interface JuryDrawFacts {
  plan: string; case: string; claim: string; round: number; algorithm: string; seedRecord: string; seedRecordIndex: number; seed: string;
  size: number; jurorListSize: number; jurorListDigest: string; excluded: { parties: number; ineligible: number; drawnEarlier: number };
  panel: readonly string[]; attempts: number; at: Date;
}

/** A panel drawn (the juror list itself is published by the jury's public views, paged). */
export async function logJuryDraw(tx: Queryable, f: JuryDrawFacts): Promise<number> {
  return appendLogEntries(tx, [{
    entry: { type: ENTRY_TYPES.juryDraw, v: 1, ...f, excluded: { ...f.excluded }, panel: [...f.panel], at: f.at.toISOString() },
    ref: `jury.draw/${f.case}/${f.round}`,
  }]);
}

export interface JuryRoundFacts {
  plan: string; case: string; claim: string; mode: string; round: number; closedAt: string;
  /** The round's draw, in panel mode. */
  draw: { seed: string; jurorListDigest: string } | undefined;
  tally: { pay: number; reject: number; valid: number }; ruling: string; decidedBy: string;
  justifications: readonly { readonly juror: string; readonly vote: string; readonly justification: string }[];
  misses: number;
}

/** A round closed. The justifications are published with the round (GET /public/jury/cases/:id); the log commits to them by digest. */
export async function logJuryRound(tx: Queryable, f: JuryRoundFacts): Promise<number> {
  const justificationsDigest = f.justifications.length
    ? sha256Hex(canonicalJson(f.justifications.map((j) => ({ ...j }) as { [key: string]: JsonValue })))
    : null;
  const entry: LogEntry = {
    type: ENTRY_TYPES.juryRound, v: 1, plan: f.plan, case: f.case, claim: f.claim, mode: f.mode, round: f.round, closedAt: f.closedAt,
    seed: f.draw?.seed ?? null, jurorListDigest: f.draw?.jurorListDigest ?? null,
    tally: { pay: f.tally.pay, reject: f.tally.reject, valid: f.tally.valid }, ruling: f.ruling, decidedBy: f.decidedBy,
    justificationsDigest, misses: f.misses,
  };
  return appendLogEntries(tx, [{ entry, ref: `jury.round/${f.case}/${f.round}` }]);
}

export interface JuryResultFacts {
  plan: string; case: string; claim: string; challenge: string; kind: string; mode: string; at: Date;
  /** The last round heard and how many there were. */
  round: number | null; rounds: number;
  drawSeed: string; seedRecord: string | null; jurorListDigest: string | null; jurors: number;
  tallies: { pay: number; reject: number }; ruling: string; decidedBy: string;
  /** The ruling's effect on the claim (approved, rejected, released, unchanged, blocked:<code>, already-paid). */
  outcome: string;
}

/** The final ruling, anonymized, with the draw seed, the tallies and its effect on the claim. */
export async function logJuryResult(tx: Queryable, f: JuryResultFacts): Promise<number> {
  return appendLogEntries(tx, [{
    entry: { type: ENTRY_TYPES.juryResult, v: 1, ...f, tallies: { ...f.tallies }, at: f.at.toISOString() },
    ref: `jury.result/${f.case}`,
  }]);
}
