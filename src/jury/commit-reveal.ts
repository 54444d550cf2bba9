/**
 * Hidden votes for panel mode, as Kleros runs them: each drawn juror first commits to a hash of
 * their vote, and reveals the vote only after every commitment is in. Why: if votes were visible
 * as they came in, later jurors would follow the early ones instead of reading the case.
 *
 * Commitment layout (version 1), SHA-256 over the concatenation, integers big-endian:
 *   "huzhu/jury-vote/v1"                      18 bytes, ASCII
 *   uint32(len(caseId))  caseId               UTF-8
 *   uint32(round)
 *   juror                                     32 bytes (the pseudonym's hex decoded)
 *   vote                                      1 byte: 0x01 pay, 0x02 reject
 *   uint32(len(justification))  justification UTF-8, exactly as written (no normalisation)
 *   salt                                      32 bytes, random, kept by the juror until the reveal
 * The issue asks for H(vote || justification || salt); the case, round and juror are added so a
 * commitment cannot be copied from another juror or replayed in another case or round. The
 * length prefixes make the layout unambiguous. The 32-byte salt keeps a two-valued vote from
 * being guessed by hashing both possibilities.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { HuzhuError } from '../domain/errors.ts';
import { charCount } from '../investigation/four-eyes.ts';
import { concatBytes, hasLoneSurrogate, toHex, uint32BigEndian, utf8 } from '../transparency/core/bytes.ts';

export type Vote = 'pay' | 'reject';

export const VOTE_COMMITMENT_TAG = 'huzhu/jury-vote/v1';
export const SALT_BYTES = 32;
const VOTE_BYTE: Record<Vote, number> = { pay: 0x01, reject: 0x02 };

export interface Ballot {
  caseId: string;
  round: number;
  /** The juror's pseudonym, 64 hex digits. */
  juror: string;
  vote: Vote;
  justification: string;
  salt: Uint8Array;
}

function hexToBytes(hex: string, bytes: number, field: string): Uint8Array {
  if (hex.length !== bytes * 2 || !/^[0-9a-fA-F]+$/.test(hex)) {
    throw new HuzhuError('VALIDATION', `${field}: expected ${bytes * 2} hex digits`, { field });
  }
  const out = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function commitmentPreimage(b: Ballot): Uint8Array {
  if (!Object.hasOwn(VOTE_BYTE, b.vote)) throw new HuzhuError('VALIDATION', 'vote: must be pay or reject', { field: 'vote' });
  if (b.salt.length !== SALT_BYTES) throw new HuzhuError('VALIDATION', `salt: must be ${SALT_BYTES} bytes`, { field: 'salt' });
  if (hasLoneSurrogate(b.caseId) || hasLoneSurrogate(b.justification)) {
    throw new HuzhuError('VALIDATION', 'justification: not valid Unicode', { field: 'justification' });
  }
  if (!Number.isInteger(b.round) || b.round < 0 || b.round > 0xffff_ffff) throw new HuzhuError('VALIDATION', 'round: a non-negative integer', { field: 'round' });
  const caseId = utf8(b.caseId);
  const justification = utf8(b.justification);
  return concatBytes(
    utf8(VOTE_COMMITMENT_TAG),
    uint32BigEndian(caseId.length), caseId,
    uint32BigEndian(b.round),
    hexToBytes(b.juror, 32, 'juror'),
    Uint8Array.of(VOTE_BYTE[b.vote]),
    uint32BigEndian(justification.length), justification,
    b.salt,
  );
}

/** The commitment a juror's client sends in the commit phase, as 64 lower-case hex digits. */
export function commitmentFor(b: Ballot): string {
  return toHex(sha256(commitmentPreimage(b)));
}

/** A fresh salt for a ballot (the only impure helper here: it reads the system's random source). */
export function randomSalt(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(SALT_BYTES));
}

/** Clients should run this before committing: a justification too short is refused at the reveal, when it can no longer be changed. */
export function checkJustification(justification: string, minChars: number): void {
  if (charCount(justification) < minChars) {
    throw new HuzhuError('VALIDATION', `justification: each vote needs a written justification of at least ${minChars} characters`, { field: 'justification' });
  }
}

// ---- Phases and the round's state ------------------------------------------------------------

export interface PanelPhases {
  commitOpensAt: Date;
  /** Commit phase: [commitOpensAt, commitClosesAt); reveal phase: [commitClosesAt, revealClosesAt). */
  commitClosesAt: Date;
  revealClosesAt: Date;
}

