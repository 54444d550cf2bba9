/**
 * Which claims get an on-site investigation. Three rules, as openIMIS samples claims: every claim
 * above a payout amount, every claim with a risk signal, and a random share of the rest.
 *
 * The random share is not Math.random: the draw is SHA-256 of (seed, claim id), so anyone who
 * later learns the seed can recompute exactly which claims were drawn, and the operator cannot
 * quietly spare a claim. The seed should be fixed and its hash published before the period's
 * claims are known, and the seed itself published after they are decided (commit, then reveal):
 * fixed in advance so nobody can choose it to spare a claim, secret until the end so claimants
 * cannot learn whether they will be checked.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { HuzhuError } from '../domain/errors.ts';
import type { Fen } from '../domain/money.ts';
import { concatBytes, hasLoneSurrogate, readUint64BigEndian, toHex, uint32BigEndian, utf8 } from '../transparency/core/bytes.ts';
import type { SamplingSettings } from '../jury/jury-settings.ts';
import type { RiskSignal } from './risk-signals.ts';

export type SamplingReasonCode = 'above-amount' | 'risk-signal' | 'random';

export interface SamplingReason {
  code: SamplingReasonCode;
  text: string;
}

export interface SamplingDecision {
  sampled: boolean;
  reasons: SamplingReason[];
  /** The claim's random draw as 16 hex digits (a uint64), recorded so an auditor can check it. */
  draw: string;
}

const TAG = utf8('huzhu/investigation-sample/v1');

/**
 * The claim's draw: the first 8 bytes, big-endian, of
 * SHA-256("huzhu/investigation-sample/v1" || uint32be(len(seed)) || seed || claimId), strings as UTF-8.
 * The length prefix keeps (seed, claim id) pairs from colliding ("ab"+"c" vs "a"+"bc").
 */
export function samplingDraw(seed: string, claimId: string): bigint {
  if (seed.length === 0) throw new HuzhuError('VALIDATION', 'seed: must not be empty', { field: 'seed' });
  if (hasLoneSurrogate(seed) || hasLoneSurrogate(claimId)) throw new HuzhuError('VALIDATION', 'seed/claimId: not valid Unicode', { field: 'seed' });
  const seedBytes = utf8(seed);
  const digest = sha256(concatBytes(TAG, uint32BigEndian(seedBytes.length), seedBytes, utf8(claimId)));
  return readUint64BigEndian(digest, 0);
}

/**
 * In the random share iff draw / 2^64 < share / 10000, computed exactly in integers:
 * draw * 10000 < share * 2^64. With share 10000 every claim is in; with 0, none.
 */
export function inRandomShare(draw: bigint, shareBasisPoints: number): boolean {
  return draw * 10_000n < BigInt(shareBasisPoints) << 64n;
}

export interface SamplingInput {
  claimId: string;
  payoutFen: Fen;
  signals: readonly RiskSignal[];
}

function yuanText(fen: Fen): string {
  return `${(fen / 100n).toLocaleString('en-US')} yuan`;
}

export function sampleForInvestigation(settings: SamplingSettings, seed: string, claim: SamplingInput): SamplingDecision {
  const reasons: SamplingReason[] = [];
  if (claim.payoutFen > settings.alwaysAboveFen) {
    reasons.push({ code: 'above-amount', text: `the payout of ${yuanText(claim.payoutFen)} is above ${yuanText(settings.alwaysAboveFen)}, so the claim is always investigated` });
  }
  for (const s of claim.signals) reasons.push({ code: 'risk-signal', text: `risk signal ${s.code}: ${s.reason}` });
  const draw = samplingDraw(seed, claim.claimId);
  // The random share is drawn for every claim, even one already sampled, so that the record
  // shows the draw and an auditor can check the share came out near its setting.
  if (inRandomShare(draw, settings.randomShareBasisPoints)) {
    reasons.push({ code: 'random', text: `drawn in the random ${settings.randomShareBasisPoints / 100}% share (draw ${draw.toString(16).padStart(16, '0')})` });
  }
  return { sampled: reasons.length > 0, reasons, draw: draw.toString(16).padStart(16, '0') };
}

/** Hash of the seed, published before the period so the seed cannot be changed afterwards. */
export function samplingSeedCommitment(seed: string): string {
  return toHex(sha256(concatBytes(utf8('huzhu/investigation-seed/v1'), utf8(seed))));
}
