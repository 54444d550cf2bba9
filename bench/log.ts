/**
 * npm run bench:log [-- --entries N --batch B --rounds R]
 *
 * Appends N (default 1,000,000) canonical JSON entries to the database-backed transparency log in
 * transactions of B entries (default 10,000), each through appendLogEntries, the same path the
 * engine uses; then signs a checkpoint and times inclusion and consistency proofs served from the
 * stored nodes (the public /log/proof handlers: database read + proof assembly), at three tree
 * sizes to show the cost grows with log(size). Verification of each proof is timed separately.
 * Uses DATABASE_URL when set (a throwaway schema), else PGlite in a temporary folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { parseArgs } from 'node:util';
import { openDb } from '../src/db/database.ts';
import { fromBase64 } from '../src/domain/bytes.ts';
import { encodeLogEntry, type LogEntry } from '../src/transparency/core/canonical-json.ts';
import { hashLeaf, verifyConsistency, verifyInclusion } from '../src/transparency/core/merkle.ts';
import { generateNoteKeys, parseSignerKey } from '../src/transparency/core/note.ts';
import { createLogHandlers } from '../src/transparency/store/log-handlers.ts';
import { appendLogEntries, storedRoot, type LogAppend } from '../src/transparency/store/log-store.ts';

const { values } = parseArgs({ options: {
  entries: { type: 'string', default: '1000000' },
  batch: { type: 'string', default: '10000' },
  rounds: { type: 'string', default: '2000' },
} });
const total = Number(values.entries);
const batch = Number(values.batch);
const rounds = Number(values.rounds);
if (!Number.isInteger(total) || total < 1000 || !Number.isInteger(batch) || batch < 1) throw new Error('--entries >= 1000 and --batch >= 1, whole numbers');

const url = process.env.DATABASE_URL;
const dir = url ? undefined : await mkdtemp(joinPath(tmpdir(), 'huzhu-bench-log-'));
const schema = `bench_log_${process.pid}`;
const db = await openDb(url ? { databaseUrl: url, schema } : { dataDir: dir });

// A deterministic PRNG so runs are comparable.
let state = 42;
const random = (below: number): number => {
  state = (state * 1103515245 + 12345) % 2147483648;
  return Math.floor((state / 2147483648) * below);
};
// Shaped like a claim decision (~200 bytes of canonical JSON).
const entry = (i: number): LogEntry => ({
  type: 'claim.decision', v: 1, plan: 'bench', claim: `c${i}`, decision: 'approved', code: null, reason: 'approved after review',
  payout: 30_000_000, severity: 'severe', cause: 'illness', diseaseCode: 'C34', ageAtDiagnosis: 20 + (i % 40), at: '2020-01-04T01:00:00.000Z',
});

try {
  const line = (s: string) => process.stdout.write(s + '\n');
  line(`bench:log db=${db.kind} entries=${total.toLocaleString('en')} batch=${batch.toLocaleString('en')}`);
  // Entries are encoded to canonical JSON first (timed on its own), then appended as bytes.
  let started = performance.now();
  const encoded: Uint8Array[] = [];
  for (let i = 0; i < total; i++) encoded.push(encodeLogEntry(entry(i)));
  const encodeSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  for (let first = 0; first < total; first += batch) {
    const items: LogAppend[] = [];
    for (let i = first; i < Math.min(total, first + batch); i++) items.push({ entry: encoded[i]! });
    await db.transaction((tx) => appendLogEntries(tx, items));
  }
  const appendSeconds = (performance.now() - started) / 1000;
  line(`append: ${total.toLocaleString('en')} entries in ${appendSeconds.toFixed(2)} s = ${Math.round(total / appendSeconds).toLocaleString('en')} entries/s ` +
    `(leaf + node hashing, INSERT of entries and node runs, ${Math.ceil(total / batch)} transactions)`);
  line(`  with canonical JSON encoding (${((encodeSeconds * 1e6) / total).toFixed(1)} µs/entry): ${Math.round(total / (appendSeconds + encodeSeconds)).toLocaleString('en')} entries/s`);
  encoded.length = 0;

  const keys = generateNoteKeys('bench.example/log');
  const h = createLogHandlers(db, { signer: parseSignerKey(keys.signerKey) });
  started = performance.now();
  await h.getCheckpoint();
  line(`checkpoint: signed at size ${total.toLocaleString('en')} in ${(performance.now() - started).toFixed(1)} ms`);

  const sizes = [...new Set([1_000, Math.floor(total / 10), total])];
  const roots = new Map<number, Uint8Array>();
  const rootOf = async (size: number) => roots.get(size) ?? roots.set(size, await storedRoot(db, size)).get(size)!;
  line('\n      size | proof hashes | inclusion µs (serve / verify) | consistency µs (serve / verify)   mean of ' + rounds.toLocaleString('en'));
  for (const size of sizes) {
    const root = await rootOf(size);
    let hashes = 0;
    let serve = 0;
    let verify = 0;
    for (let r = 0; r < rounds; r++) {
      const index = random(size);
      const t = performance.now();
      const { proof } = await h.inclusionProof(index, size);
      const t2 = performance.now();
      if (!verifyInclusion(hashLeaf(encodeLogEntry(entry(index))), index, size, proof.map((p) => fromBase64(p, 'proof')), root)) throw new Error('inclusion failed');
      verify += performance.now() - t2;
      serve += t2 - t;
      hashes += proof.length;
    }
    const inclusion = [(serve * 1000) / rounds, (verify * 1000) / rounds];
    // Consistency from a random earlier size (a few distinct ones, their roots computed beforehand).
    const olds = Array.from({ length: 50 }, () => 1 + random(size - 1));
    for (const old of olds) await rootOf(old);
    serve = 0;
    verify = 0;
    for (let r = 0; r < rounds; r++) {
      const from = olds[r % olds.length]!;
      const t = performance.now();
      const { proof } = await h.consistencyProof(from, size);
      const t2 = performance.now();
      if (!verifyConsistency(from, size, proof.map((p) => fromBase64(p, 'proof')), roots.get(from)!, root)) throw new Error('consistency failed');
      verify += performance.now() - t2;
      serve += t2 - t;
    }
    const consistency = [(serve * 1000) / rounds, (verify * 1000) / rounds];
    line(`${size.toLocaleString('en').padStart(10)} | ${(hashes / rounds).toFixed(1).padStart(12)} | ` +
      `${inclusion[0]!.toFixed(0).padStart(14)} / ${inclusion[1]!.toFixed(0).padEnd(13)} | ${consistency[0]!.toFixed(0).padStart(16)} / ${consistency[1]!.toFixed(0)}`);
  }
} finally {
  if (url) await db.exec(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
  await db.close();
  if (dir) await rm(dir, { recursive: true, force: true });
}
