// Runs every RFC 6962 / 9162 proof vector in testdata/merkle (copied from transparency-dev/merkle)
// through our verifiers. The count is asserted so that a moved folder cannot pass on zero files.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromBase64 } from '../../domain/bytes.ts';
import { verifyConsistency, verifyInclusion } from './merkle.ts';

const VECTOR_ROOT = join(import.meta.dirname, '..', '..', '..', 'testdata', 'merkle');

function jsonFilesUnder(folder: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) files.push(...jsonFilesUnder(path));
    else if (name.endsWith('.json')) files.push(path);
  }
  return files;
}

interface InclusionVector {
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

interface ConsistencyVector {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

const decode = (text: string): Uint8Array => fromBase64(text, 'vector');
const load = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

const inclusionFiles = jsonFilesUnder(join(VECTOR_ROOT, 'inclusion'));
const consistencyFiles = jsonFilesUnder(join(VECTOR_ROOT, 'consistency'));

describe('transparency-dev/merkle test vectors', () => {
  it('finds all 196 vectors', () => {
    expect(inclusionFiles.length + consistencyFiles.length).toBe(196);
    expect(inclusionFiles.length).toBe(98);
    expect(consistencyFiles.length).toBe(98);
  });

  it.each(inclusionFiles.map((f) => [relative(VECTOR_ROOT, f), f]))('%s', (_name, file) => {
    const v = load<InclusionVector>(file);
    // leafIdx 2^64 - 1 arrives as an unsafe number; the verifier must (and does) reject it.
    const ok = verifyInclusion(decode(v.leafHash), v.leafIdx, v.treeSize, (v.proof ?? []).map(decode), decode(v.root));
    expect(ok, v.desc).toBe(!v.wantErr);
  });

  it.each(consistencyFiles.map((f) => [relative(VECTOR_ROOT, f), f]))('%s', (_name, file) => {
    const v = load<ConsistencyVector>(file);
    const ok = verifyConsistency(v.size1, v.size2, (v.proof ?? []).map(decode), decode(v.root1), decode(v.root2));
    expect(ok, v.desc).toBe(!v.wantErr);
  });
});
