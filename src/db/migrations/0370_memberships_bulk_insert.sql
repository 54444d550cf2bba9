-- Bulk enrolment at 100M members (issue 15): the three foreign keys of memberships cost a
-- row-level trigger each per inserted membership (a SELECT ... FOR KEY SHARE on the plan, the
-- person and the payer, which also dirties their pages again): 40% of the enrolment's
-- INSERT ... SELECT. Like charges, memberships rows come only from members-repo.ts, whose two
-- writers take the person and payer ids from rows written or read in the same statement or
-- transaction (insertMembership after upsertPerson/upsertPayer; enrolStaged from the RETURNING
-- of its own persons and payers inserts), and plans, persons and payers are never deleted.
-- The foreign keys that point at memberships (claims, ...) stay.
ALTER TABLE memberships
  DROP CONSTRAINT memberships_plan_id_fkey,
  DROP CONSTRAINT memberships_person_id_fkey,
  DROP CONSTRAINT memberships_payer_id_fkey;
