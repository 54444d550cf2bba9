-- THE TRANSPARENCY LOG (issue 4, docs/transparency.md): an append-only RFC 6962 Merkle log of
-- canonical JSON entries, appended inside the same transaction as the fact each entry records.
--
--   log_entries      one row per entry: its index and its canonical bytes;
--   log_nodes        every complete subtree hash, leaf hashes (level 0) included, keyed (level, index) as in
--                    c2sp.org/tlog-tiles (tile L holds level 8L), stored as runs of consecutive
--                    nodes (one row per level per append, never crossing a 256-node tile
--                    boundary), so a batch of 10,000 entries writes ~80 node rows, not 20,000;
--                    any node is one index probe away: O(log n) rows per proof;
--   log_state        one row: the size and the right edge of the tree (the hashes an append
--                    needs), locked by every append so entries get consecutive indexes;
--   log_checkpoints  every signed checkpoint; the code refuses to sign one that is not
--                    consistent with the last, and the table only grows.
-- All four are append-only (log_state aside), enforced here like the ledger.

CREATE TABLE log_entries (
  idx        bigint PRIMARY KEY CHECK (idx >= 0),
  entry      bytea NOT NULL,                 -- its leaf hash is node (0, idx) in log_nodes
  -- What the entry is about, for look-ups (e.g. 'period.charges/17'); unique so a fact is
  -- never logged twice.
  ref        text
);
CREATE UNIQUE INDEX log_entries_ref ON log_entries (ref) WHERE ref IS NOT NULL;

CREATE TABLE log_nodes (
  level   smallint NOT NULL CHECK (level >= 0 AND level < 64),
  idx     bigint NOT NULL CHECK (idx >= 0),          -- index of the run's first node
  hashes  bytea NOT NULL CHECK (octet_length(hashes) BETWEEN 32 AND 8192 AND octet_length(hashes) % 32 = 0),
  PRIMARY KEY (level, idx),
  CHECK (idx / 256 = (idx + octet_length(hashes) / 32 - 1) / 256)
);

CREATE TABLE log_state (
  one       boolean PRIMARY KEY DEFAULT true CHECK (one),
  size      bigint NOT NULL CHECK (size >= 0),
  -- Hashes of the complete subtrees along the right edge, one per set bit of size, lowest first.
  frontier  bytea NOT NULL
);
INSERT INTO log_state (one, size, frontier) VALUES (true, 0, '\x'::bytea);

CREATE TABLE log_checkpoints (
  size       bigint PRIMARY KEY CHECK (size >= 0),
  root       bytea NOT NULL CHECK (octet_length(root) = 32),
  note       text NOT NULL,                 -- the signed note, exactly as served
  signed_at  timestamptz NOT NULL DEFAULT now()
);

-- A checkpoint may only be added for a larger tree than every earlier one, and not beyond the log.
CREATE FUNCTION log_checkpoint_must_grow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM log_checkpoints WHERE size >= NEW.size) THEN
    RAISE EXCEPTION 'log checkpoint for size % is not larger than the last signed one', NEW.size
      USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.size > (SELECT size FROM log_state) THEN
    RAISE EXCEPTION 'log checkpoint for size % is beyond the log', NEW.size USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER log_checkpoints_grow BEFORE INSERT ON log_checkpoints FOR EACH ROW EXECUTE FUNCTION log_checkpoint_must_grow();

CREATE TRIGGER log_entries_immutable BEFORE UPDATE OR DELETE ON log_entries FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER log_nodes_immutable BEFORE UPDATE OR DELETE ON log_nodes FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER log_checkpoints_immutable BEFORE UPDATE OR DELETE ON log_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER log_entries_no_truncate BEFORE TRUNCATE ON log_entries FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER log_nodes_no_truncate BEFORE TRUNCATE ON log_nodes FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER log_checkpoints_no_truncate BEFORE TRUNCATE ON log_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- ---- Member charge commitments ------------------------------------------------------------
-- Each membership has a random secret, made when the membership row is inserted (one set-based
-- statement per INSERT, so bulk enrolment stays one statement). From it:
--   pseudonym        'm-' + 16 hex digits of SHA-256("huzhu/pseudonym" || secret): shown to the
--                    member, stable, and reveals nothing about who they are;
--   salt per period  SHA-256("huzhu/charge-salt" || secret || period id as int8): so the same
--                    member's leaves in two periods cannot be linked.
-- The member receives pseudonym and salt only in their own proof bundle.
CREATE TABLE membership_log_secrets (
  membership_id  bigint PRIMARY KEY,   -- no foreign key: rows come only from the trigger below
  secret         bytea NOT NULL CHECK (octet_length(secret) = 32),
  pseudonym      text NOT NULL CHECK (pseudonym ~ '^m-[0-9a-f]{16}$')   -- huzhu_log_pseudonym(secret), kept so bills hash faster
);

