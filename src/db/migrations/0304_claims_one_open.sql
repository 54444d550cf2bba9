-- One open claim per event: the same person, plan, diagnosis date, severity, cause and disease
-- cannot be under review twice. Without it, 20 identical filings sent at once (a double-clicked
-- button, a client retrying without an Idempotency-Key) made 20 claims. The service checks
-- first and names the open claim (claims-service.ts); this index holds the line against a race
-- on a server, where two transactions could both find none (db/database-errors.ts: CONFLICT).
-- A decided claim (approved, rejected, paid...) does not block a new filing; the automatic
-- checks judge that one on its merits.
CREATE UNIQUE INDEX claims_one_open ON claims (person_id, plan_id, diagnosed_on, severity, cause, disease_code)
  WHERE status IN ('pending', 'investigating');
