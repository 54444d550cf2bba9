import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HuzhuError } from '../domain/errors.ts';
import { parseLocalDate as d } from '../domain/local-date.ts';
import { findPersonalData, jurorView, type FullClaimRecord } from './redaction.ts';

const PERSON = { name: '张三丰', idNumber: '11010519491231002X', phone: '13800138000', address: '浙江省杭州市西湖区文三路100号' };

function record(over: Partial<FullClaimRecord> = {}): FullClaimRecord {
  return {
    caseId: 'case-1', claimId: 'C1',
    claimant: { ...PERSON, birthDate: d('1980-05-02'), province: 'Zhejiang' },
    joinedOn: d('2019-01-10'), waitingEndsOn: d('2019-04-10'), diagnosedOn: d('2020-03-15'),
    disease: '恶性肿瘤（肺癌）', severity: 'severe', cause: 'illness', payoutFen: 10_000_000n,
    dispute: { kind: 'claim-rejected', decisionReason: 'hospital records show a diagnosis before joining', challengeReason: null },
    investigation: {
      summary: '调查员走访杭州市第一医院，病理报告确认2020年3月确诊。',
      documents: [
        { id: 'd1', title: '病理报告（已脱敏）', contentHash: 'a'.repeat(64), forJurors: true, redactedHash: 'b'.repeat(64) },
        { id: 'd2', title: '身份证复印件', contentHash: 'c'.repeat(64), forJurors: false, redactedHash: null },
      ],
    },
    ...over,
  };
}

describe('the juror view', () => {
  it('shows the anonymized case and only the documents marked for jurors', () => {
    const v = jurorView(record());
    expect(v.claimant).toEqual({ maskedName: '张**', ageAtDiagnosis: 39, province: 'Zhejiang' });
    expect(v).toMatchObject({ diagnosedMonth: '2020-03', daysFromJoinToDiagnosis: 430, payoutYuan: '100000' });
    expect(v.documents).toEqual([{ id: 'd1', title: '病理报告（已脱敏）', redactedHash: 'b'.repeat(64) }]);
    const json = JSON.stringify(v);
    expect(json).not.toContain('a'.repeat(64)); // the original's hash is not shown either
    expect(findPersonalData(JSON.parse(json), PERSON)).toEqual([]);
  });

  it('masks the claimant\'s own data where a free text repeats it', () => {
    const summary = `申请人张三丰（身份证 110105 19491231 002X，电话 138-0013-8000）住${PERSON.address}，本人称病情于2020年3月确诊。`;
    const v = jurorView(record({ investigation: { summary, documents: [] } }));
    expect(v.investigationSummary).toBe('申请人张**（身份证 [身份证号已隐去]，电话 [电话已隐去]）住[地址已隐去]，本人称病情于2020年3月确诊。');
  });

  it('refuses a text that still holds someone\'s ID number or phone, without echoing it', () => {
    const relative = '申请人之子身份证号330106200501014417，联系电话 +86 139 1234 5678';
    try {
      jurorView(record({ dispute: { kind: 'challenge-dismissed', decisionReason: 'ok', challengeReason: relative } }));
      expect.unreachable();
    } catch (e) {
      expect((e as HuzhuError).code).toBe('PERSONAL_DATA');
      expect((e as HuzhuError).message).toContain('dispute.challengeReason (id-number)');
      expect((e as HuzhuError).message).not.toContain('330106');
    }
  });

  it('never shows a claimant\'s personal data, wherever the texts mention it (property)', () => {
    const han = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c));
    const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
    const person = fc.record({
      name: fc.array(han, { minLength: 2, maxLength: 4 }).map((a) => a.join('')),
      idNumber: fc.tuple(fc.integer({ min: 110000, max: 659999 }), fc.integer({ min: 1950, max: 2005 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), digits(3), fc.constantFrom('0', '7', 'X'))
        .map(([r, y, m, dd, seq, check]) => `${r}${y}${String(m).padStart(2, '0')}${String(dd).padStart(2, '0')}${seq}${check}`),
      phone: fc.tuple(fc.integer({ min: 3, max: 9 }), digits(9)).map(([b, rest]) => `1${b}${rest}`),
      address: fc.array(han, { minLength: 6, maxLength: 16 }).map((a) => `${a.join('')}路${'1'}号`),
    });
    const filler = fc.array(han, { maxLength: 8 }).map((a) => a.join(''));
    fc.assert(fc.property(person, fc.array(fc.tuple(filler, fc.constantFrom('name', 'idNumber', 'phone', 'address') as fc.Arbitrary<keyof typeof PERSON>)), (p, parts) => {
      const text = parts.map(([f, k]) => f + p[k]).join('，') || '无';
      const r = record({ claimant: { ...p, birthDate: d('1980-05-02'), province: 'Zhejiang' }, investigation: { summary: text, documents: [] }, dispute: { kind: 'claim-rejected', decisionReason: text, challengeReason: null } });
      const json = JSON.stringify(jurorView(r));
      return findPersonalData(JSON.parse(json), p).length === 0 && !json.includes(p.idNumber) && !json.includes(p.phone) && !json.includes(p.address) && !json.includes(p.name);
    }), { numRuns: 200 });
  });
});

describe('findPersonalData', () => {
  it('finds ID numbers and phones by pattern, in values, numbers and keys', () => {
    const hits = findPersonalData({
      a: '身份证：11010519491231002x', b: '旧身份证 110105491231002', c: '手机 +86 138 0013 8000', d: '座机 (0571)87654321', e: 13800138000,
      f: ['ok', '010-12345678'], ['13912345678']: 1,
    });
    expect(hits.map((h) => `${h.path}:${h.kind}`)).toEqual(['a:id-number', 'b:id-number', 'c:phone', 'd:phone', 'e:phone', 'f.1:phone', '<key 13912345678>:phone']);
  });

  it('finds the given person\'s exact name and address', () => {
    expect(findPersonalData({ x: '张三丰先生', y: `寄往${PERSON.address}` }, PERSON).map((h) => h.kind)).toEqual(['name', 'address']);
  });

  it('does not flag hashes, dates, amounts or case numbers', () => {
    const clean = {
      hash: '13800138000'.padEnd(64, 'a'), date: '2020-03-15', at: '2020-03-15T10:00:00+08:00', yuan: '300000', fen: 30_000_000, caseId: 'case-2020-0001',
      text: '2019年3月26日首例，5小时25万票，58%反对',
    };
    expect(findPersonalData(clean, PERSON)).toEqual([]);
  });
});
