-- A payment is found by its period and payer (the primary key), and no query finds one by its
-- payer alone: "my bills" joins each of the payer's periods to payments on both columns
-- (huzhu_member_bills, 0102), a payer's open payments are those of the plan's periods
-- (wallets-repo.ts openPaymentsOfPayer, one primary-key probe per period), and the rest is
-- set-based per period or per plan. The index on payer_id alone cost every payment an entry twice
-- a period, once when the charge day writes it and again when its result arrives: on a 2M schema
-- (issue 15) the settling UPDATE of a million payments took 4.9-5.3 s with it and 2.7-2.8 s
-- without, the charge day's INSERT 3.6-4.4 s and 3.1 s, and it held 20 bytes a payment a version.
DROP INDEX payments_payer;
