-- Each membership's log secret from one random key per statement (issue 15). Until now every
-- secret was two strong random UUIDs hashed (huzhu_random_secret): at 100M members a tenth of the
-- bulk enrolment's database time (2.1 µs a member, of which the two UUIDs 1.6). Now each
-- INSERT into memberships draws one such value, the key, and the secret of each membership it
-- writes is SHA-256("huzhu/membership-secret" || key || membership id as int8).
-- Why that is as good: the key has 244 random bits and lives only in this statement (it is never
-- stored or logged); SHA-256 with a secret prefix of fixed length and inputs of one fixed length
-- (no input is a prefix of another, so no length extension reaches one) is a pseudo-random
-- function, so the secrets are as unpredictable as before and distinct ids give unrelated ones.
-- Members never see a secret, only their pseudonym and salts, which are hashes of it; knowing any
-- number of secrets, salts or pseudonyms tells nothing of the key or of another member's secret.
-- Secrets already made stay as they are (the table is immutable).
CREATE OR REPLACE FUNCTION membership_log_secrets_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO membership_log_secrets (membership_id, secret, pseudonym)
  SELECT id, s, huzhu_log_pseudonym(s)
    FROM (SELECT n.id, sha256('huzhu/membership-secret'::bytea || k.key || int8send(n.id)) AS s
            FROM new_memberships n CROSS JOIN (SELECT huzhu_random_secret() AS key OFFSET 0) k) x;
  RETURN NULL;
END $$;
