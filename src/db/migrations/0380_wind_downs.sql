-- The orderly wind-down of a plan (issue 13). Proposed by one operator, confirmed by another (four
-- eyes); it starts at the confirmation instant A (started_at). From A the plan is winding down;
-- at the end of the cut-off date every active membership becomes `closed`; once the claim window
-- has ended and every claim is paid or rejected the plan is closed and its final report published.
ALTER TABLE memberships DROP CONSTRAINT memberships_status_check;
ALTER TABLE memberships ADD CONSTRAINT memberships_status_check
  CHECK (status IN ('active', 'left', 'paid-out', 'removed-age', 'removed-nonpayment', 'transferred', 'closed'));

-- A refund of past shares is paid by the operator (Dr operator_receivable / Cr settlement, then the
-- operator pays it in: a `subsidy`); the surplus left when the plan closes goes to the operator
-- against what the wind-down cost it (Dr surplus_carried / Cr settlement).
ALTER TABLE journal_entries DROP CONSTRAINT journal_entries_kind_check;
ALTER TABLE journal_entries ADD CONSTRAINT journal_entries_kind_check
  CHECK (kind IN ('sharing', 'collection', 'advance', 'subsidy', 'payout', 'fee', 'repayment', 'write-off', 'reversal',
                  'recharge', 'deduction', 'refund', 'share-refund', 'surplus-release'));

CREATE TABLE wind_downs (
  id                   text PRIMARY KEY,
  plan_id              text NOT NULL UNIQUE REFERENCES plans (id),   -- a plan winds down once
  cut_off_on           date NOT NULL,                                -- C, in the plan's zone
  refund_past_shares   boolean NOT NULL,
  claim_window_days    integer NOT NULL CHECK (claim_window_days BETWEEN 0 AND 3650),
  proposed_by          text NOT NULL,
  proposed_at          timestamptz NOT NULL,
  confirmed_by         text,
  started_at           timestamptz,                                  -- A: the confirmation
  -- What happened at A, fixed then (the final report repeats them).
  members_at_start     bigint,
  written_off_fen      bigint,
  written_off_payments bigint,
  wallets_refunded_fen bigint,
  wallets_refunded     bigint,
  shares_refunded_fen  bigint,
  shares_refunded      bigint,
  memberships_closed_at timestamptz,
  memberships_closed   bigint,
  closed_at            timestamptz,
  final_report         jsonb,
  CHECK ((confirmed_by IS NULL) = (started_at IS NULL)),
  CHECK (memberships_closed_at IS NULL OR started_at IS NOT NULL),
  CHECK ((closed_at IS NULL) = (final_report IS NULL)),
  CHECK (closed_at IS NULL OR memberships_closed_at IS NOT NULL)
);

-- The refund of past shares, per payer (refundPastShares): what each payer had paid, paid back at A.
CREATE TABLE wind_down_share_refunds (
  wind_down_id  text NOT NULL REFERENCES wind_downs (id),
  payer_id      bigint NOT NULL REFERENCES payers (id),
  amount_fen    bigint NOT NULL CHECK (amount_fen > 0),
  at            timestamptz NOT NULL,
  PRIMARY KEY (wind_down_id, payer_id)
);

CREATE TRIGGER wind_down_share_refunds_immutable BEFORE UPDATE OR DELETE ON wind_down_share_refunds FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER wind_down_share_refunds_no_truncate BEFORE TRUNCATE ON wind_down_share_refunds FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
