/**
 * The DB-backed log: stored nodes give the same roots, proofs and tiles as the in-memory
 * reference tree; an entry commits with its transaction or not at all; the log refuses to sign
 * a checkpoint inconsistent with the last one it signed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.ts';
import { isHuzhuError } from '../../domain/errors.ts';
import { testDb } from '../../test-support/test-db.ts';
import { encodeLogEntry, type LogEntry } from '../core/canonical-json.ts';
import { parseCheckpoint, verifyCheckpoint } from '../core/checkpoint-format.ts';
import { InMemoryMerkleTree } from '../core/memory-tree.ts';
import { hashLeaf, verifyConsistency, verifyInclusion } from '../core/merkle.ts';
import { generateNoteKeys, parseNote, parseSignerKey, parseVerifierKey } from '../core/note.ts';
import { readTile, decodeEntryBundle, parseTilePath } from '../core/tiles.ts';
import { signCheckpointNow } from './checkpoint-store.ts';
import { createLogHandlers, handleLogPath } from './log-handlers.ts';
import { appendLogEntries, appendLogEntry, logSize, storedConsistencyProof, storedInclusionProof, storedRoot } from './log-store.ts';
import { tilesOf } from '../verify/verify-log.ts';

const keys = generateNoteKeys('test.example/log');
const signer = parseSignerKey(keys.signerKey);
const entry = (i: number): LogEntry => ({ type: 'test', v: 1, i, note: `entry number ${i}` });

let db: Db;
beforeAll(async () => {
  db = await testDb();
});
afterAll(async () => {
  await db?.close();
});

describe('transparency log store', () => {
  it('stores the same tree as the reference: roots, proofs and tiles from stored nodes', async () => {
    const mem = new InMemoryMerkleTree();
    let i = 0;
    for (const batch of [1, 1, 5, 300, 1, 292, 70, 4500]) {
      const items = Array.from({ length: batch }, () => ({ entry: entry(i++) }));
      await db.transaction((tx) => appendLogEntries(tx, items));
      for (const it of items) mem.append(encodeLogEntry(it.entry));
    }
    const size = i;
    expect(await logSize(db)).toBe(size);
    for (const n of [1, 2, 3, 7, 255, 256, 257, 512, 600, 4096, size]) expect(new Uint8Array(await storedRoot(db, n))).toEqual(mem.root(n));
    const root = mem.root();
    for (const index of [0, 1, 255, 256, 511, 600, size - 1]) {
      const proof = await storedInclusionProof(db, index, size);
      expect(proof.map((p) => new Uint8Array(p))).toEqual(mem.inclusionProof(index, size));
      expect(verifyInclusion(hashLeaf(encodeLogEntry(entry(index))), index, size, proof, root)).toBe(true);
    }
    for (const from of [1, 2, 3, 256, 300, 599, size]) {
      const proof = await storedConsistencyProof(db, from, size);
      expect(verifyConsistency(from, size, proof, mem.root(from), root)).toBe(true);
    }
    const h = createLogHandlers(db, { signer });
    for (const tile of tilesOf(size)) expect(new Uint8Array(await h.getTile(tile.level, tile.index, tile.width))).toEqual(readTile(mem.nodeHash, tile));
    const bundle = decodeEntryBundle(await h.getEntryBundle(2, 256));
    expect(new Uint8Array(bundle[0]!)).toEqual(encodeLogEntry(entry(512)));
    // The HTTP-shaped dispatcher.
    const cp = await handleLogPath(h, 'checkpoint');
    const opened = verifyCheckpoint(cp.body as string, { log: parseVerifierKey(keys.verifierKey) });
    expect(opened.ok && opened.checkpoint.size).toBe(size);
    const tilePath = `tile/0/${String(Math.floor(size / 256)).padStart(3, "0")}.p/${size % 256}`;
    expect(parseTilePath(tilePath).kind).toBe('hashes');
    expect(new Uint8Array((await handleLogPath(h, tilePath)).body as Uint8Array)).toEqual(readTile(mem.nodeHash, { level: 0, index: Math.floor(size / 256), width: size % 256 }));
    const inc = JSON.parse((await handleLogPath(h, 'proof/inclusion', new URLSearchParams({ index: '5', size: String(size) }))).body as string);
    expect(inc.proof).toHaveLength(mem.inclusionProof(5, size).length);
    await expect(handleLogPath(h, 'tile/0/099')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(handleLogPath(h, 'proof/inclusion', new URLSearchParams({ index: 'x', size: '1' }))).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('an entry commits with its fact or not at all', async () => {
    const before = await logSize(db);
    await expect(db.transaction(async (tx) => {
      await tx.query(`INSERT INTO plans (id, name, time_zone, rules, created_at) VALUES ('rolled-back', 'x', 'UTC', '{}', now())`);
      await appendLogEntry(tx, { type: 'plan.rules', v: 1, plan: 'rolled-back' });
      throw new Error('the fact fails after its entry was appended');
    })).rejects.toThrow('the fact fails');
    expect(await logSize(db)).toBe(before);
    expect(await db.query(`SELECT 1 FROM plans WHERE id = 'rolled-back'`)).toHaveLength(0);
    expect(await db.query('SELECT 1 FROM log_entries WHERE idx >= $1', [before])).toHaveLength(0);
    // The log is append-only in the database too.
    await expect(db.query('UPDATE log_entries SET entry = entry WHERE idx = 0')).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM log_nodes')).rejects.toThrow(/append-only/);
  });

  it('never signs a checkpoint inconsistent with the last one it signed', async () => {
    const first = await signCheckpointNow(db, signer);
    expect(parseCheckpoint(parseNote(first.note).text).size).toBe(first.size);
    expect((await signCheckpointNow(db, signer)).note).toBe(first.note); // nothing new: same checkpoint
    // Grow by one, then rewrite history under the signed checkpoint: the node over its largest left subtree.
    await db.transaction((tx) => appendLogEntry(tx, entry(99_999)));
    const size = first.size + 1;
    await db.exec('ALTER TABLE log_nodes DISABLE TRIGGER log_nodes_immutable');
    await db.query(`UPDATE log_nodes SET hashes = overlay(hashes PLACING sha256(substring(hashes FROM 1 FOR 32)) FROM 1 FOR 32) WHERE level = $1 AND idx = 0`, [Math.floor(Math.log2(first.size))]);
    await db.exec('ALTER TABLE log_nodes ENABLE TRIGGER log_nodes_immutable');
    const refused = await signCheckpointNow(db, signer).catch((e: unknown) => e);
    expect(isHuzhuError(refused) && refused.code).toBe('CONFLICT');
    expect(String((refused as Error).message)).toMatch(/not consistent/);
    // And the table refuses a checkpoint that does not grow, whoever writes it.
    await expect(db.query(`INSERT INTO log_checkpoints (size, root, note) VALUES ($1, $2, 'x')`, [first.size, Buffer.alloc(32)])).rejects.toThrow(/not larger/);
    expect(size).toBeGreaterThan(first.size);
  });
});
