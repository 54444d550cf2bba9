/**
 * `huzhu witness` as a function: one round of an outside witness (a regulator, an auditor, a
 * members' association) against a huzhu log served over HTTP.
 *
 *   1. GET <log>/checkpoint and check it with the log's verifier key;
 *   2. compare it with the last checkpoint this witness cosigned for that log (the state file):
 *      a smaller tree, another root at the same size, or a larger tree the log cannot prove
 *      consistent (GET <log>/proof/consistency) is REFUSED: nothing is signed, the state keeps
 *      the offending signed checkpoint as evidence, and the result says why;
 *   3. otherwise record the checkpoint as cosigned (before the signature leaves the process, so
 *      a crash can never let the witness sign two inconsistent checkpoints), cosign it
 *      (c2sp.org/tlog-cosignature, timestamped), and POST it to <log>/cosignature.
 *
 * The decision itself is src/transparency/core/witness-decision.ts (browser-safe); this file does the I/O.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { HuzhuError, ERROR_CODES, type ErrorCode } from '../../domain/errors.ts';
import { fromBase64, fromBase64OrUndefined, toBase64 } from '../../domain/bytes.ts';
import { verifyCheckpoint } from '../core/checkpoint-format.ts';
import { parseCosignerKey } from '../core/cosignature-format.ts';
import { parseVerifierKey } from '../core/note.ts';
import { cosignCheckpoint, judgeCheckpoint, needsConsistencyProof, type WitnessRefusal } from '../core/witness-decision.ts';
import type { CosignatureReceipt } from '../store/cosignature-store.ts';

/** What a witness remembers per log (keyed by origin in the state file). */
export interface WitnessLogState {
  /** The last checkpoint cosigned. */
  size: number;
  root: string;
  /** The signed checkpoint as fetched (the log's signature line included): evidence of what the log said. */
  checkpoint: string;
  /** When it was cosigned, POSIX seconds. */
  cosignedAt: number;
  /** Checkpoints refused, with the log's signature: proof the log misbehaved. */
  refusals?: { at: number; refusal: WitnessRefusal; reason: string; checkpoint: string }[];
}

export type WitnessStateFile = Record<string, WitnessLogState>;

export async function readWitnessState(file: string): Promise<WitnessStateFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if (e instanceof Error && 'code' in e && e.code === 'ENOENT') return {};
    throw e;
  }
  try {
    return JSON.parse(text) as WitnessStateFile;
  } catch {
    throw new HuzhuError('VALIDATION', `${file}: not a witness state file (JSON)`, { field: 'state' });
  }
}

/** Written to a temporary file and renamed over the old one, so a crash leaves the old or the new state, never half. */
async function writeWitnessState(file: string, state: WitnessStateFile): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
  await rename(tmp, file);
}

export interface WitnessRunOptions {
  /** Base URL of the log, e.g. https://huzhu.example/log. */
  log: string;
  /** The log's verifier key. */
  logKey: string;
  /** This witness's signer key (PRIVATE+KEY+<name>+<key id>+<base64(0x04 || seed)>). */
  signerKey: string;
  statePath: string;
  fetch?: typeof fetch;
  /** POSIX seconds stamped into the cosignature (default the system clock). */
  now?: () => number;
}

export type WitnessRunResult =
  | {
      ok: true;
      origin: string;
      size: number;
      root: string;
      /** The size cosigned before (undefined on the first round). */
      previousSize: number | undefined;
      witness: string;
      cosignedAt: number;
      receipts: CosignatureReceipt[];
    }
  | { ok: false; origin: string; refusal: WitnessRefusal; reason: string; previousSize: number | undefined };

/** A failed HTTP call as a HuzhuError: the server's own code when it sent one, else NOT_FOUND/INTERNAL. */
async function httpFailure(url: string, res: Response): Promise<HuzhuError> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string; field?: string } };
    const code = body.error?.code;
    if (code && code in ERROR_CODES) {
      return new HuzhuError(code as ErrorCode, `${url}: ${body.error?.message ?? ''}`, body.error?.field ? { field: body.error.field } : {});
    }
  } catch {
    // not a huzhu error body
  }
  return new HuzhuError(res.status === 404 ? 'NOT_FOUND' : 'INTERNAL', `${url}: HTTP ${res.status} ${text.slice(0, 200)}`);
}

