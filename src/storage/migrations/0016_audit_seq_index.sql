-- The incremental audit:verify looks only at rows written since its last run: those numbered above the
-- high-water mark it recorded (audit_log_seq is global since 0007). Without this index that look-up
-- reads the whole log, and verifying 10,000 new rows on top of a million costs as much as a million
-- (issue 22, the scale bench's "incremental verify").
CREATE INDEX audit_log_seq_all ON audit_log (seq);
