/**
 * A member's charge proof: "my bill for this period is part of what the plan published".
 *
 * Two Merkle trees are involved, both with RFC 6962 hashing:
 *
 * 1. Per period, a *charge tree* whose leaves are the members' bills. Leaf bytes:
 *
 *      salt            32 bytes, random per member and period
 *      pseudonym len   2 bytes, big-endian uint16, length of the next field in bytes (1..65535)
 *      pseudonym       UTF-8
 *      amount          8 bytes, big-endian uint64, in minor units (fen)
 *
 *    leaf hash = SHA-256(0x00 || leaf bytes). The salt makes a leaf hash reveal nothing about
 *    another member's amount when it appears as a sibling in someone else's proof, and stops
 *    anyone from confirming a guessed (pseudonym, amount). The length prefix keeps the layout
 *    unambiguous.
 *
 * 2. The public *log*. Each period adds one entry, {"type":"period.charges","v":1,
 *    "period":..., "chargesRoot":<base64>, "chargesCount":n, ...}, in canonical JSON.
 *
 * The bundle is a `c2sp.org/tlog-proof@v1` text whose inclusion proof and checkpoint prove the
 * period entry is in the log, and whose `extra` line carries (as base64 canonical JSON) the
 * period entry itself plus the member's leaf and its path in the charge tree. The extra data is
 * untrusted on arrival; verifyBundle trusts it only after re-hashing it up to the signed root.
 */
import { invalid } from '../../domain/errors.ts';
import { concatBytes, fromBase64OrUndefined, hasLoneSurrogate, fromUtf8OrUndefined, toBase64, uint64BigEndian, utf8 } from '../../domain/bytes.ts';
import { canonicalJson, encodeLogEntry, parseCanonicalJson, type JsonValue, type LogEntry } from './canonical-json.ts';
import { type Checkpoint, type CheckpointTrust } from './checkpoint-format.ts';
import { InMemoryMerkleTree } from './memory-tree.ts';
import { HASH_SIZE, hashLeaf, verifyInclusion } from './merkle.ts';
import { parseVerifierKey, type NoteVerifier } from './note.ts';
import { formatTlogProof, parseTlogProof, verifyTlogProof } from './tlog-proof.ts';

export const CHARGE_SALT_SIZE = 32;
export const PERIOD_CHARGES_ENTRY_TYPE = 'period.charges';
const BUNDLE_EXTRA_TYPE = 'charge.proof';

export interface ChargeLeaf {
  readonly salt: Uint8Array;
  readonly pseudonym: string;
  /** Amount in minor units; 0 <= amount < 2^64. */
  readonly amountMinor: bigint;
}

/** The exact leaf bytes described at the top of this file. */
export function chargeLeafBytes(leaf: ChargeLeaf): Uint8Array {
  if (leaf.salt.length !== CHARGE_SALT_SIZE) throw invalid('salt', 'must be 32 bytes');
  const pseudonym = utf8(leaf.pseudonym);
  if (pseudonym.length < 1 || pseudonym.length > 0xffff) throw invalid('pseudonym', 'must be 1..65535 bytes of UTF-8');
  if (hasLoneSurrogate(leaf.pseudonym)) throw invalid('pseudonym', 'has a lone surrogate');
  const length = Uint8Array.of(pseudonym.length >> 8, pseudonym.length & 0xff);
  return concatBytes(leaf.salt, length, pseudonym, uint64BigEndian(leaf.amountMinor, 'amountMinor'));
}

export function chargeLeafHash(leaf: ChargeLeaf): Uint8Array {
  return hashLeaf(chargeLeafBytes(leaf));
}

/** The charge tree for one period, leaves in the given order. */
export function buildChargeTree(leaves: readonly ChargeLeaf[]): InMemoryMerkleTree {
  const tree = new InMemoryMerkleTree();
  for (const leaf of leaves) tree.appendLeafHash(chargeLeafHash(leaf));
  return tree;
}

export interface PeriodChargesEntry extends LogEntry {
  readonly type: typeof PERIOD_CHARGES_ENTRY_TYPE;
  readonly v: 1;
  readonly period: string;
  readonly chargesRoot: string;
  readonly chargesCount: number;
}

/** The log entry that publishes a period's charge tree root. `extra` fields are logged too. */
export function periodChargesEntry(period: string, chargeTree: InMemoryMerkleTree, extra: { readonly [field: string]: JsonValue } = {}): PeriodChargesEntry {
  if (period.length === 0) throw invalid('period', 'must be non-empty');
  if (chargeTree.size === 0) throw invalid('chargeTree', 'a period with no charges has nothing to prove');
  return { ...extra, type: PERIOD_CHARGES_ENTRY_TYPE, v: 1, period, chargesRoot: toBase64(chargeTree.root()), chargesCount: chargeTree.size };
}

export interface ChargeBundleInput {
  /** The period entry exactly as logged. */
  readonly entry: PeriodChargesEntry;
  /** Its index in the log, an inclusion proof for it, and the signed checkpoint that proof is for. */
  readonly logIndex: number;
  readonly logInclusionProof: readonly Uint8Array[];
  readonly signedCheckpoint: string;
  /** The member's leaf, its index in the charge tree, and its path there. */
  readonly leaf: ChargeLeaf;
  readonly chargeIndex: number;
  readonly chargeInclusionProof: readonly Uint8Array[];
}

