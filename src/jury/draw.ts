/**
 * The verifiable jury draw (panel mode). Anyone holding the public inputs can recompute exactly
 * who was drawn; nothing here uses a secret or a clock.
 *
 * Public inputs, and why each is public:
 *   - publishedRecordHex: the hash of a record already published in the transparency log (for
 *     round 0 the announcement's record; for an appeal round a record published after the
 *     previous round's ruling). It was fixed before anyone knew it would seed a draw, so the
 *     operator cannot choose a seed that picks friendly jurors.
 *   - caseId and round: so every case and every round gets its own seed from the same record.
 *   - jurors: the published list of qualified jurors' pseudonyms (64 hex digits each, e.g. a
 *     hash the member can recognise as theirs). It must be published (see jurorListDigest)
 *     BEFORE the seed record, or the operator could add or drop names until the draw suits them.
 *   - excludedParties (pseudonyms of the claimant's payer account and family) and drawnEarlier
 *     (jurors of earlier rounds), so an outsider sees who could not be drawn and why.
 *
 * Algorithm (version 1), all hashes SHA-256, integers big-endian:
 *   seed   = H("huzhu/jury-draw/v1" || uint32(len(record)) || record || uint32(round) || UTF-8(caseId))
 *   list   = the juror pseudonyms, lower-cased, sorted ascending, minus the exclusions
 *   for counter i = 0, 1, 2, ... until `size` jurors are drawn:
 *     x = first 8 bytes of H(seed || uint32(i)) as an unsigned 64-bit integer
 *     m = number of jurors still in the list
 *     if x >= 2^64 - (2^64 mod m): skip this i (rejection sampling, so every juror is equally
 *       likely; plain x mod m would favour the first (2^64 mod m) positions)
 *     else: draw list[x mod m] and remove it from the list (keeping the order of the rest)
 * Sorting first makes the result independent of the order in which the list was published.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { HuzhuError } from '../domain/errors.ts';
import { concatBytes, hasLoneSurrogate, readUint64BigEndian, toHex, uint32BigEndian, utf8 } from '../transparency/core/bytes.ts';

export const DRAW_ALGORITHM = 'huzhu/jury-draw/v1';

export interface DrawInputs {
  publishedRecordHex: string;
  caseId: string;
  /** 0 for the first panel, 1 for the first appeal, ... */
  round: number;
  /** How many jurors to draw (see panelSizeForRound). */
  size: number;
  jurors: readonly string[];
  excludedParties: readonly string[];
  drawnEarlier: readonly string[];
}

export interface DrawResult {
  algorithm: typeof DRAW_ALGORITHM;
  seedHex: string;
  /** How many jurors could be drawn after exclusions. */
  eligibleCount: number;
  /** The drawn pseudonyms, in draw order. */
  drawn: string[];
  /** Counters used (drawn plus rejected), so a verifier can compare the work done. */
  attempts: number;
}

const PSEUDONYM = /^[0-9a-f]{64}$/;
const TWO_64 = 1n << 64n;

