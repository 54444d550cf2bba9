import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HuzhuError } from './errors.ts';
import {
  ACCOUNTS, chargeDayEntries, finish, latePaymentEntries, reversalOf, sharingEntry, writeOffEntry, type Account, type EntryDraft, type Line,
} from './ledger-rules.ts';

const fen = fc.bigInt({ min: 0n, max: 10n ** 13n });

function expectBalanced(e: EntryDraft): void {
  const debits = e.lines.reduce((s, l) => s + l.debitFen, 0n);
  const credits = e.lines.reduce((s, l) => s + l.creditFen, 0n);
  expect(debits).toBe(credits);
  expect(e.lines.length).toBeGreaterThanOrEqual(2);
  for (const l of e.lines) {
    expect(ACCOUNTS).toContain(l.account);
    expect(l.debitFen >= 0n && l.creditFen >= 0n).toBe(true);
    expect((l.debitFen > 0n) !== (l.creditFen > 0n)).toBe(true); // exactly one side
  }
}

/** Net movement (debit - credit) per account over some entries. */
function net(entries: EntryDraft[]): Map<Account, bigint> {
  const m = new Map<Account, bigint>();
  for (const e of entries) for (const l of e.lines) m.set(l.account, (m.get(l.account) ?? 0n) + l.debitFen - l.creditFen);
  for (const [k, v] of m) if (v === 0n) m.delete(k);
  return m;
}

function expectUnbalanced(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(HuzhuError);
    expect((e as HuzhuError).code).toBe('BOOKS_UNBALANCED');
    return;
  }
  throw new Error('expected BOOKS_UNBALANCED');
}

/** Amounts of one period satisfying billed + subsidy + surplus in = payouts + fee + surplus out. */
const periodAmounts = fc.record({ billedFen: fen, operatorSubsidyFen: fen, carriedInFen: fen, payoutFen: fen, feeFen: fen })
  .chain((a) => {
    const inflow = a.billedFen + a.operatorSubsidyFen + a.carriedInFen;
    // choose payouts and fee inside the inflow; the rest is the surplus out
    return fc.tuple(fc.bigInt({ min: 0n, max: inflow }), fc.bigInt({ min: 0n, max: inflow })).map(([x, y]) => {
      const [lo, hi] = x < y ? [x, y] : [y, x];
      return { ...a, payoutFen: lo, feeFen: hi - lo, surplusOutFen: inflow - hi };
    });
  });

describe('finish', () => {
  it('drops zero lines and keeps a balanced entry', () => {
    const e = finish('collection', 'm', [
      { account: 'settlement', debitFen: 5n, creditFen: 0n }, { account: 'fee_payable', debitFen: 0n, creditFen: 0n },
      { account: 'payer_receivable', debitFen: 0n, creditFen: 5n },
    ]);
    expect(e).toEqual({ kind: 'collection', memo: 'm', lines: [
      { account: 'settlement', debitFen: 5n, creditFen: 0n }, { account: 'payer_receivable', debitFen: 0n, creditFen: 5n },
    ] });
  });
  it('returns null for an entry with nothing in it', () => {
    expect(finish('fee', 'm', [])).toBeNull();
    expect(finish('fee', 'm', [{ account: 'settlement', debitFen: 0n, creditFen: 0n }])).toBeNull();
  });
  it('rejects unbalanced lines, negative amounts and lines with both sides', () => {
    expectUnbalanced(() => finish('fee', 'm', [{ account: 'settlement', debitFen: 5n, creditFen: 0n }, { account: 'fee_payable', debitFen: 0n, creditFen: 4n }]));
    expectUnbalanced(() => finish('fee', 'm', [{ account: 'settlement', debitFen: 1n, creditFen: 0n }]));
    expectUnbalanced(() => finish('fee', 'm', [{ account: 'settlement', debitFen: -5n, creditFen: 0n }, { account: 'fee_payable', debitFen: -5n, creditFen: 0n }]));
    expectUnbalanced(() => finish('fee', 'm', [{ account: 'settlement', debitFen: 0n, creditFen: -5n }, { account: 'fee_payable', debitFen: -5n, creditFen: 0n }]));
    expectUnbalanced(() => finish('fee', 'm', [{ account: 'settlement', debitFen: 5n, creditFen: 5n }]));
  });
  it('property: finish rejects any lines whose debits and credits differ', () => {
    const line = fc.record({ account: fc.constantFrom(...ACCOUNTS), debitFen: fen, creditFen: fc.constant(0n) })
      .chain((l) => fc.boolean().map((credit) => (credit ? { ...l, debitFen: 0n, creditFen: l.debitFen } : l)));
    fc.assert(fc.property(fc.array(line, { maxLength: 8 }), (lines: Line[]) => {
      const d = lines.reduce((s, l) => s + l.debitFen, 0n);
      const c = lines.reduce((s, l) => s + l.creditFen, 0n);
      if (d !== c) expectUnbalanced(() => finish('sharing', 'm', lines));
      else {
        const e = finish('sharing', 'm', lines);
        if (d === 0n) expect(e).toBeNull();
        else expectBalanced(e!);
      }
    }));
  });
});