/** Reads a consistency proof; undefined when the log does not give a well-formed one (the witness then refuses). */
async function fetchConsistencyProof(base: string, from: number, to: number, fetchImpl: typeof fetch): Promise<Uint8Array[] | undefined> {
  const res = await fetchImpl(`${base}/proof/consistency?from=${from}&to=${to}`);
  if (!res.ok) return undefined;
  try {
    const body = (await res.json()) as { from?: unknown; to?: unknown; proof?: unknown };
    if (body.from !== from || body.to !== to || !Array.isArray(body.proof)) return undefined;
    const proof = body.proof.map((h) => (typeof h === 'string' ? fromBase64OrUndefined(h) : undefined));
    return proof.every((h): h is Uint8Array => h !== undefined && h.length === 32) ? proof : undefined;
  } catch {
    return undefined;
  }
}

/** fetch, with a network failure (no server, DNS, refused) as a HuzhuError naming the URL. */
function reachable(fetchImpl: typeof fetch): typeof fetch {
  return async (input, init) => {
    try {
      return await fetchImpl(input, init);
    } catch (e) {
      const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : e instanceof Error ? e.message : String(e);
      throw new HuzhuError('NOT_FOUND', `${String(input)}: cannot reach the log (${cause})`, { cause: e });
    }
  };
}

export async function runWitness(o: WitnessRunOptions): Promise<WitnessRunResult> {
  const fetchImpl = reachable(o.fetch ?? fetch);
  const now = o.now ?? (() => Math.floor(Date.now() / 1000));
  const base = o.log.replace(/\/+$/, '');
  const log = parseVerifierKey(o.logKey.trim());
  let stamped = 0;
  const cosigner = parseCosignerKey(o.signerKey.trim(), () => (stamped = now()));
  const origin = log.name;

  const all = await readWitnessState(o.statePath);
  const mine = all[origin];
  const previous = mine && { size: mine.size, rootHash: fromBase64(mine.root, 'state.root') };

  const url = `${base}/checkpoint`;
  const res = await fetchImpl(url);
  if (!res.ok) throw await httpFailure(url, res);
  const note = await res.text();

  // The consistency proof is asked for only once the log's signature holds (its size is then the log's word).
  const opened = verifyCheckpoint(note, { log });
  const proof = opened.ok && needsConsistencyProof(previous, opened.checkpoint.size)
    ? await fetchConsistencyProof(base, previous!.size, opened.checkpoint.size, fetchImpl)
    : undefined;
  const verdict = judgeCheckpoint({ signedCheckpoint: note, log, previous, consistencyProof: proof });
  if (!verdict.ok) {
    // A checkpoint the log signed that contradicts one it signed before is kept: it proves the log lied.
    if (mine && verdict.refusal !== 'signature') {
      mine.refusals = [...(mine.refusals ?? []), { at: now(), refusal: verdict.refusal, reason: verdict.reason, checkpoint: note }];
      await writeWitnessState(o.statePath, all);
    }
    return { ok: false, origin, refusal: verdict.refusal, reason: verdict.reason, previousSize: previous?.size };
  }

  const cosigned = cosignCheckpoint(verdict.body, cosigner);
  all[origin] = {
    ...(mine?.refusals ? { refusals: mine.refusals } : {}),
    size: verdict.checkpoint.size, root: toBase64(verdict.checkpoint.rootHash), checkpoint: note, cosignedAt: stamped,
  };
  await writeWitnessState(o.statePath, all);

  const postUrl = `${base}/cosignature`;
  const posted = await fetchImpl(postUrl, { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: cosigned });
  if (!posted.ok) throw await httpFailure(postUrl, posted);
  const receipt = (await posted.json()) as { cosignatures?: CosignatureReceipt[] };
  return {
    ok: true, origin, size: verdict.checkpoint.size, root: toBase64(verdict.checkpoint.rootHash), previousSize: previous?.size,
    witness: cosigner.name, cosignedAt: stamped, receipts: receipt.cosignatures ?? [],
  };
}
