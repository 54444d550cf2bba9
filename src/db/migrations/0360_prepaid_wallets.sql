-- Prepaid plans (issue 13): one wallet per payer per prepaid plan, member money the operator holds
-- on trust. Its own ledger account `wallets` (never mixed with operator money): a recharge is
-- Dr settlement / Cr wallets, a deduction at the charge Dr wallets / Cr payer_receivable, a refund
-- Dr wallets / Cr settlement. So after each charge day settlement = surplus carried + wallets.
INSERT INTO ledger_accounts (code, normal_side, description) VALUES
  ('wallets', 'credit', 'Prepaid wallets: member money held on trust (recharges less deductions and refunds), never operator money');

ALTER TABLE journal_entries DROP CONSTRAINT journal_entries_kind_check;
ALTER TABLE journal_entries ADD CONSTRAINT journal_entries_kind_check
  CHECK (kind IN ('sharing', 'collection', 'advance', 'subsidy', 'payout', 'fee', 'repayment', 'write-off', 'reversal',
                  'recharge', 'deduction', 'refund'));

-- The per-payer sub-ledger of `wallets`: append-only, a wallet's balance is the sum of its movements.
CREATE TABLE wallet_movements (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  plan_id     text NOT NULL REFERENCES plans (id),
  payer_id    bigint NOT NULL REFERENCES payers (id),
  kind        text NOT NULL CHECK (kind IN ('recharge', 'deduction', 'refund')),
  amount_fen  bigint NOT NULL CHECK (amount_fen > 0),
  period_id   bigint REFERENCES periods (id),  -- the period a deduction pays, or whose charge a refund follows
  at          timestamptz NOT NULL,
  ref         text NOT NULL UNIQUE             -- idempotency: a retried operation cannot move money twice
);
CREATE INDEX wallet_movements_payer ON wallet_movements (plan_id, payer_id);

-- Reminders after a charge (failed payment, or the wallet left below lowBalanceFen): one per payer per charge.
CREATE TABLE wallet_reminders (
  period_id   bigint NOT NULL REFERENCES periods (id),
  payer_id    bigint NOT NULL REFERENCES payers (id),
  plan_id     text NOT NULL REFERENCES plans (id),
  reason      text NOT NULL CHECK (reason IN ('payment-failed', 'low-balance')),
  balance_fen bigint NOT NULL,
  at          timestamptz NOT NULL,
  PRIMARY KEY (period_id, payer_id)
);
CREATE INDEX wallet_reminders_payer ON wallet_reminders (payer_id);

-- The total of the plan's wallets right after each charge (after any refund at it): published.
CREATE TABLE period_wallets (
  period_id   bigint PRIMARY KEY REFERENCES periods (id),
  plan_id     text NOT NULL REFERENCES plans (id),
  wallets_fen bigint NOT NULL CHECK (wallets_fen >= 0),
  at          timestamptz NOT NULL,
  -- The plan's last journal entry when the total was taken: books check proves the balances as of it.
  last_entry_id bigint REFERENCES journal_entries (id)
);

CREATE TRIGGER wallet_movements_immutable BEFORE UPDATE OR DELETE ON wallet_movements FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER wallet_movements_no_truncate BEFORE TRUNCATE ON wallet_movements FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER wallet_reminders_immutable BEFORE UPDATE OR DELETE ON wallet_reminders FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER period_wallets_immutable BEFORE UPDATE OR DELETE ON period_wallets FOR EACH ROW EXECUTE FUNCTION refuse_change();
