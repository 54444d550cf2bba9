-- A sharing run in steps, so that 100 million bills can be written in parallel chunks and a
-- run killed mid-way resumes exactly where it stopped:
--   1. plan:     the snapshot's numbers are fixed and stored here (they cannot change once
--                00:00 of the announcement day has passed);
--   2. bill:     charges are written chunk by chunk (ranges of membership ids), each chunk in its
--                own transaction together with its row in sharing_run_chunks;
--   3. finalize: the period row, its claims and its ledger entry, in one transaction.
-- Readers see a period only when its `periods` row exists.
CREATE TABLE sharing_runs (
  period_id             bigint PRIMARY KEY,
  plan_id               text NOT NULL REFERENCES plans (id),
  announced_on          date NOT NULL,
  charged_on            date NOT NULL,
  snapshot_at           timestamptz NOT NULL,
  claim_ids             bigint[] NOT NULL,
  payout_fen            bigint NOT NULL,
  fee_fen               bigint NOT NULL,
  carried_in_fen        bigint NOT NULL,
  sharing_members       bigint NOT NULL,
  share_fen             bigint NOT NULL,
  surplus_out_fen       bigint NOT NULL,
  unshared_fen          bigint NOT NULL,
  caps_may_bind         boolean NOT NULL,
  annual_cap_fen        bigint,
  per_case_cap_total_fen bigint,
  earlier_period_ids    bigint[] NOT NULL,
  first_membership_id   bigint NOT NULL,
  chunk_size            bigint NOT NULL CHECK (chunk_size > 0),
  chunks                integer NOT NULL CHECK (chunks >= 0),
  started_at            timestamptz NOT NULL DEFAULT now(),
  finished_at           timestamptz,
  UNIQUE (plan_id, announced_on)
);

CREATE TABLE sharing_run_chunks (
  period_id   bigint NOT NULL REFERENCES sharing_runs (period_id),
  chunk       integer NOT NULL,
  billed_fen  bigint NOT NULL,
  done_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (period_id, chunk)
);
