import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HuzhuError } from '../domain/errors.ts';
import { canonicalJurorList, drawJurors, jurorListDigest, panelSizeForRound, recomputeDraw, verifyDraw, type DrawInputs } from './draw.ts';

/**
 * A second, deliberately plain implementation of the documented algorithm, written from the
 * comment in draw.ts with Node's own crypto and Buffer: what an outsider would write to check
 * a published draw. If the two ever disagree, the published algorithm and the code have drifted.
 */
function referenceDraw(recordHex: string, caseId: string, round: number, size: number, jurors: string[], excluded: string[]): { seed: string; drawn: string[] } {
  const sha = (b: Buffer) => createHash('sha256').update(b).digest();
  const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
  const record = Buffer.from(recordHex, 'hex');
  const seed = sha(Buffer.concat([Buffer.from('huzhu/jury-draw/v1', 'ascii'), u32(record.length), record, u32(round), Buffer.from(caseId, 'utf8')]));
  const ex = new Set(excluded.map((e) => e.toLowerCase()));
  const list = jurors.map((j) => j.toLowerCase()).sort().filter((j) => !ex.has(j));
  const drawn: string[] = [];
  for (let i = 0; drawn.length < size; i++) {
    const x = BigInt('0x' + sha(Buffer.concat([seed, u32(i)])).subarray(0, 8).toString('hex'));
    const m = BigInt(list.length);
    const limit = 2n ** 64n - (2n ** 64n % m);
    if (x >= limit) continue;
    drawn.push(list.splice(Number(x % m), 1)[0]!);
  }
  return { seed: seed.toString('hex'), drawn };
}

const pseudonym = (i: number) => createHash('sha256').update(`juror-${i}`).digest('hex');
const JURORS = Array.from({ length: 40 }, (_, i) => pseudonym(i));
const RECORD = createHash('sha256').update('announcement 2020-03-07').digest('hex');

function inputs(over: Partial<DrawInputs> = {}): DrawInputs {
  return { publishedRecordHex: RECORD, caseId: 'case-2020-0001', round: 0, size: 11, jurors: JURORS, excludedParties: [], drawnEarlier: [], ...over };
}

const hex64 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));

