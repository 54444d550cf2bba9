-- The platform server (`huzhu serve`): accounts, sessions, real-name profiles, claim
-- assignment, HTTP idempotency, the audit trail and the batch-file payment results.
-- The engine never reads these tables; the server maps them onto persons and payers.

-- A log-in. Members pay through their own payer; staff accounts have no payer.
CREATE TABLE accounts (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email           text NOT NULL UNIQUE CHECK (email = lower(email)),
  password_hash   text,                 -- scrypt; null: the account cannot log in (synthetic)
  role            text NOT NULL CHECK (role IN ('member', 'operator', 'investigator', 'auditor', 'admin')),
  payer_id        bigint UNIQUE REFERENCES payers (id),
  failed_logins   integer NOT NULL DEFAULT 0,
  locked_until    timestamptz,
  created_at      timestamptz NOT NULL
);

-- Only a hash of the token is kept: a copy of this table does not let anyone log in.
CREATE TABLE sessions (
  token_hash  text PRIMARY KEY,
  account_id  bigint NOT NULL REFERENCES accounts (id),
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

-- A real-name profile: the account holder and the family members it pays for. The national ID
-- number is stored only encrypted (AES-256-GCM, key from configuration) and as a keyed hash
-- (HMAC-SHA-256), which is also the engine's persons.ref: one person, one membership per plan.
CREATE TABLE people (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id   bigint NOT NULL REFERENCES accounts (id),
  relation     text NOT NULL CHECK (relation IN ('self', 'spouse', 'child', 'parent')),
  name         text NOT NULL,
  id_cipher    text NOT NULL,
  id_hash      text NOT NULL UNIQUE,
  birth_date   date NOT NULL,
  province     text NOT NULL,          -- from the ID number's region code; published with a case
  phone        text,
  created_at   timestamptz NOT NULL
);
CREATE INDEX people_account ON people (account_id);
CREATE UNIQUE INDEX people_one_self ON people (account_id) WHERE relation = 'self';

-- Which investigator a claim is assigned to (an investigator sees only these).
CREATE TABLE claim_assignments (
  claim_id         bigint PRIMARY KEY REFERENCES claims (id),
  investigator_id  bigint NOT NULL REFERENCES accounts (id),
  assigned_at      timestamptz NOT NULL,
  assigned_by      bigint NOT NULL REFERENCES accounts (id)
);
CREATE INDEX claim_assignments_investigator ON claim_assignments (investigator_id);

-- Responses to POSTs by Idempotency-Key: a retry gets the first response. status 0 = running.
CREATE TABLE http_idempotency (
  scope         text NOT NULL,
  key           text NOT NULL,
  request_hash  text NOT NULL,
  status        integer NOT NULL,
  body          jsonb,
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (scope, key)
);

-- Every operator, investigator and admin action, with before and after. Append-only, enforced by
-- the database like the ledger: nobody, operators included, can edit or delete a row.
CREATE TABLE audit_trail (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL,
  actor_id    bigint NOT NULL,
  actor_role  text NOT NULL,
  action      text NOT NULL,
  subject     text NOT NULL,
  before      jsonb,
  after       jsonb
);
CREATE INDEX audit_trail_subject ON audit_trail (subject);
CREATE TRIGGER audit_trail_immutable BEFORE UPDATE OR DELETE ON audit_trail FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_trail_no_truncate BEFORE TRUNCATE ON audit_trail FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- The batch-file payment provider: the latest result the bank returned for a payer's payment.
CREATE TABLE batch_payment_results (
  period_id    bigint NOT NULL,
  payer_id     bigint NOT NULL,
  status       text NOT NULL CHECK (status IN ('paid', 'failed')),
  imported_at  timestamptz NOT NULL,
  file_sha256  text NOT NULL,
  PRIMARY KEY (period_id, payer_id)
);
