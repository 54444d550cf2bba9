-- Issue 6, part 1: the public notice, challenges and the investigation report.
--
-- The calendar now works in two steps. On the announcement day the approved claims are published
-- in a notice (7 days open to challenge); on the charge date the sharing run bills the claims
-- still in the notice (a challenge under review holds its claim out) and the charge collects.
-- The sharing members are still those protected at 00:00 of the announcement day.

CREATE TABLE notices (
  plan_id       text NOT NULL REFERENCES plans (id),
  announced_on  date NOT NULL,
  charged_on    date NOT NULL,
  announced_at  timestamptz NOT NULL,   -- 00:00 of announced_on: the challenge window opens, the sharing snapshot instant
  charged_at    timestamptz NOT NULL,   -- 00:00 of charged_on: the window closes and the sharing run bills
  cases         integer NOT NULL CHECK (cases >= 0),
  status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'shared')),
  PRIMARY KEY (plan_id, announced_on)
);

-- noticed_on: the notice that published the claim; NULL while it waits for the next announcement
-- (newly approved, or back after a dismissed challenge or a jury ruling to pay).
ALTER TABLE claims ADD COLUMN noticed_on date;
-- A claim the jury ordered paid is announced for the record but is not open to challenge again.
ALTER TABLE claims ADD COLUMN jury_ruled boolean NOT NULL DEFAULT false;
-- The sampling decision taken at filing (sampled, reasons, the draw) and the risk signals behind it.
ALTER TABLE claims ADD COLUMN sampling jsonb;
ALTER TABLE claims ADD COLUMN risk_signals jsonb NOT NULL DEFAULT '[]';
DROP INDEX claims_to_announce;
CREATE INDEX claims_to_notice ON claims (plan_id, decided_at) WHERE status = 'approved' AND period_id IS NULL AND noticed_on IS NULL;
CREATE INDEX claims_in_notice ON claims (plan_id, noticed_on) WHERE period_id IS NULL AND noticed_on IS NOT NULL;

-- The review trail gains the investigator's report and challenge decisions.
ALTER TABLE claim_reviews DROP CONSTRAINT claim_reviews_kind_check;
ALTER TABLE claim_reviews ADD CONSTRAINT claim_reviews_kind_check
  CHECK (kind IN ('automatic-check', 'sampling', 'investigation', 'report', 'decision', 'challenge', 'jury'));

-- The investigator's report: one per claim, written once. Findings are the claim's
-- 'investigation' reviews (each with its author); the decision is taken by someone else.
CREATE TABLE investigation_reports (
  claim_id        bigint PRIMARY KEY REFERENCES claims (id),
  investigator    text NOT NULL,
  summary         text NOT NULL,
  recommendation  text NOT NULL CHECK (recommendation IN ('approve', 'reject')),
  -- [{id, title, contentHash, forJurors, redactedHash}]: redacted copies are stored in `documents`.
  documents       jsonb NOT NULL DEFAULT '[]',
  submitted_at    timestamptz NOT NULL
);
CREATE TRIGGER investigation_reports_immutable BEFORE UPDATE OR DELETE ON investigation_reports FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- The key the random share of investigations is drawn with (investigation/sampling.ts). Only its
-- commitment is public until the operator rotates it, when the old seed is published.
CREATE TABLE sampling_seeds (
  plan_id      text NOT NULL REFERENCES plans (id),
  seed         text NOT NULL,
  commitment   text NOT NULL,
  created_at   timestamptz NOT NULL,
  revealed_at  timestamptz,
  PRIMARY KEY (plan_id, commitment)
);
CREATE UNIQUE INDEX sampling_seeds_current ON sampling_seeds (plan_id) WHERE revealed_at IS NULL;

CREATE TABLE challenges (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ref              text NOT NULL UNIQUE,
  claim_id         bigint NOT NULL REFERENCES claims (id),
  person_id        bigint NOT NULL REFERENCES persons (id),
  payer_id         bigint NOT NULL REFERENCES payers (id),
  noticed_on       date NOT NULL,          -- the notice the challenge was filed under
  reason           text NOT NULL,
  filed_at         timestamptz NOT NULL,
  status           text NOT NULL DEFAULT 'under-review' CHECK (status IN ('under-review', 'dismissed', 'upheld', 'appealed')),
  decided_by       text,
  decision_reason  text,
  decided_at       timestamptz,
  CHECK ((status = 'under-review') = (decided_at IS NULL))
);
CREATE INDEX challenges_claim ON challenges (claim_id);

CREATE TABLE challenge_documents (
  challenge_id  bigint NOT NULL REFERENCES challenges (id),
  sha256        text NOT NULL REFERENCES documents (sha256),
  name          text NOT NULL,
  PRIMARY KEY (challenge_id, sha256)
);