describe('the period entries', () => {
  it('the sharing entry posts receivables against payables and the surplus', () => {
    const e = sharingEntry({ billedFen: 900n, operatorSubsidyFen: 100n, carriedInFen: 5n, payoutFen: 925n, feeFen: 74n, surplusOutFen: 6n }, 'p');
    expect(e!.kind).toBe('sharing');
    expect(e!.lines).toEqual([
      { account: 'payer_receivable', debitFen: 900n, creditFen: 0n },
      { account: 'operator_receivable', debitFen: 100n, creditFen: 0n },
      { account: 'surplus_carried', debitFen: 5n, creditFen: 0n },
      { account: 'claims_payable', debitFen: 0n, creditFen: 925n },
      { account: 'fee_payable', debitFen: 0n, creditFen: 74n },
      { account: 'surplus_carried', debitFen: 0n, creditFen: 6n },
    ]);
  });
  it('an empty period posts nothing; amounts that break the identity are refused', () => {
    expect(sharingEntry({ billedFen: 0n, operatorSubsidyFen: 0n, carriedInFen: 0n, payoutFen: 0n, feeFen: 0n, surplusOutFen: 0n }, 'p')).toBeNull();
    expectUnbalanced(() => sharingEntry({ billedFen: 100n, operatorSubsidyFen: 0n, carriedInFen: 0n, payoutFen: 100n, feeFen: 8n, surplusOutFen: 0n }, 'p'));
  });

  it('property: sharing entry, charge day, late payment, write-off and reversals all balance; settlement ends at the surplus', () => {
    fc.assert(fc.property(periodAmounts, fen, fen, fc.boolean(), (a, unpaidSeed, lateSeed, writeOffRest) => {
      const sharing = sharingEntry(a, 'period');
      const unpaidFen = a.billedFen === 0n ? 0n : unpaidSeed % (a.billedFen + 1n);
      const paidFen = a.billedFen - unpaidFen;
      const charge = chargeDayEntries({ paidFen, unpaidFen, operatorSubsidyFen: a.operatorSubsidyFen, payoutFen: a.payoutFen, feeFen: a.feeFen }, 'charge');
      const lateFen = unpaidFen === 0n ? 0n : lateSeed % (unpaidFen + 1n);
      const late = latePaymentEntries(lateFen, 'late');
      const off = writeOffRest ? writeOffEntry(unpaidFen - lateFen, 'off') : null;
      const all = [sharing, ...charge, ...late, off].filter((e): e is EntryDraft => e !== null);
      for (const e of all) expectBalanced(e);
      for (const e of all) {
        const rev = reversalOf(e.lines, 'undo');
        expectBalanced(rev);
        expect(rev.kind).toBe('reversal');
        expect(net([e, rev]).size).toBe(0);
      }
      // After the charge day the settlement account holds exactly the surplus carried (no pooled money),
      // the claims and fee are fully paid, and the operator's advance covers what is still unpaid.
      const books = net(all);
      const surplusMove = a.carriedInFen - a.surplusOutFen; // debit - credit on surplus_carried
      expect(books.get('settlement') ?? 0n).toBe(-surplusMove);
      expect(books.get('claims_payable') ?? 0n).toBe(0n);
      expect(books.get('fee_payable') ?? 0n).toBe(0n);
      expect(books.get('operator_receivable') ?? 0n).toBe(0n);
      const stillOwed = writeOffRest ? 0n : unpaidFen - lateFen;
      expect(books.get('payer_receivable') ?? 0n).toBe(stillOwed);
      expect(books.get('operator_advance') ?? 0n).toBe(-stillOwed);
    }), { numRuns: 300 });
  });

  it('charge-day entries leave out zero movements', () => {
    const es = chargeDayEntries({ paidFen: 10n, unpaidFen: 0n, operatorSubsidyFen: 0n, payoutFen: 9n, feeFen: 1n }, 'c');
    expect(es.map((e) => e.kind)).toEqual(['collection', 'payout', 'fee']);
    expect(chargeDayEntries({ paidFen: 0n, unpaidFen: 0n, operatorSubsidyFen: 0n, payoutFen: 0n, feeFen: 0n }, 'c')).toEqual([]);
    expect(latePaymentEntries(0n, 'l')).toEqual([]);
    expect(writeOffEntry(0n, 'w')).toBeNull();
  });
  it('late payment repays the operator advance; a write-off closes the receivable against it', () => {
    expect(latePaymentEntries(7n, 'l').map((e) => [e.kind, e.lines])).toEqual([
      ['collection', [{ account: 'settlement', debitFen: 7n, creditFen: 0n }, { account: 'payer_receivable', debitFen: 0n, creditFen: 7n }]],
      ['repayment', [{ account: 'operator_advance', debitFen: 7n, creditFen: 0n }, { account: 'settlement', debitFen: 0n, creditFen: 7n }]],
    ]);
    expect(writeOffEntry(3n, 'w')!.lines).toEqual([
      { account: 'operator_advance', debitFen: 3n, creditFen: 0n }, { account: 'payer_receivable', debitFen: 0n, creditFen: 3n },
    ]);
  });
  it('negative amounts are refused', () => {
    expectUnbalanced(() => writeOffEntry(-1n, 'w'));
    expectUnbalanced(() => latePaymentEntries(-1n, 'l'));
  });
});

describe('reversalOf', () => {
  it('mirrors every line', () => {
    const e = sharingEntry({ billedFen: 10n, operatorSubsidyFen: 0n, carriedInFen: 0n, payoutFen: 9n, feeFen: 1n, surplusOutFen: 0n }, 'p')!;
    expect(reversalOf(e.lines, 'undo')).toEqual({ kind: 'reversal', memo: 'undo', lines: [
      { account: 'payer_receivable', debitFen: 0n, creditFen: 10n },
      { account: 'claims_payable', debitFen: 9n, creditFen: 0n },
      { account: 'fee_payable', debitFen: 1n, creditFen: 0n },
    ] });
    expect(reversalOf(reversalOf(e.lines, 'a').lines, 'b').lines).toEqual(e.lines);
  });
  it('refuses to reverse nothing', () => {
    try {
      reversalOf([], 'undo');
      expect.unreachable();
    } catch (err) {
      expect((err as HuzhuError).code).toBe('CONFLICT');
    }
  });
});
