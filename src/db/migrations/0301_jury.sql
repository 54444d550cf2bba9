-- Issue 6, part 2: the member jury (赔审团). docs/jury.md explains the rules; src/jury/ holds them.
--
--   jurors             one per plan and person who passed a qualification quiz, under a random
--                      pseudonym (64 hex digits); misses and the coherence record are counters
--   juror_quiz_passes  every quiz passed, with the index of its `jury.juror` log entry: the
--                      juror list of a draw is the jurors with a pass logged before the seed record,
--                      so the list is fixed by the public log before the seed exists
--   fraud_findings     a finding of fraud against a person: such a person is never a juror
--   jury_cases         one appeal to the jury about one claim (a rejected claim, or a dismissed challenge)
--   jury_rounds        the rounds of a case: its times, the running count (open mode) and the
--                      published result once closed
--   jury_draws         the panel draw of a round (panel mode): seed record, seed, juror list digest,
--                      exclusions and the panel; written once
--   jury_votes         one row per juror per round: the open vote, or the commitment then its reveal
-- Records that must not change are append-only, enforced here like the ledger.

CREATE TABLE jurors (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  plan_id           text NOT NULL REFERENCES plans (id),
  person_id         bigint NOT NULL REFERENCES persons (id),
  pseudonym         text NOT NULL UNIQUE CHECK (pseudonym ~ '^[0-9a-f]{64}$'),
  created_at        timestamptz NOT NULL,
  misses            integer NOT NULL DEFAULT 0 CHECK (misses >= 0),
  -- The coherence record: votes counted in final cases, and how many matched the final ruling.
  coherence_votes   integer NOT NULL DEFAULT 0 CHECK (coherence_votes >= 0),
  coherence_matched integer NOT NULL DEFAULT 0 CHECK (coherence_matched >= 0 AND coherence_matched <= coherence_votes),
  UNIQUE (plan_id, person_id)
);

-- A juror's identity never changes (published draws name the pseudonym); only the counters do.
CREATE FUNCTION jurors_identity_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR NEW.id <> OLD.id OR NEW.plan_id <> OLD.plan_id OR NEW.person_id <> OLD.person_id
     OR NEW.pseudonym <> OLD.pseudonym OR NEW.created_at <> OLD.created_at THEN
    RAISE EXCEPTION 'jurors: a juror''s identity is fixed: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER jurors_identity BEFORE UPDATE OR DELETE ON jurors FOR EACH ROW EXECUTE FUNCTION jurors_identity_fixed();
CREATE TRIGGER jurors_no_truncate BEFORE TRUNCATE ON jurors FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

CREATE TABLE juror_quiz_passes (
  juror_id   bigint NOT NULL REFERENCES jurors (id),
  bank_id    text NOT NULL,
  correct    integer NOT NULL CHECK (correct >= 0),
  total      integer NOT NULL CHECK (total >= correct),
  passed_at  timestamptz NOT NULL,
  log_index  bigint NOT NULL UNIQUE,      -- the `jury.juror` entry recording the pass
  PRIMARY KEY (juror_id, bank_id)
);
CREATE INDEX juror_quiz_passes_log ON juror_quiz_passes (log_index);
CREATE TRIGGER juror_quiz_passes_immutable BEFORE UPDATE OR DELETE ON juror_quiz_passes FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER juror_quiz_passes_no_truncate BEFORE TRUNCATE ON juror_quiz_passes FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

CREATE TABLE fraud_findings (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id  bigint NOT NULL REFERENCES persons (id),
  found_at   timestamptz NOT NULL,
  found_by   text NOT NULL,
  reason     text NOT NULL
);
CREATE INDEX fraud_findings_person ON fraud_findings (person_id);
CREATE TRIGGER fraud_findings_immutable BEFORE UPDATE OR DELETE ON fraud_findings FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TABLE jury_cases (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  plan_id              text NOT NULL REFERENCES plans (id),
  claim_id             bigint NOT NULL REFERENCES claims (id),
  kind                 text NOT NULL CHECK (kind IN ('claim-rejected', 'challenge-dismissed')),
  challenge_id         bigint REFERENCES challenges (id),
  appellant_person_id  bigint NOT NULL REFERENCES persons (id),
  appellant_payer_id   bigint REFERENCES payers (id),
  -- open / panel: the plan's mode when the case opened; recorded: a verdict taken outside the system (replay).
  mode                 text NOT NULL CHECK (mode IN ('open', 'panel', 'recorded')),
  status_quo           text NOT NULL CHECK (status_quo IN ('pay', 'reject')),
  opened_at            timestamptz NOT NULL,
  -- The log entry whose leaf hash seeds round 0 (the plan's latest notice, or its rules), fixed at opening.
  seed_log_index       bigint,
  held_out             boolean NOT NULL DEFAULT false,   -- the claim was held out of sharing while the appeal is heard
  status               text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'final')),
  ruling               text CHECK (ruling IN ('pay', 'reject')),
  decided_by           text,
  final_round          integer,
  finalized_at         timestamptz,
  effect               text,
  result_log_index     bigint,
  CHECK ((status = 'final') = (ruling IS NOT NULL)),
  CHECK ((kind = 'challenge-dismissed') = (challenge_id IS NOT NULL))
);
CREATE UNIQUE INDEX jury_cases_one_open ON jury_cases (claim_id) WHERE status = 'open';
CREATE INDEX jury_cases_claim ON jury_cases (claim_id);

