import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HuzhuError } from './errors.ts';
import { chargeDayEntries, deductionEntry, rechargeEntry, refundEntry, walletLatePaymentEntries, writeOffEntry, type Account, type EntryDraft } from './ledger-rules.ts';
import { rulesFor } from './plan-rules.ts';
import { canJoin, covers, decideRecharge, prepaidFunding, refundDue, reminderFor, settleOldestFirst, type Prepaid } from './wallet-rules.ts';

const f: Prepaid = { mode: 'prepaid', joinDepositFen: 1000n, lowBalanceFen: 500n, maxBalanceFen: 5000n };
const codeOf = (fn: () => unknown): string | undefined => { try { fn(); return undefined; } catch (e) { return (e as HuzhuError).code; } };

describe('the funding setting', () => {
  it('is post-paid by default and left out of the JSON then; prepaid round-trips', () => {
    expect(rulesFor('critical-illness').funding).toEqual({ mode: 'post-paid' });
    const r = rulesFor('critical-illness', { funding: { mode: 'prepaid', joinDepositFen: 1000, lowBalanceFen: 500, maxBalanceFen: 5000 } });
    expect(r.funding).toEqual(f);
    expect(rulesFor('critical-illness', { funding: { mode: 'post-paid' } }).funding).toEqual({ mode: 'post-paid' });
  });

  it('names the field at fault', () => {
    const bad = (funding: unknown) => { try { rulesFor('critical-illness', { funding } as never); return null; } catch (e) { return (e as HuzhuError).field; } };
    expect(bad({ mode: 'prepaid', joinDepositFen: 1000, lowBalanceFen: 500 })).toMatch(/funding/);
    expect(bad({ mode: 'prepaid', joinDepositFen: -1, lowBalanceFen: 500, maxBalanceFen: 5000 })).toMatch(/funding\.joinDepositFen/);
    expect(bad({ mode: 'prepaid', joinDepositFen: 6000, lowBalanceFen: 500, maxBalanceFen: 5000 })).toBe('rules.funding.joinDepositFen');
    expect(bad({ mode: 'prepaid', joinDepositFen: 100, lowBalanceFen: 6000, maxBalanceFen: 5000 })).toBe('rules.funding.lowBalanceFen');
    expect(bad({ mode: 'weekly' })).toMatch(/funding/);
  });

  it('has no wallets when post-paid', () => {
    expect(codeOf(() => prepaidFunding({ mode: 'post-paid' }, 'ci'))).toBe('NOT_PREPAID');
  });
});

describe('rule 2: the recharge', () => {
  it('allows exactly the limit and refuses 1 fen over', () => {
    expect(decideRecharge(f, 0n, 5000n)).toBe(5000n);
    expect(decideRecharge(f, 4999n, 1n)).toBe(5000n);
    expect(codeOf(() => decideRecharge(f, 0n, 5001n))).toBe('BALANCE_LIMIT');
    expect(codeOf(() => decideRecharge(f, 5000n, 1n))).toBe('BALANCE_LIMIT');
    expect(codeOf(() => decideRecharge(f, 0n, 0n))).toBe('VALIDATION');
  });

  it('property: allowed exactly when the balance stays within the limit', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 5000n }), fc.bigInt({ min: 1n, max: 10_000n }), (b, a) => {
      const code = codeOf(() => decideRecharge(f, b, a));
      expect(code === undefined).toBe(b + a <= f.maxBalanceFen);
      if (code) expect(code).toBe('BALANCE_LIMIT');
    }));
  });
});

describe('rule 3: the deposit', () => {
  it('needs at least joinDepositFen at that instant', () => {
    expect(canJoin(f, 999n)).toBe(false);
    expect(canJoin(f, 1000n)).toBe(true);
  });
});

describe('rule 4: the charge and the retries', () => {
  it('takes a payment exactly equal to the balance', () => {
    expect(covers(600n, 600n)).toBe(true);
    expect(covers(599n, 600n)).toBe(false);
  });

  it('retries oldest first, each in full, and stops at the first it cannot cover', () => {
    const open = [{ order: 2n, amountFen: 300n }, { order: 1n, amountFen: 1000n }, { order: 3n, amountFen: 100n }];
    expect(settleOldestFirst(1400n, open)).toEqual({ taken: [{ order: 1n, amountFen: 1000n }, { order: 2n, amountFen: 300n }, { order: 3n, amountFen: 100n }], balanceFen: 0n });
    expect(settleOldestFirst(1200n, open)).toEqual({ taken: [{ order: 1n, amountFen: 1000n }], balanceFen: 200n });
    expect(settleOldestFirst(999n, open)).toEqual({ taken: [], balanceFen: 999n });
  });

  it('property: what is taken is a prefix in age order, each whole, never more than the balance', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 20_000n }), fc.array(fc.bigInt({ min: 1n, max: 5000n }), { maxLength: 6 }), (b, amounts) => {
      const open = amounts.map((amountFen, i) => ({ order: BigInt(i), amountFen }));
      const { taken, balanceFen } = settleOldestFirst(b, [...open].reverse());
      expect(taken).toEqual(open.slice(0, taken.length));
      expect(balanceFen).toBe(b - taken.reduce((s, p) => s + p.amountFen, 0n));
      expect(balanceFen >= 0n).toBe(true);
      if (taken.length < open.length) expect(open[taken.length]!.amountFen > balanceFen).toBe(true);
    }));
  });
});

