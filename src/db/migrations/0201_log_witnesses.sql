-- WITNESS COSIGNATURES (issue 4, docs/transparency.md "Witnesses"): outside parties (a regulator,
-- an auditor, a members' association) configured in HUZHU_LOG_WITNESSES cosign the log's
-- checkpoints in the c2sp.org/tlog-cosignature format and post them to POST /log/cosignature.
-- The server keeps every cosignature it accepted, and serves those of the latest checkpoint
-- after the log's own signature line at /log/checkpoint.
--
--   log_cosignatures  one row per witness key and checkpoint: the first valid cosignature the
--                     witness submitted for it (a later one for the same checkpoint changes
--                     nothing). The checkpoint must be one the log signed: (size, root) is a
--                     foreign key into log_checkpoints. Append-only, like the log itself.

-- (size, root) names a signed checkpoint; size alone is already unique, so this adds no rule,
-- only the key the foreign key below needs.
ALTER TABLE log_checkpoints ADD CONSTRAINT log_checkpoints_size_root UNIQUE (size, root);

CREATE TABLE log_cosignatures (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  witness         text NOT NULL CHECK (witness <> '' AND witness !~ '[[:space:]+]'),   -- the witness's key name
  key_id          bigint NOT NULL CHECK (key_id BETWEEN 0 AND 4294967295),           -- its 4-byte key ID
  size            bigint NOT NULL,
  root            bytea NOT NULL CHECK (octet_length(root) = 32),
  cosigned_at     bigint NOT NULL CHECK (cosigned_at >= 0),   -- the cosignature's timestamp (POSIX seconds)
  signature_line  text NOT NULL CHECK (signature_line LIKE '— % %' AND signature_line NOT LIKE '%' || chr(10) || '%'),  -- exactly as served, without its newline
  received_at     timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (size, root) REFERENCES log_checkpoints (size, root),
  UNIQUE (witness, key_id, size)
);
CREATE INDEX log_cosignatures_size ON log_cosignatures (size);

CREATE TRIGGER log_cosignatures_immutable BEFORE UPDATE OR DELETE ON log_cosignatures FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER log_cosignatures_no_truncate BEFORE TRUNCATE ON log_cosignatures FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
