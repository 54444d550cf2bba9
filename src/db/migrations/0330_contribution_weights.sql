-- Contributions graded by age (issue 14): the period publishes W (the sum of the sharing
-- members' weights) and how many members were in each weight band; the sharing run keeps the
-- bands it was planned with, so a resumed run bills with the same weights even if the plan's
-- rules changed in between.
--
-- NULL in a period or run stored before this migration means what it meant then: every weight
-- was 1, so W = sharing_members and one band {fromAge 0, weight 1} held everyone. Nullable
-- rather than back-filled because periods are published facts (0302): an UPDATE is refused.

ALTER TABLE periods ADD COLUMN weight_total bigint CHECK (weight_total IS NULL OR weight_total >= sharing_members);
-- [{"fromAge": 0, "weight": 1, "members": 123}, ...] in ascending fromAge.
ALTER TABLE periods ADD COLUMN weight_bands jsonb CHECK (weight_bands IS NULL OR jsonb_typeof(weight_bands) = 'array');

ALTER TABLE sharing_runs ADD COLUMN weight_total bigint;
ALTER TABLE sharing_runs ADD COLUMN weight_bands jsonb;

-- The published-fact guard now also keeps the new columns fixed on announced -> charged.
CREATE OR REPLACE FUNCTION periods_published_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.status = 'announced' AND NEW.status = 'charged'
     AND (NEW.id, NEW.plan_id, NEW.announced_on, NEW.charged_on, NEW.announced_at, NEW.charged_at, NEW.cases, NEW.payout_fen,
          NEW.fee_fen, NEW.carried_in_fen, NEW.sharing_members, NEW.share_fen, NEW.operator_subsidy_fen, NEW.surplus_out_fen, NEW.billed_fen,
          NEW.weight_total, NEW.weight_bands)
         IS NOT DISTINCT FROM
         (OLD.id, OLD.plan_id, OLD.announced_on, OLD.charged_on, OLD.announced_at, OLD.charged_at, OLD.cases, OLD.payout_fen,
          OLD.fee_fen, OLD.carried_in_fen, OLD.sharing_members, OLD.share_fen, OLD.operator_subsidy_fen, OLD.surplus_out_fen, OLD.billed_fen,
          OLD.weight_total, OLD.weight_bands) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'periods are published facts: % refused (only announced -> charged, nothing else)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;
