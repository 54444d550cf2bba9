import { describe, expect, it } from 'vitest';
import { HuzhuError } from '../../domain/errors.ts';
import {
  generateNoteKeys,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  verifyNote,
} from './note.ts';

// Published example keys and signatures from golang.org/x/mod/sumdb/note, file note_test.go
// (TestNewSigner, TestSign, TestOpen; BSD-3-Clause, The Go Authors). The same PeterNeumann key
// is the example in the C2SP signed-note spec's history.
const PETER_SIGNER = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_VERIFIER = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const ENOCH_VERIFIER = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG = '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG = '\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

const peter = parseVerifierKey(PETER_VERIFIER);
const enoch = parseVerifierKey(ENOCH_VERIFIER);

describe('signed note: Go sumdb/note published example', () => {
  it('parses the verifier and signer keys with key ID c74f20a3', () => {
    expect(peter.name).toBe('PeterNeumann');
    expect(peter.keyId).toBe(0xc74f20a3);
    expect(parseSignerKey(PETER_SIGNER).keyId).toBe(0xc74f20a3);
  });

  it('produces exactly the published signed note (Ed25519 is deterministic)', () => {
    expect(signNote(TEXT, [parseSignerKey(PETER_SIGNER)])).toBe(`${TEXT}\n${PETER_SIG}`);
  });

  it('verifies the published note; ignores the unknown EnochRoot line', () => {
    const result = verifyNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [peter]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.text).toBe(TEXT);
    expect(result.verified.map((s) => s.name)).toEqual(['PeterNeumann']);
    expect(result.unverified.map((s) => s.name)).toEqual(['EnochRoot']);
    const both = verifyNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [peter, enoch]);
    expect(both.ok && both.verified.length).toBe(2);
  });

  it('rejects a note with no known key, a bad known signature, or altered text', () => {
    expect(verifyNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [])).toEqual({ ok: false, reason: 'note has no verifiable signatures' });
    const corrupted = PETER_SIG.slice(0, 60) + 'ABCD' + PETER_SIG.slice(60);
    expect(verifyNote(`${TEXT}\n${corrupted}`, [peter])).toEqual({ ok: false, reason: 'invalid signature for key PeterNeumann+c74f20a3' });
    expect(verifyNote(`${TEXT.replace('cryptography', 'cryptocurrency')}\n${PETER_SIG}`, [peter]).ok).toBe(false);
    expect(verifyNote(`${TEXT}\n${PETER_SIG}`, [enoch]).ok).toBe(false);
  });

  it('treats a line that shares only the name or only the key ID with a trusted key as unknown', () => {
    const otherName = PETER_SIG.replace('PeterNeumann', 'PeterNeuman');
    expect(verifyNote(`${TEXT}\n${otherName}${PETER_SIG}`, [peter]).ok).toBe(true);
    expect(verifyNote(`${TEXT}\n${otherName}`, [peter]).ok).toBe(false);
  });

  it('rejects malformed notes (the Go test list)', () => {
    const bad = [
      TEXT,
      `${TEXT}\n`,
      `${TEXT}\n${PETER_SIG.slice(0, -1)}`,
      `\u0001${TEXT}\n${PETER_SIG}`,
      `${TEXT}\n\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
      `${TEXT}\n${PETER_SIG}Unexpected line.\n`,
      `${TEXT}\n${PETER_SIG.repeat(101)}`,
    ];
    for (const message of bad) {
      expect(verifyNote(message, [peter]).ok, JSON.stringify(message)).toBe(false);
      expect(() => parseNote(message)).toThrow(HuzhuError);
    }
  });

  it('rejects mangled keys', () => {
    for (let i = 0; i < PETER_VERIFIER.length; i++) {
      const mangled = PETER_VERIFIER.slice(0, i) + String.fromCharCode(PETER_VERIFIER.charCodeAt(i) + 1) + PETER_VERIFIER.slice(i + 1);
      expect(() => parseVerifierKey(mangled), mangled).toThrow(HuzhuError);
    }
    expect(() => parseVerifierKey(PETER_VERIFIER.slice(0, -4))).toThrow(HuzhuError);
    expect(() => parseSignerKey(PETER_SIGNER.slice(0, -1))).toThrow(HuzhuError);
    expect(() => parseSignerKey(PETER_SIGNER.replace('c74f20a3', 'c74f20a4'))).toThrow(/key ID/);
  });

  it('generates key pairs that sign and verify each other', () => {
    const keys = generateNoteKeys('huzhu.example/log');
    const signed = signNote('hello\n', [parseSignerKey(keys.signerKey)]);
    expect(verifyNote(signed, [parseVerifierKey(keys.verifierKey)]).ok).toBe(true);
    expect(verifyNote(signed, [peter]).ok).toBe(false);
    expect(() => generateNoteKeys('bad name')).toThrow(HuzhuError);
    expect(() => signNote('no newline', [parseSignerKey(keys.signerKey)])).toThrow(HuzhuError);
  });

  it('replaces an old signature by the same key when re-signing', () => {
    const once = parseNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`);
    const again = signNote(TEXT, [parseSignerKey(PETER_SIGNER)], once.signatures);
    expect(again).toBe(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`);
  });
});
