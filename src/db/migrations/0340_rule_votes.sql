-- Rule changes by member vote (issue 14). A proposal is made by one operator and confirmed by
-- another; the vote opens at the confirmation. The eligible count is fixed at that instant
-- (memberships active then), so the tally's denominator never moves.
CREATE TABLE rule_proposals (
  id             text PRIMARY KEY,
  plan_id        text NOT NULL REFERENCES plans (id),
  changes        jsonb NOT NULL,          -- the settings changed, new values (plan-rules JSON form)
  old_values     jsonb NOT NULL,          -- the same settings as they stood when proposed
  reason         text NOT NULL,
  effective_on   date NOT NULL,
  proposed_by    text NOT NULL,
  proposed_at    timestamptz NOT NULL,
  confirmed_by   text,
  opened_at      timestamptz,             -- P: the confirmation instant
  closes_at      timestamptz,
  eligible       bigint,
  status         text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'open', 'passed', 'rejected')),
  votes_for      bigint,
  votes_against  bigint,
  closed_at      timestamptz,
  CHECK ((status = 'proposed') = (opened_at IS NULL)),
  CHECK ((status IN ('passed', 'rejected')) = (closed_at IS NOT NULL))
);
CREATE INDEX rule_proposals_open ON rule_proposals (closes_at) WHERE status = 'open';

-- One vote per membership; a vote is final.
CREATE TABLE rule_votes (
  proposal_id    text NOT NULL REFERENCES rule_proposals (id),
  membership_id  bigint NOT NULL REFERENCES memberships (id),
  in_favour      boolean NOT NULL,
  actor          text NOT NULL,
  at             timestamptz NOT NULL,
  PRIMARY KEY (proposal_id, membership_id)
);

-- The changes in force from each instant, one row per passed proposal: the rules at an instant
-- are the plan's own rules with every change effective at or before it laid over them, in order
-- of effective instant then of writing (so a change that passes later but takes effect earlier
-- is not undone by one already written for a later date). The engine reads the rules in force at
-- the instant it decides for (a join, a diagnosis date, a period's snapshot). Immutable.
CREATE TABLE plan_rule_versions (
  seq            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  plan_id        text NOT NULL REFERENCES plans (id),
  effective_at   timestamptz NOT NULL,
  changes        jsonb NOT NULL,
  proposal_id    text NOT NULL UNIQUE REFERENCES rule_proposals (id)
);
CREATE INDEX plan_rule_versions_plan ON plan_rule_versions (plan_id, effective_at);

CREATE TRIGGER rule_votes_immutable BEFORE UPDATE OR DELETE ON rule_votes FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER rule_votes_no_truncate BEFORE TRUNCATE ON rule_votes FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER plan_rule_versions_immutable BEFORE UPDATE OR DELETE ON plan_rule_versions FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER plan_rule_versions_no_truncate BEFORE TRUNCATE ON plan_rule_versions FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
