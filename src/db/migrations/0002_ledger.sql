-- THE LEDGER. Double entry, immutable, idempotent. Its invariants, all enforced here:
--   1. every journal entry balances: sum of debits = sum of credits, with at least two lines;
--   2. entries and lines are never updated or deleted: a correction is a reversing entry;
--   3. every entry has a unique idempotency key: a retried operation cannot post twice;
--   4. amounts are positive bigint fen on exactly one side of a line.
-- Charges (the per-member sub-ledger of payer_receivable) and events are append-only too.

CREATE TABLE ledger_accounts (
  code         text PRIMARY KEY,
  normal_side  text NOT NULL CHECK (normal_side IN ('debit', 'credit')),
  description  text NOT NULL
);

INSERT INTO ledger_accounts (code, normal_side, description) VALUES
  ('payer_receivable',    'debit',  'Shares billed to payers and not yet collected or written off'),
  ('operator_receivable', 'debit',  'Operator subsidies (annual cap, per-case cap, no sharers) not yet paid in'),
  ('settlement',          'debit',  'Money held at the payment provider; between charge days it equals the surplus carried'),
  ('claims_payable',      'credit', 'Approved, announced payouts owed to claimants'),
  ('fee_payable',         'credit', 'Management fee owed to the operator (the operator''s fee income)'),
  ('surplus_carried',     'credit', 'Rounding surplus owed to the next period''s members'),
  ('operator_advance',    'credit', 'Operator money advanced for uncollected shares, repaid by late payments; write-offs are the operator''s guarantee');

CREATE TABLE journal_entries (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  plan_id          text NOT NULL REFERENCES plans (id),
  period_id        bigint REFERENCES periods (id),
  kind             text NOT NULL CHECK (kind IN ('sharing', 'collection', 'advance', 'subsidy', 'payout', 'fee', 'repayment', 'write-off', 'reversal')),
  idempotency_key  text NOT NULL UNIQUE,
  at               timestamptz NOT NULL,
  actor            text NOT NULL,
  memo             text NOT NULL,
  reverses         bigint UNIQUE REFERENCES journal_entries (id)
);
CREATE INDEX journal_entries_period ON journal_entries (period_id);

CREATE TABLE journal_lines (
  entry_id    bigint NOT NULL REFERENCES journal_entries (id),
  line        smallint NOT NULL,
  account     text NOT NULL REFERENCES ledger_accounts (code),
  debit_fen   bigint NOT NULL DEFAULT 0 CHECK (debit_fen >= 0),
  credit_fen  bigint NOT NULL DEFAULT 0 CHECK (credit_fen >= 0),
  CHECK ((debit_fen > 0) <> (credit_fen > 0)),
  PRIMARY KEY (entry_id, line)
);

-- (1) Balanced, checked at commit so an entry's lines can be inserted one statement at a time.
CREATE FUNCTION journal_entry_must_balance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE d bigint; c bigint; n integer;
BEGIN
  SELECT coalesce(sum(debit_fen), 0), coalesce(sum(credit_fen), 0), count(*)
    INTO d, c, n FROM journal_lines WHERE entry_id = NEW.id;
  IF n < 2 OR d <> c THEN
    RAISE EXCEPTION 'journal entry % is unbalanced: % lines, debits %, credits %', NEW.id, n, d, c
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER journal_entry_balanced AFTER INSERT ON journal_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entry_must_balance();

-- (2) Immutable.
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused (post a reversing entry instead)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER journal_entries_immutable BEFORE UPDATE OR DELETE ON journal_entries FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER journal_lines_immutable BEFORE UPDATE OR DELETE ON journal_lines FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER charges_immutable BEFORE UPDATE OR DELETE ON charges FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER events_immutable BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION refuse_change();
-- TRUNCATE would bypass row triggers.
CREATE TRIGGER journal_entries_no_truncate BEFORE TRUNCATE ON journal_entries FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER journal_lines_no_truncate BEFORE TRUNCATE ON journal_lines FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER charges_no_truncate BEFORE TRUNCATE ON charges FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Account balances on their normal side, for the books check and reports.
CREATE VIEW ledger_balances AS
SELECT a.code AS account, a.normal_side,
       coalesce(sum(CASE WHEN a.normal_side = 'debit' THEN l.debit_fen - l.credit_fen
                         ELSE l.credit_fen - l.debit_fen END), 0)::bigint AS balance_fen,
       e.plan_id
  FROM ledger_accounts a
  LEFT JOIN journal_lines l ON l.account = a.code
  LEFT JOIN journal_entries e ON e.id = l.entry_id
 GROUP BY a.code, a.normal_side, e.plan_id;
