-- A charge day writes one payment per payer in one INSERT ... SELECT, and the foreign key from
-- payments to periods made PostgreSQL queue and run one referential check per row: 1,110,884
-- checks, nearly half of the statement's time at 2M members (20.3 s with the key, 10.8 s without,
-- bench:period's schema, issue 15). What the key guarded holds by construction: a payment is
-- written only by a charge day (repositories/payments-repo.ts collectPeriod, wallets-repo.ts
-- collectPeriodFromWallets) from the period row it holds locked, and a period is never deleted
-- (published facts are immutable, 0302). `charges` has never had such a key, and `memberships`
-- lost theirs in 0370, for the same reason.
-- `books check` proves every charged period's payments against its bills.
ALTER TABLE payments DROP CONSTRAINT payments_period_id_fkey;
