-- Staging for bulk enrolment: rows are COPYed here, moved by INSERT ... SELECT, then deleted.
-- Unlogged: it only ever holds rows of an enrolment in progress.
CREATE UNLOGGED TABLE bulk_enrolment_stage (
  batch            text NOT NULL,
  person           text NOT NULL,
  payer            text NOT NULL,
  birth_date       date NOT NULL,
  waiting_ends_on  date NOT NULL
);
CREATE INDEX bulk_enrolment_stage_batch ON bulk_enrolment_stage (batch);
