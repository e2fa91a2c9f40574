-- 0007 The audit log as a transparency log (docs/decisions/0007): rows are appended without a
-- per-unit lock and sealed shortly after their commit, in a well-defined order, as leaves of an
-- RFC 9162 Merkle tree; signed checkpoints are anchored outside the database.

-- New rows: no chain (prev_hash NULL); seq from one sequence (above every chained row's seq, so the
-- primary key stays unique); xid = the inserting transaction's id (64-bit, never wraps), which the
-- sealer orders by. Rows written before this migration keep xid NULL and are sealed first, in chain order.
ALTER TABLE audit_log ALTER COLUMN prev_hash DROP NOT NULL;
ALTER TABLE audit_log ADD COLUMN xid xid8;
ALTER TABLE audit_log ALTER COLUMN xid SET DEFAULT pg_current_xact_id();
ALTER TABLE audit_log ADD CONSTRAINT audit_log_chained_or_xid CHECK (xid IS NOT NULL OR prev_hash IS NOT NULL);
CREATE SEQUENCE audit_log_seq;
SELECT setval('audit_log_seq', COALESCE((SELECT max(seq) FROM audit_log), 0) + 1, false);
ALTER TABLE audit_log ALTER COLUMN seq SET DEFAULT nextval('audit_log_seq');
CREATE INDEX audit_log_xid ON audit_log (xid, seq);

-- Which row is which leaf. Written by the sealer only.
CREATE TABLE audit_seal (
  leaf_index  bigint PRIMARY KEY,
  audit_id    uuid NOT NULL UNIQUE,
  leaf_hash   text NOT NULL
);

-- Every checkpoint, as anchored (a copy: verification trusts the anchor store, not this table).
-- horizon: every row with xid below it is sealed at or before this checkpoint; frontier: the right
-- edge of the tree (the sealer continues from it); consistency: the RFC 9162 proof from the
-- previous anchored checkpoint (proof_from leaves) to this one.
CREATE TABLE audit_checkpoint (
  tree_size    bigint PRIMARY KEY,
  root_hash    text NOT NULL,
  at           timestamptz NOT NULL,
  horizon      xid8 NOT NULL,
  frontier     text[] NOT NULL,
  key_id       text NOT NULL,
  signature    text NOT NULL,
  proof_from   bigint NOT NULL,
  consistency  text[] NOT NULL
);

CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER audit_seal_no_update_delete BEFORE UPDATE OR DELETE ON audit_seal
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoint_no_update_delete BEFORE UPDATE OR DELETE ON audit_checkpoint
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
-- The chain heads are final now: writers no longer move them.
CREATE TRIGGER audit_head_no_update_delete BEFORE UPDATE OR DELETE ON audit_head
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
-- TRUNCATE fires no row trigger: refuse it with statement triggers.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_seal_no_truncate BEFORE TRUNCATE ON audit_seal FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
