-- 0002 Chat: per-user language choice, form drafts (nothing typed is lost), Teams user ids for
-- per-user card refresh.

CREATE TABLE user_preference (
  tenant_id   text NOT NULL,
  object_id   text NOT NULL,
  locale      text CHECK (locale IN ('sv','en')),
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, object_id)
);

-- A half-filled form. case_key is the case id, or '' for a form that creates a case. A draft of
-- an anonymous consultation never holds a value the anonymity guard refused.
CREATE TABLE form_draft (
  tenant_id   text NOT NULL,
  object_id   text NOT NULL,
  form        text NOT NULL,
  case_key    text NOT NULL,
  org_unit_id text NOT NULL,
  data        jsonb NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, object_id, form, case_key)
);

-- The Teams user id (MRI, 29:…) of a person, learnt from their own activities; used for the
-- `refresh.userIds` of cards so personal detail is fetched per user after an access check.
CREATE TABLE teams_user (
  tenant_id   text NOT NULL,
  object_id   text NOT NULL,
  user_mri    text NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, object_id)
);