describe('the verifiable draw', () => {
  it('matches the independent reference implementation', () => {
    const excluded = [JURORS[3]!, JURORS[17]!];
    const r = drawJurors(inputs({ excludedParties: excluded }));
    const ref = referenceDraw(RECORD, 'case-2020-0001', 0, 11, JURORS, excluded);
    expect(r.seedHex).toBe(ref.seed);
    expect(r.drawn).toEqual(ref.drawn);
    expect(r.eligibleCount).toBe(38);
  });

  it('matches the reference on random inputs (property)', () => {
    fc.assert(fc.property(
      fc.uniqueArray(hex64, { minLength: 1, maxLength: 60 }), fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.string({ minLength: 1, maxLength: 12 }), fc.nat(5), fc.nat(100),
      (jurors, record, caseId, round, sizeSeed) => {
        const size = 1 + (sizeSeed % jurors.length);
        const recordHex = Buffer.from(record).toString('hex');
        fc.pre(!/[\ud800-\udfff]/.test(caseId));
        const r = drawJurors({ publishedRecordHex: recordHex, caseId, round, size, jurors, excludedParties: [], drawnEarlier: [] });
        return JSON.stringify(r.drawn) === JSON.stringify(referenceDraw(recordHex, caseId, round, size, jurors, []).drawn);
      },
    ), { numRuns: 60 });
  });

  it('pins a known answer, so verifiers in other languages can test against it', () => {
    const r = drawJurors(inputs({ size: 3, jurors: JURORS.slice(0, 10) }));
    expect(r.seedHex).toBe(referenceDraw(RECORD, 'case-2020-0001', 0, 3, JURORS.slice(0, 10), []).seed);
    expect(r).toEqual({
      algorithm: 'huzhu/jury-draw/v1',
      seedHex: '9223150d65299287c9dce15aaa3bbb9151fc79630e9769c8681ff2b7cd999fc3',
      eligibleCount: 10,
      drawn: [
        '4759eaf62769ed5992753d61c2e1202c76ea9896b029310118f3dca549c84c66',
        '2761ffb12b51acf624a885ccc0ffcf8d6f0580007602e7121526a50bdbd83673',
        'b7e92280467534da3abe8fb663272f8e1cb14d5d74184a4488aaa0f1f89c11c5',
      ],
      attempts: 3,
    });
  });

  it('draws distinct jurors, never an excluded one, deterministically and whatever the list order (property)', () => {
    fc.assert(fc.property(
      fc.uniqueArray(hex64, { minLength: 3, maxLength: 50 }), fc.nat(), fc.nat(), fc.nat(3), fc.nat(),
      (jurors, exclSeed, sizeSeed, round, shuffleSeed) => {
        const excludedParties = jurors.filter((_, i) => (i + exclSeed) % 4 === 0);
        const drawnEarlier = jurors.filter((_, i) => (i + exclSeed) % 7 === 1);
        const eligible = jurors.filter((j) => !excludedParties.includes(j) && !drawnEarlier.includes(j));
        fc.pre(eligible.length >= 1);
        const size = 1 + (sizeSeed % eligible.length);
        const base = inputs({ jurors, excludedParties, drawnEarlier, size, round });
        const r = drawJurors(base);
        // a different order (and case) of the published list gives the same draw
        const shuffled = [...jurors].sort((a, b) => ((a.charCodeAt(shuffleSeed % 64) ^ shuffleSeed) - (b.charCodeAt(shuffleSeed % 64) ^ shuffleSeed))).map((j, i) => (i % 2 ? j.toUpperCase() : j));
        const again = recomputeDraw({ ...base, jurors: shuffled });
        return r.drawn.length === size
          && new Set(r.drawn).size === size
          && r.drawn.every((j) => eligible.includes(j))
          && JSON.stringify(again.drawn) === JSON.stringify(r.drawn)
          && verifyDraw(base, r.drawn);
      },
    ), { numRuns: 200 });
  });

  it('gives each case and each round its own seed', () => {
    const a = drawJurors(inputs());
    expect(drawJurors(inputs({ caseId: 'case-2020-0002' })).seedHex).not.toBe(a.seedHex);
    expect(drawJurors(inputs({ round: 1 })).seedHex).not.toBe(a.seedHex);
    expect(verifyDraw(inputs(), [...a.drawn].reverse())).toBe(false);
  });

  it('draws appeal rounds of 2n+1 new jurors', () => {
    expect([0, 1, 2, 3].map((r) => panelSizeForRound(11, r))).toEqual([11, 23, 47, 95]);
    const many = Array.from({ length: 120 }, (_, i) => pseudonym(i));
    const r0 = drawJurors(inputs({ jurors: many }));
    const r1 = drawJurors(inputs({ jurors: many, round: 1, size: panelSizeForRound(11, 1), drawnEarlier: r0.drawn }));
    expect(r1.drawn).toHaveLength(23);
    expect(r1.drawn.some((j) => r0.drawn.includes(j))).toBe(false);
  });

  it('is uniform: each juror is first drawn about equally often (chi-square over many seeds)', () => {
    const list = JURORS.slice(0, 7); // 7 does not divide 2^64: modulo bias would be possible without rejection
    const counts = new Array<number>(7).fill(0);
    const sorted = canonicalJurorList(list);
    const n = 7_000;
    for (let i = 0; i < n; i++) {
      const first = drawJurors(inputs({ jurors: list, size: 1, caseId: `c${i}` })).drawn[0]!;
      counts[sorted.indexOf(first)]! += 1;
    }
    const expected = n / 7;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(30); // 6 degrees of freedom; p < 1e-4 above 30
  });

  it('refuses a malformed or short list with a code', () => {
    const code = (f: () => unknown) => { try { f(); } catch (e) { return (e as HuzhuError).code; } return undefined; };
    expect(code(() => drawJurors(inputs({ jurors: [...JURORS, JURORS[0]!.toUpperCase()] })))).toBe('VALIDATION');
    expect(code(() => drawJurors(inputs({ jurors: ['not-hex'] })))).toBe('VALIDATION');
    expect(code(() => drawJurors(inputs({ publishedRecordHex: 'abc' })))).toBe('VALIDATION');
    expect(code(() => drawJurors(inputs({ size: 39, excludedParties: [JURORS[0]!, JURORS[1]!] })))).toBe('NOT_ENOUGH_JURORS');
  });

  it('publishes a list digest that does not depend on the order', () => {
    expect(jurorListDigest(JURORS)).toBe(jurorListDigest([...JURORS].reverse()));
    expect(jurorListDigest(JURORS)).not.toBe(jurorListDigest(JURORS.slice(1)));
  });
});
