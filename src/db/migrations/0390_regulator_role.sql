-- The regulator's view (issue 13): a read-only `regulator` role, like `auditor`, that sees the
-- fund flows, the daily "no precipitated funds" proof and anonymized downloads, never personal data.
ALTER TABLE accounts DROP CONSTRAINT accounts_role_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_role_check
  CHECK (role IN ('member', 'operator', 'investigator', 'auditor', 'regulator', 'admin'));