function parseHex(hex: string, field: string): Uint8Array {
  if (hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(hex)) {
    throw new HuzhuError('VALIDATION', `${field}: expected a non-empty even-length hex string`, { field });
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function normalizePseudonym(p: string, field: string): string {
  const lower = p.toLowerCase();
  if (!PSEUDONYM.test(lower)) throw new HuzhuError('VALIDATION', `${field}: "${p}" is not a pseudonym of 64 hex digits`, { field });
  return lower;
}

/** The canonical juror list: lower-cased and sorted; a pseudonym listed twice is refused (it would double that juror's chance). */
export function canonicalJurorList(jurors: readonly string[]): string[] {
  const list = jurors.map((j, i) => normalizePseudonym(j, `jurors.${i}`)).sort();
  for (let i = 1; i < list.length; i++) {
    if (list[i] === list[i - 1]) throw new HuzhuError('VALIDATION', `jurors: pseudonym ${list[i]} is listed twice`, { field: 'jurors' });
  }
  return list;
}

/**
 * The digest to publish for a juror list before the seed record exists:
 * H("huzhu/juror-list/v1" || for each canonical pseudonym: its 32 bytes).
 */
export function jurorListDigest(jurors: readonly string[]): string {
  const list = canonicalJurorList(jurors);
  return toHex(sha256(concatBytes(utf8('huzhu/juror-list/v1'), ...list.map((p) => parseHex(p, 'jurors')))));
}

export function drawSeed(publishedRecordHex: string, caseId: string, round: number): Uint8Array {
  const record = parseHex(publishedRecordHex, 'publishedRecordHex');
  if (caseId.length === 0 || hasLoneSurrogate(caseId)) throw new HuzhuError('VALIDATION', 'caseId: required, valid Unicode', { field: 'caseId' });
  if (!Number.isInteger(round) || round < 0 || round > 0xffff_ffff) throw new HuzhuError('VALIDATION', 'round: a non-negative integer', { field: 'round' });
  return sha256(concatBytes(utf8(DRAW_ALGORITHM), uint32BigEndian(record.length), record, uint32BigEndian(round), utf8(caseId)));
}

/** Kleros' appeal rule: each appeal round draws 2n+1 jurors, n being the previous round's size. */
export function panelSizeForRound(firstSize: number, round: number): number {
  let size = firstSize;
  for (let r = 0; r < round; r++) size = 2 * size + 1;
  return size;
}

/** Draws the panel. The operator and any outsider run the same function on the same inputs. */
export function drawJurors(inputs: DrawInputs): DrawResult {
  if (!Number.isInteger(inputs.size) || inputs.size < 1) throw new HuzhuError('VALIDATION', 'size: at least 1 juror', { field: 'size' });
  const seed = drawSeed(inputs.publishedRecordHex, inputs.caseId, inputs.round);
  const excluded = new Set([
    ...inputs.excludedParties.map((p, i) => normalizePseudonym(p, `excludedParties.${i}`)),
    ...inputs.drawnEarlier.map((p, i) => normalizePseudonym(p, `drawnEarlier.${i}`)),
  ]);
  const remaining = canonicalJurorList(inputs.jurors).filter((j) => !excluded.has(j));
  const eligibleCount = remaining.length;
  if (eligibleCount < inputs.size) {
    throw new HuzhuError('NOT_ENOUGH_JURORS', `${eligibleCount} eligible juror(s) after exclusions; the panel needs ${inputs.size}`, { details: { eligibleCount, size: inputs.size } });
  }
  const drawn: string[] = [];
  let counter = 0;
  while (drawn.length < inputs.size) {
    if (counter > 0xffff_ffff) throw new HuzhuError('INTERNAL', 'draw counter overflow'); // unreachable: each try succeeds with probability > 1/2
    const x = readUint64BigEndian(sha256(concatBytes(seed, uint32BigEndian(counter))), 0);
    counter += 1;
    const m = BigInt(remaining.length);
    if (x >= TWO_64 - (TWO_64 % m)) continue;
    const [picked] = remaining.splice(Number(x % m), 1);
    drawn.push(picked!);
  }
  return { algorithm: DRAW_ALGORITHM, seedHex: toHex(seed), eligibleCount, drawn, attempts: counter };
}

/** What an outsider runs on the published inputs: the same computation, named for its use. */
export function recomputeDraw(publicInputs: DrawInputs): DrawResult {
  return drawJurors(publicInputs);
}

/** True iff the published panel is exactly the draw the public inputs give, in order. */
export function verifyDraw(publicInputs: DrawInputs, publishedPanel: readonly string[]): boolean {
  const { drawn } = recomputeDraw(publicInputs);
  return drawn.length === publishedPanel.length && drawn.every((d, i) => d === publishedPanel[i]!.toLowerCase());
}