describe('rule 5: reminders', () => {
  it('after a failed payment or below the low balance; none when refunded', () => {
    expect(reminderFor(f, { paid: false, balanceAfterFen: 4000n, refunded: false })).toBe('payment-failed');
    expect(reminderFor(f, { paid: true, balanceAfterFen: 0n, refunded: false })).toBe('low-balance');
    expect(reminderFor(f, { paid: true, balanceAfterFen: 499n, refunded: false })).toBe('low-balance');
    expect(reminderFor(f, { paid: true, balanceAfterFen: 500n, refunded: false })).toBeNull();
    expect(reminderFor(f, { paid: false, balanceAfterFen: 0n, refunded: true })).toBeNull();
  });
});

describe('rule 6: the refund', () => {
  it('only with no active membership and nothing owed', () => {
    const base = { balanceFen: 700n, activeMemberships: 0, openPayments: 0, pendingShares: 0 };
    expect(refundDue(base)).toBe(700n);
    expect(refundDue({ ...base, activeMemberships: 1 })).toBe(0n);
    expect(refundDue({ ...base, openPayments: 1 })).toBe(0n);
    expect(refundDue({ ...base, pendingShares: 1 })).toBe(0n);
    expect(refundDue({ ...base, balanceFen: 0n })).toBe(0n);
  });
});

describe('rule 7: the wallets in the ledger', () => {
  /** A random life of one wallet and its plan, through the rules and the entries they post. */
  const step = fc.oneof(
    fc.record({ k: fc.constant('recharge' as const), fen: fc.bigInt({ min: 1n, max: 6000n }) }),
    fc.record({ k: fc.constant('charge' as const), fen: fc.bigInt({ min: 1n, max: 3000n }) }),
    fc.record({ k: fc.constant('writeOff' as const), fen: fc.constant(0n) }),
    fc.record({ k: fc.constant('refund' as const), fen: fc.constant(0n) }),
  );

  it('property: wallets = recharges - deductions - refunds and settlement = surplus + wallets after each step', () => {
    fc.assert(fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
      const entries: EntryDraft[] = [];
      const post = (...e: (EntryDraft | null)[]) => entries.push(...e.filter((x): x is EntryDraft => x !== null));
      let balance = 0n; let recharged = 0n; let deducted = 0n; let refunded = 0n;
      let open: { order: bigint; amountFen: bigint }[] = [];
      let order = 0n;
      for (const s of steps) {
        if (s.k === 'recharge') {
          if (codeOf(() => decideRecharge(f, balance, s.fen))) continue;
          balance += s.fen; recharged += s.fen; post(rechargeEntry(s.fen, 'r'));
          const { taken } = settleOldestFirst(balance, open);
          for (const p of taken) { balance -= p.amountFen; deducted += p.amountFen; post(...walletLatePaymentEntries(p.amountFen, 'late')); }
          open = open.slice(taken.length);
        } else if (s.k === 'charge') {
          // The period: billed s.fen, paid out in full; no fee, subsidy or surplus.
          post({ kind: 'sharing', memo: 's', lines: [{ account: 'payer_receivable', debitFen: s.fen, creditFen: 0n }, { account: 'claims_payable', debitFen: 0n, creditFen: s.fen }] });
          const paid = covers(balance, s.fen);
          if (paid) { balance -= s.fen; deducted += s.fen; post(deductionEntry(s.fen, 'd')); } else open.push({ order: order++, amountFen: s.fen });
          post(...chargeDayEntries({ paidFen: 0n, unpaidFen: paid ? 0n : s.fen, operatorSubsidyFen: 0n, payoutFen: s.fen, feeFen: 0n }, 'c'));
        } else if (s.k === 'writeOff') {
          for (const p of open) post(writeOffEntry(p.amountFen, 'w'));
          open = [];
        } else if (open.length === 0) {
          refunded += balance; post(refundEntry(balance, 'f')); balance = 0n;
        }
        const bal = new Map<Account, bigint>();
        for (const e of entries) for (const l of e.lines) bal.set(l.account, (bal.get(l.account) ?? 0n) + l.debitFen - l.creditFen);
        const wallets = -(bal.get('wallets') ?? 0n);
        expect(balance >= 0n).toBe(true);
        expect(wallets).toBe(balance);
        expect(wallets).toBe(recharged - deducted - refunded);
        expect(bal.get('settlement') ?? 0n).toBe(wallets); // surplus carried is 0 here
        expect(bal.get('operator_advance') ?? 0n).toBe(-open.reduce((x, p) => x + p.amountFen, 0n));
      }
    }));
  });
});
