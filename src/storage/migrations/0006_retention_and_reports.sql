-- 0006 Retention, reports and the family's plan.

-- A short-lived, single-use link to the family's PDF of the plan, issued to one person for one case
-- and one plan version (a card's Action.OpenUrl cannot carry the SSO token). Only the SHA-256 of
-- the random token is stored; the link goes with the case when the case is deleted.
CREATE TABLE plan_download (
  token_hash   text PRIMARY KEY,
  case_id      uuid NOT NULL REFERENCES child_case(id) ON DELETE CASCADE,
  org_unit_id  text NOT NULL,
  tenant_id    text NOT NULL,
  object_id    text NOT NULL,
  plan_version integer NOT NULL,
  locale       text NOT NULL CHECK (locale IN ('sv','en')),
  created_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  used_at      timestamptz,
  CHECK (created_at < expires_at)
);
CREATE INDEX plan_download_expiry ON plan_download (expires_at);

-- Statistics count stage changes per month; retention looks for the latest activity of a case.
CREATE INDEX case_event_type_at ON case_event (type, at);