CREATE TABLE jury_rounds (
  case_id            bigint NOT NULL REFERENCES jury_cases (id),
  round              integer NOT NULL CHECK (round >= 0),
  mode               text NOT NULL CHECK (mode IN ('open', 'panel', 'recorded')),
  opened_at          timestamptz NOT NULL,
  commit_closes_at   timestamptz,                 -- panel: end of the commit phase
  planned_closes_at  timestamptz NOT NULL,
  closes_at          timestamptz NOT NULL,        -- after late-vote extensions (open); end of the reveal (panel)
  pay                integer NOT NULL DEFAULT 0 CHECK (pay >= 0),      -- the running count (open mode)
  reject             integer NOT NULL DEFAULT 0 CHECK (reject >= 0),
  appealed_by        text,                        -- who asked for this round (appeal rounds)
  closed_at          timestamptz,
  result             jsonb,                       -- the published round (voting.ts publishRound)
  result_log_index   bigint,                      -- the `jury.round` entry; its leaf hash seeds the next round
  PRIMARY KEY (case_id, round),
  CHECK ((closed_at IS NULL) = (result IS NULL)),
  CHECK (closes_at >= planned_closes_at)
);
CREATE INDEX jury_rounds_due ON jury_rounds (closes_at) WHERE closed_at IS NULL;

CREATE TABLE jury_draws (
  case_id            bigint NOT NULL,
  round              integer NOT NULL,
  algorithm          text NOT NULL,
  seed_log_index     bigint NOT NULL,
  seed_record        text NOT NULL CHECK (seed_record ~ '^[0-9a-f]{64}$'),   -- leaf hash of that entry
  seed               text NOT NULL CHECK (seed ~ '^[0-9a-f]{64}$'),
  size               integer NOT NULL CHECK (size >= 1),
  juror_list_size    integer NOT NULL CHECK (juror_list_size >= 0),
  juror_list_digest  text NOT NULL,
  -- {parties: [pseudonym], ineligible: [{pseudonym, reasons}], drawnEarlier: [pseudonym]}
  exclusions         jsonb NOT NULL,
  panel              jsonb NOT NULL,             -- drawn pseudonyms, in draw order
  attempts           integer NOT NULL,
  drawn_at           timestamptz NOT NULL,
  log_index          bigint NOT NULL,            -- the `jury.draw` entry
  PRIMARY KEY (case_id, round),
  FOREIGN KEY (case_id, round) REFERENCES jury_rounds (case_id, round)
);
CREATE TRIGGER jury_draws_immutable BEFORE UPDATE OR DELETE ON jury_draws FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER jury_draws_no_truncate BEFORE TRUNCATE ON jury_draws FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

CREATE TABLE jury_votes (
  case_id        bigint NOT NULL,
  round          integer NOT NULL,
  juror_id       bigint NOT NULL REFERENCES jurors (id),
  commitment     text CHECK (commitment ~ '^[0-9a-f]{64}$'),    -- panel: the hidden vote
  committed_at   timestamptz,
  vote           text CHECK (vote IN ('pay', 'reject')),
  justification  text,
  salt           text,
  voted_at       timestamptz,                                  -- open: the vote; panel: the reveal
  PRIMARY KEY (case_id, round, juror_id),
  FOREIGN KEY (case_id, round) REFERENCES jury_rounds (case_id, round),
  CHECK (commitment IS NOT NULL OR vote IS NOT NULL),
  CHECK ((vote IS NULL) = (voted_at IS NULL))
);

-- A vote is written once. The only change allowed is the reveal: filling in the vote of a
-- commitment, leaving the commitment itself untouched.
CREATE FUNCTION jury_votes_reveal_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.vote IS NOT NULL OR OLD.commitment IS NULL OR NEW.commitment IS DISTINCT FROM OLD.commitment
     OR NEW.committed_at IS DISTINCT FROM OLD.committed_at OR NEW.case_id <> OLD.case_id OR NEW.round <> OLD.round OR NEW.juror_id <> OLD.juror_id THEN
    RAISE EXCEPTION 'jury_votes: a vote is written once (only a commitment may be revealed): % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER jury_votes_write_once BEFORE UPDATE OR DELETE ON jury_votes FOR EACH ROW EXECUTE FUNCTION jury_votes_reveal_only();
CREATE TRIGGER jury_votes_no_truncate BEFORE TRUNCATE ON jury_votes FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