/** Writes the bundle a member downloads (a `.tlog-proof` file). */
export function createChargeBundle(input: ChargeBundleInput): string {
  const extra = canonicalJson({
    type: BUNDLE_EXTRA_TYPE,
    v: 1,
    entry: input.entry,
    charge: {
      salt: toBase64(input.leaf.salt),
      pseudonym: input.leaf.pseudonym,
      amount: input.leaf.amountMinor,
      index: input.chargeIndex,
      proof: input.chargeInclusionProof.map(toBase64),
    },
  });
  return formatTlogProof({
    extra: utf8(extra),
    index: input.logIndex,
    inclusionProof: input.logInclusionProof,
    signedCheckpoint: input.signedCheckpoint,
  });
}

export interface BundleTrust {
  /** The log's verifier key, e.g. `huzhu.example/log+1a2b3c4d+AT...`, or a parsed verifier. */
  readonly logKey: string | NoteVerifier;
  readonly origin?: string;
  readonly witnesses?: readonly NoteVerifier[];
  readonly witnessQuorum?: number;
}

export type BundleVerification =
  | {
      readonly ok: true;
      readonly period: string;
      readonly pseudonym: string;
      readonly amountMinor: bigint;
      readonly logIndex: number;
      readonly checkpoint: Checkpoint;
      readonly entry: PeriodChargesEntry;
    }
  | { readonly ok: false; readonly reason: string };

type JsonObject = { readonly [key: string]: JsonValue };

function asRecord(value: JsonValue | undefined): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

function asHash(value: JsonValue | undefined): Uint8Array | undefined {
  if (typeof value !== 'string') return undefined;
  const bytes = fromBase64OrUndefined(value);
  return bytes !== undefined && bytes.length === HASH_SIZE ? bytes : undefined;
}

function readPeriodEntry(value: JsonValue | undefined): PeriodChargesEntry | undefined {
  const entry = asRecord(value);
  if (entry === undefined || entry.type !== PERIOD_CHARGES_ENTRY_TYPE || entry.v !== 1) return undefined;
  if (typeof entry.period !== 'string' || asHash(entry.chargesRoot) === undefined) return undefined;
  if (typeof entry.chargesCount !== 'number' || entry.chargesCount < 1) return undefined;
  return entry as PeriodChargesEntry;
}

function readCharge(value: JsonValue | undefined): { leaf: ChargeLeaf; index: number; proof: Uint8Array[] } | undefined {
  const charge = asRecord(value);
  if (charge === undefined) return undefined;
  const salt = typeof charge.salt === 'string' ? fromBase64OrUndefined(charge.salt) : undefined;
  const amount = typeof charge.amount === 'number' || typeof charge.amount === 'bigint' ? BigInt(charge.amount) : undefined;
  const proof = Array.isArray(charge.proof) ? (charge.proof as readonly JsonValue[]).map(asHash) : undefined;
  if (salt === undefined || salt.length !== CHARGE_SALT_SIZE || typeof charge.pseudonym !== 'string') return undefined;
  if (amount === undefined || amount < 0n || amount >= 2n ** 64n) return undefined;
  if (typeof charge.index !== 'number' || proof === undefined || proof.some((h) => h === undefined)) return undefined;
  return { leaf: { salt, pseudonym: charge.pseudonym, amountMinor: amount }, index: charge.index, proof: proof as Uint8Array[] };
}

/**
 * Checks a member's bundle completely offline, given only the log's key (and, if wanted, the
 * witnesses'): the member's leaf hashes up to the period's charges root; that root is in the
 * period entry; the entry hashes to a leaf included in the checkpointed log tree; and the
 * checkpoint carries a valid log signature (and enough cosignatures). Never throws.
 */
export function verifyBundle(bundle: string, trust: BundleTrust): BundleVerification {
  try {
    const log = typeof trust.logKey === 'string' ? parseVerifierKey(trust.logKey) : trust.logKey;
    const proof = parseTlogProof(bundle);
    if (proof.extra === undefined) return { ok: false, reason: 'bundle has no extra data' };
    const extraText = fromUtf8OrUndefined(proof.extra);
    if (extraText === undefined) return { ok: false, reason: 'extra data is not UTF-8' };
    const extra = asRecord(parseCanonicalJson(extraText));
    if (extra === undefined || extra.type !== BUNDLE_EXTRA_TYPE || extra.v !== 1) return { ok: false, reason: 'extra data is not a charge.proof v1' };
    const entry = readPeriodEntry(extra.entry);
    if (entry === undefined) return { ok: false, reason: 'extra data has no valid period.charges entry' };
    const charge = readCharge(extra.charge);
    if (charge === undefined) return { ok: false, reason: 'extra data has no valid charge' };

    const chargesRoot = asHash(entry.chargesRoot)!;
    if (!verifyInclusion(chargeLeafHash(charge.leaf), charge.index, entry.chargesCount, charge.proof, chargesRoot)) {
      return { ok: false, reason: 'the charge is not in the period charges tree' };
    }
    const checkpointTrust: CheckpointTrust = {
      log,
      ...(trust.origin === undefined ? {} : { origin: trust.origin }),
      ...(trust.witnesses === undefined ? {} : { witnesses: trust.witnesses }),
      ...(trust.witnessQuorum === undefined ? {} : { witnessQuorum: trust.witnessQuorum }),
    };
    const logged = verifyTlogProof(proof, hashLeaf(encodeLogEntry(entry)), checkpointTrust);
    if (!logged.ok) return logged;
    return {
      ok: true,
      period: entry.period,
      pseudonym: charge.leaf.pseudonym,
      amountMinor: charge.leaf.amountMinor,
      logIndex: proof.index,
      checkpoint: logged.checkpoint,
      entry,
    };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : 'malformed bundle' };
  }
}
