import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HuzhuError } from '../domain/errors.ts';
import { checkReport, decide, type InvestigationReport } from './four-eyes.ts';

const report: InvestigationReport = {
  claimId: 'C1',
  investigatorId: 'inv-1',
  findings: [{ recordedBy: 'inv-1', text: 'hospital confirms the biopsy' }, { recordedBy: 'op-2', text: 'prior records checked' }],
  documents: [{ id: 'd1', title: 'pathology report', contentHash: 'a'.repeat(64), forJurors: true, redactedHash: 'b'.repeat(64) }],
  recommendation: 'approve',
  summary: 'Diagnosis confirmed by pathology.',
};

function code(f: () => unknown): string | undefined {
  try { f(); } catch (e) { return e instanceof HuzhuError ? e.code : 'not-huzhu'; }
  return undefined;
}

describe('four eyes', () => {
  it('lets a different operator decide, with a reason, and records whether the recommendation was followed', () => {
    const r = decide(report, { claimId: 'C1', operatorId: 'op-3', outcome: 'reject', reason: '  the biopsy predates joining by two months ' }, 10);
    expect(r.followedRecommendation).toBe(false);
    expect(r.reason).toBe('the biopsy predates joining by two months');
  });

  it('refuses the investigator and anyone who recorded a finding', () => {
    for (const op of ['inv-1', 'op-2']) {
      expect(code(() => decide(report, { claimId: 'C1', operatorId: op, outcome: 'approve', reason: 'all checks passed fine' }, 10))).toBe('FOUR_EYES');
    }
  });

  it('requires a written reason, counted in characters (Chinese counts one per character)', () => {
    expect(code(() => decide(report, { claimId: 'C1', operatorId: 'op-3', outcome: 'approve', reason: '   ' }, 10))).toBe('VALIDATION');
    expect(code(() => decide(report, { claimId: 'C1', operatorId: 'op-3', outcome: 'approve', reason: '病理报告证实确诊' }, 10))).toBe('VALIDATION'); // 8
    expect(decide(report, { claimId: 'C1', operatorId: 'op-3', outcome: 'approve', reason: '病理报告证实确诊无误。' }, 10).followedRecommendation).toBe(true); // 11
  });

  it('refuses a decision for another claim and an incomplete report', () => {
    expect(code(() => decide(report, { claimId: 'C2', operatorId: 'op-3', outcome: 'approve', reason: 'all checks passed fine' }, 10))).toBe('CONFLICT');
    expect(code(() => checkReport({ ...report, findings: [] }))).toBe('VALIDATION');
    expect(code(() => checkReport({ ...report, documents: [{ ...report.documents[0]!, redactedHash: null }] }))).toBe('VALIDATION');
  });

  it('never lets a report author decide (property)', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 1, maxLength: 4 }), fc.constantFrom('a', 'b', 'c', 'd', 'e'), (authors, op) => {
      const r: InvestigationReport = { ...report, investigatorId: authors[0]!, findings: authors.map((a) => ({ recordedBy: a, text: 'finding' })) };
      const result = code(() => decide(r, { claimId: 'C1', operatorId: op, outcome: 'approve', reason: 'a reason long enough' }, 10));
      return (authors as string[]).includes(op) ? result === 'FOUR_EYES' : result === undefined;
    }));
  });
});