-- gen_random_uuid() is built in (PostgreSQL 13+) and uses the strong random source; two of them
-- hashed give 244 random bits.
CREATE FUNCTION huzhu_random_secret() RETURNS bytea LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT sha256(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()))
$$;

-- These are plain expressions of immutable built-ins (no convert_to, which is only stable), so the
-- planner inlines them: hashing a million bills is then a few seconds, not tens.
CREATE FUNCTION huzhu_log_pseudonym(secret bytea) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT 'm-' || encode(substring(sha256('huzhu/pseudonym'::bytea || secret) FROM 1 FOR 8), 'hex')
$$;

CREATE FUNCTION huzhu_charge_salt(secret bytea, period_id bigint) RETURNS bytea LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT sha256('huzhu/charge-salt'::bytea || secret || int8send(period_id))
$$;

-- Leaf hash of a bill, byte for byte as chargeLeafHash in src/transparency/core/proof-bundle.ts:
-- SHA-256(0x00 || salt || uint16 length of pseudonym || pseudonym || uint64 amount). Pseudonyms are
-- ASCII without backslashes (checked above), so text::bytea gives exactly their UTF-8 bytes.
CREATE FUNCTION huzhu_charge_leaf_hash(secret bytea, pseudonym text, period_id bigint, amount_fen bigint) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT sha256('\x00'::bytea || sha256('huzhu/charge-salt'::bytea || secret || int8send(period_id))
                || int2send(octet_length(pseudonym)::smallint) || pseudonym::bytea || int8send(amount_fen))
$$;

CREATE FUNCTION membership_log_secrets_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO membership_log_secrets (membership_id, secret, pseudonym)
  SELECT id, s, huzhu_log_pseudonym(s) FROM (SELECT id, huzhu_random_secret() AS s FROM new_memberships) x;
  RETURN NULL;
END $$;
CREATE TRIGGER memberships_log_secret AFTER INSERT ON memberships
  REFERENCING NEW TABLE AS new_memberships FOR EACH STATEMENT EXECUTE FUNCTION membership_log_secrets_on_insert();
INSERT INTO membership_log_secrets (membership_id, secret, pseudonym)
SELECT id, s, huzhu_log_pseudonym(s) FROM (SELECT id, huzhu_random_secret() AS s FROM memberships) x;

-- A period's charge tree (leaves: the period's charges in membership id order). Its root and
-- size are logged in the period.charges entry; these rows let a member's path be served without
-- rebuilding the tree: tiles of the complete nodes at levels 8, 16, ... (tile level 1, 2, ...)
-- and, per block of 256 leaves, the membership id it starts at (leaf hashes are recomputed
-- from the charges rows on demand).
CREATE TABLE log_charge_trees (
  period_id   bigint PRIMARY KEY,
  size        bigint NOT NULL CHECK (size > 0),
  root        bytea NOT NULL CHECK (octet_length(root) = 32),
  log_index   bigint NOT NULL
);
CREATE TABLE log_charge_blocks (
  period_id            bigint NOT NULL,
  block                bigint NOT NULL,
  first_membership_id  bigint NOT NULL,
  PRIMARY KEY (period_id, block)
);
CREATE INDEX log_charge_blocks_member ON log_charge_blocks (period_id, first_membership_id);
CREATE TABLE log_charge_tiles (
  period_id  bigint NOT NULL,
  level      smallint NOT NULL CHECK (level > 0),
  idx        bigint NOT NULL,
  hashes     bytea NOT NULL,
  PRIMARY KEY (period_id, level, idx)
);
CREATE TRIGGER membership_log_secrets_immutable BEFORE UPDATE OR DELETE ON membership_log_secrets FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER log_charge_trees_immutable BEFORE UPDATE OR DELETE ON log_charge_trees FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER log_charge_blocks_immutable BEFORE UPDATE OR DELETE ON log_charge_blocks FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER log_charge_tiles_immutable BEFORE UPDATE OR DELETE ON log_charge_tiles FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
