-- Bulk enrolment in two steps (issue 15). A batch's persons and payers are now written while the
-- batch before it is still being moved in, on another connection: each staged applicant becomes a
-- row here with the person's and payer's ids, and the batch's own transaction then only inserts
-- the memberships (and their log secrets) from these rows. The two steps of two batches touch
-- different tables, so they never wait for each other, and the memberships are still written batch
-- after batch, in order. Persons and payers written for a batch that never commits stay as people
-- with no membership, as after a member leaves: the batch's retry finds them again.
-- Unlogged, like the stage: it only ever holds rows of an enrolment in progress.
CREATE UNLOGGED TABLE bulk_enrolment_ready (
  batch            text NOT NULL,
  person_id        bigint NOT NULL,
  payer_id         bigint NOT NULL,
  birth_date       date NOT NULL,
  waiting_ends_on  date NOT NULL
);
CREATE INDEX bulk_enrolment_ready_batch ON bulk_enrolment_ready (batch);
