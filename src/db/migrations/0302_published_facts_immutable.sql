-- Published facts cannot be changed in the database, as the ledger cannot (0002_ledger.sql).
--
-- A period is published when it is announced: its numbers (cases, payouts, share, billed...) are
-- what every member was billed and what the transparency log holds. The one change it may still
-- undergo is its status, announced -> charged, on the charge date; once charged it is final and
-- takes no change at all. A notice (the list of cases open to challenge) may likewise only go
-- open -> shared. Neither may be deleted or truncated. Tables that were already append-only
-- gain the TRUNCATE guard they lacked (TRUNCATE bypasses row triggers).

CREATE FUNCTION periods_published_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.status = 'announced' AND NEW.status = 'charged'
     AND (NEW.id, NEW.plan_id, NEW.announced_on, NEW.charged_on, NEW.announced_at, NEW.charged_at, NEW.cases, NEW.payout_fen,
          NEW.fee_fen, NEW.carried_in_fen, NEW.sharing_members, NEW.share_fen, NEW.operator_subsidy_fen, NEW.surplus_out_fen, NEW.billed_fen)
         IS NOT DISTINCT FROM
         (OLD.id, OLD.plan_id, OLD.announced_on, OLD.charged_on, OLD.announced_at, OLD.charged_at, OLD.cases, OLD.payout_fen,
          OLD.fee_fen, OLD.carried_in_fen, OLD.sharing_members, OLD.share_fen, OLD.operator_subsidy_fen, OLD.surplus_out_fen, OLD.billed_fen) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'periods are published facts: % refused (only announced -> charged, nothing else)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER periods_published BEFORE UPDATE OR DELETE ON periods FOR EACH ROW EXECUTE FUNCTION periods_published_fixed();
CREATE TRIGGER periods_no_truncate BEFORE TRUNCATE ON periods FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

CREATE FUNCTION notices_published_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.status = 'open' AND NEW.status = 'shared'
     AND (NEW.plan_id, NEW.announced_on, NEW.charged_on, NEW.announced_at, NEW.charged_at, NEW.cases)
         IS NOT DISTINCT FROM (OLD.plan_id, OLD.announced_on, OLD.charged_on, OLD.announced_at, OLD.charged_at, OLD.cases) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'notices are published facts: % refused (only open -> shared, nothing else)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER notices_published BEFORE UPDATE OR DELETE ON notices FOR EACH ROW EXECUTE FUNCTION notices_published_fixed();
CREATE TRIGGER notices_no_truncate BEFORE TRUNCATE ON notices FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

CREATE TRIGGER membership_log_secrets_no_truncate BEFORE TRUNCATE ON membership_log_secrets FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER log_charge_trees_no_truncate BEFORE TRUNCATE ON log_charge_trees FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER log_charge_blocks_no_truncate BEFORE TRUNCATE ON log_charge_blocks FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER log_charge_tiles_no_truncate BEFORE TRUNCATE ON log_charge_tiles FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER investigation_reports_no_truncate BEFORE TRUNCATE ON investigation_reports FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER fraud_findings_no_truncate BEFORE TRUNCATE ON fraud_findings FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
