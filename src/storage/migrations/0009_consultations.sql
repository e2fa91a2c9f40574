-- 0009 Consultations: consulted professionals and the consultation's outcome.
-- A party role for a professional of another unit consulted on an anonymous consultation (it
-- identifies nobody, so no consent is needed for them to see it).
ALTER TABLE case_party DROP CONSTRAINT case_party_role_check;
ALTER TABLE case_party ADD CONSTRAINT case_party_role_check
  CHECK (role IN ('discoverer','named-person','lead-professional','participant','consultee'));

-- Every consultation ends with a recorded outcome (kept when it becomes a consented case).
ALTER TABLE child_case ADD COLUMN consultation_outcome text
  CHECK (consultation_outcome IN ('advice-followed','continued','consent-asked','referred'));
ALTER TABLE child_case ADD COLUMN consultation_outcome_at timestamptz;
