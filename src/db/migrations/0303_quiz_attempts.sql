-- Every attempt at a plan's juror quiz, passed or not: attempts are limited per day
-- (jury/qualification.ts), so the quiz cannot be passed blind by trying again and again.
CREATE TABLE juror_quiz_attempts (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  plan_id     text NOT NULL REFERENCES plans (id),
  person_id   bigint NOT NULL REFERENCES persons (id),
  at          timestamptz NOT NULL
);
CREATE INDEX juror_quiz_attempts_person ON juror_quiz_attempts (plan_id, person_id, at);
