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

-- A unit's consultation function (e.g. "Socialtjänstens konsultation"): its name per language; its
-- members come from the unit's `consultant` Entra groups.
ALTER TABLE org_unit ADD COLUMN consultation_function jsonb;

-- A consultation asked of a unit's consultation function: every member gets a card; the first who
-- takes it becomes the consultee.
CREATE TABLE consultation_request (
  id                  uuid PRIMARY KEY,
  case_id             uuid NOT NULL REFERENCES child_case(id) ON DELETE CASCADE,
  org_unit_id         text NOT NULL,
  target_unit_id      text NOT NULL REFERENCES org_unit(id),
  state               text NOT NULL CHECK (state IN ('open','taken')),
  requested_at        timestamptz NOT NULL,
  taken_by_tenant_id  text,
  taken_by_object_id  text,
  taken_by_name       text,
  taken_at            timestamptz,
  CHECK ((state = 'taken') = (taken_by_object_id IS NOT NULL))
);
CREATE INDEX consultation_request_case ON consultation_request (case_id);
