-- The move to another plan (issue 14): a membership that moved ends `transferred`, at the instant
-- the new membership in the plan moved to begins. Like a quit membership it stays billed for the
-- periods announced while it was active (the sharing run counts memberships active at the
-- snapshot instant, whatever their status now).
ALTER TABLE memberships DROP CONSTRAINT memberships_status_check;
ALTER TABLE memberships ADD CONSTRAINT memberships_status_check
  CHECK (status IN ('active', 'left', 'paid-out', 'removed-age', 'removed-nonpayment', 'transferred'));
