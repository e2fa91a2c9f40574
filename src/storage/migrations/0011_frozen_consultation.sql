-- 0011 The anonymous phase frozen at conversion (issue 17): when an anonymous consultation becomes a
-- consented case, consultees of units the consent does not cover keep what the consultation was at
-- that moment (it identified nobody) and see nothing added after it. One snapshot per case, taken in
-- the conversion's own transaction; it goes with the case.
CREATE TABLE consultation_snapshot (
  case_id   uuid PRIMARY KEY REFERENCES child_case(id) ON DELETE CASCADE,
  taken_at  timestamptz NOT NULL,
  content   jsonb NOT NULL
);
