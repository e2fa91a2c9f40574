-- 0009 Consulted professionals: a party role for a professional of another unit consulted on an
-- anonymous consultation (it identifies nobody, so no consent is needed for them to see it).
ALTER TABLE case_party DROP CONSTRAINT case_party_role_check;
ALTER TABLE case_party ADD CONSTRAINT case_party_role_check
  CHECK (role IN ('discoverer','named-person','lead-professional','participant','consultee'));