export type Phase = 'not-open' | 'commit' | 'reveal' | 'closed';

const HOUR_MS = 3_600_000;

export function panelPhases(opensAt: Date, commitHours: number, revealHours: number): PanelPhases {
  const commitClosesAt = new Date(opensAt.getTime() + commitHours * HOUR_MS);
  return { commitOpensAt: opensAt, commitClosesAt, revealClosesAt: new Date(commitClosesAt.getTime() + revealHours * HOUR_MS) };
}

export function phaseAt(p: PanelPhases, at: Date): Phase {
  const t = at.getTime();
  if (t < p.commitOpensAt.getTime()) return 'not-open';
  if (t < p.commitClosesAt.getTime()) return 'commit';
  if (t < p.revealClosesAt.getTime()) return 'reveal';
  return 'closed';
}

export interface RevealedVote {
  vote: Vote;
  justification: string;
}

export interface PanelRoundState {
  caseId: string;
  round: number;
  /** The drawn jurors (pseudonyms), in draw order. */
  panel: readonly string[];
  phases: PanelPhases;
  commitments: Readonly<Record<string, string>>;
  reveals: Readonly<Record<string, RevealedVote>>;
}

export function newPanelRound(caseId: string, round: number, panel: readonly string[], phases: PanelPhases): PanelRoundState {
  return { caseId, round, panel: panel.map((p) => p.toLowerCase()), phases, commitments: {}, reveals: {} };
}

function requirePhase(state: PanelRoundState, at: Date, phase: Phase, what: string): void {
  const now = phaseAt(state.phases, at);
  if (now !== phase) throw new HuzhuError('WRONG_PHASE', `${what} is accepted only in the ${phase} phase; the round is in the ${now} phase`, { details: { phase: now } });
}

function requireDrawn(state: PanelRoundState, juror: string): string {
  const j = juror.toLowerCase();
  if (!state.panel.includes(j)) throw new HuzhuError('NOT_DRAWN', `juror ${juror} was not drawn for case ${state.caseId} round ${state.round}`);
  return j;
}

/** Records a commitment. One per juror: a second is refused rather than replacing the first, so the record never changes under anyone. */
export function acceptCommit(state: PanelRoundState, juror: string, commitmentHex: string, at: Date): PanelRoundState {
  requirePhase(state, at, 'commit', 'a commitment');
  const j = requireDrawn(state, juror);
  if (!/^[0-9a-fA-F]{64}$/.test(commitmentHex)) throw new HuzhuError('VALIDATION', 'commitment: expected 64 hex digits', { field: 'commitment' });
  if (Object.hasOwn(state.commitments, j)) throw new HuzhuError('ALREADY_VOTED', `juror ${j} has already committed in this round`);
  return { ...state, commitments: { ...state.commitments, [j]: commitmentHex.toLowerCase() } };
}

export interface Reveal {
  juror: string;
  vote: Vote;
  justification: string;
  saltHex: string;
}

/**
 * Records a reveal, or throws: WRONG_PHASE outside the reveal phase, NOT_DRAWN, WRONG_PHASE too
 * for a juror who never committed (they missed the commit phase), ALREADY_VOTED for a second
 * reveal, REVEAL_MISMATCH when the ballot does not hash to the commitment, VALIDATION for a
 * justification that is too short.
 */
export function acceptReveal(state: PanelRoundState, reveal: Reveal, at: Date, minJustificationChars: number): PanelRoundState {
  requirePhase(state, at, 'reveal', 'a reveal');
  const j = requireDrawn(state, reveal.juror);
  const committed = state.commitments[j];
  if (committed === undefined) throw new HuzhuError('WRONG_PHASE', `juror ${j} did not commit in the commit phase, so has nothing to reveal`);
  if (Object.hasOwn(state.reveals, j)) throw new HuzhuError('ALREADY_VOTED', `juror ${j} has already revealed in this round`);
  const salt = hexToBytes(reveal.saltHex, SALT_BYTES, 'salt');
  const ballot: Ballot = { caseId: state.caseId, round: state.round, juror: j, vote: reveal.vote, justification: reveal.justification, salt };
  if (commitmentFor(ballot) !== committed) {
    throw new HuzhuError('REVEAL_MISMATCH', `the revealed vote, justification and salt do not match juror ${j}'s commitment`);
  }
  checkJustification(reveal.justification, minJustificationChars);
  return { ...state, reveals: { ...state.reveals, [j]: { vote: reveal.vote, justification: reveal.justification } } };
}
