-- 0001 Foundation: organisation units, memberships, cases and their child tables, audit log.
-- Every case table carries org_unit_id (the owning unit) so the data can later be distributed
-- by it on a scale-out PostgreSQL (Citus). Kept to what PostgreSQL 15 supports.

CREATE TABLE org_unit (
  id              text PRIMARY KEY,
  name            text NOT NULL,
  authority_type  text NOT NULL CHECK (authority_type IN ('forskola-skola','elevhalsa','socialtjanst','bvc','bup-region','polis')),
  tenant_id       text NOT NULL,
  wheel_id        text NOT NULL,
  question_order  jsonb,
  updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Who acts for which unit with which roles. From configuration now, later from Entra groups.
CREATE TABLE membership (
  tenant_id     text NOT NULL,
  object_id     text NOT NULL,
  display_name  text NOT NULL,
  org_unit_id   text NOT NULL REFERENCES org_unit(id),
  roles         text[] NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, object_id)
);

CREATE TABLE case_reference_counter (
  org_unit_id  text NOT NULL,
  year         integer NOT NULL,
  last_seq     integer NOT NULL,
  PRIMARY KEY (org_unit_id, year)
);

CREATE TABLE child_case (
  id             uuid PRIMARY KEY,
  org_unit_id    text NOT NULL REFERENCES org_unit(id),
  reference      text NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('anonymous','consented')),
  stage          text NOT NULL CHECK (stage IN ('consultation','mapping','collaboration','plan-active','follow-up','closed')),
  details        jsonb NOT NULL,
  -- Child-identifying fields: only in consented cases.
  child_name     text,
  child_birth_date date,
  child_personnummer text,
  guardians      jsonb,
  close_reason   text,
  version        integer NOT NULL DEFAULT 1,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  UNIQUE (org_unit_id, reference),
  CONSTRAINT identity_only_when_consented CHECK (
    kind = 'consented' OR (child_name IS NULL AND child_birth_date IS NULL AND child_personnummer IS NULL AND guardians IS NULL)
  )
);

CREATE TABLE case_party (
  case_id       uuid NOT NULL REFERENCES child_case(id) ON DELETE CASCADE,
  org_unit_id   text NOT NULL,
  tenant_id     text NOT NULL,
  object_id     text NOT NULL,
  display_name  text NOT NULL,
  party_org_unit_id text NOT NULL,
  role          text NOT NULL CHECK (role IN ('discoverer','named-person','lead-professional','participant')),
  added_at      timestamptz NOT NULL,
  removed_at    timestamptz,
  PRIMARY KEY (case_id, tenant_id, object_id, role)
);
CREATE INDEX case_party_actor ON case_party (tenant_id, object_id) WHERE removed_at IS NULL;

CREATE TABLE consent (
  id             uuid PRIMARY KEY,
  case_id        uuid NOT NULL REFERENCES child_case(id) ON DELETE CASCADE,
  org_unit_id    text NOT NULL,
  given_by       jsonb NOT NULL,
  org_unit_ids   text[] NOT NULL,
  info_categories text[] NOT NULL,
  purpose        text NOT NULL,
  valid_from     timestamptz NOT NULL,
  valid_to       timestamptz NOT NULL,
  withdrawn_at   timestamptz,
  recorded_by    text NOT NULL,
  recorded_at    timestamptz NOT NULL,
  CHECK (valid_from < valid_to)
);
CREATE INDEX consent_case ON consent (case_id);

CREATE TABLE assessment (
  id             uuid PRIMARY KEY,
  case_id        uuid NOT NULL REFERENCES child_case(id) ON DELETE CASCADE,
  org_unit_id    text NOT NULL,
  author_tenant_id text NOT NULL,
  author_object_id text NOT NULL,
  author_name    text NOT NULL,
  author_org_unit_id text NOT NULL,
  answers        jsonb NOT NULL,
  areas          jsonb NOT NULL,
  version        integer NOT NULL,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  UNIQUE (case_id, author_tenant_id, author_object_id)
);

CREATE TABLE meeting (
  id             uuid PRIMARY KEY,
  case_id        uuid NOT NULL REFERENCES child_case(id) ON DELETE CASCADE,
  org_unit_id    text NOT NULL,
  starts_at      timestamptz NOT NULL,
  ends_at        timestamptz NOT NULL,
  invited_org_unit_ids text[] NOT NULL,
  transaction_id uuid NOT NULL UNIQUE,
  status         text NOT NULL CHECK (status IN ('requested','created','failed','cancelled')),
  event_id       text,
  join_url       text,
  created_at     timestamptz NOT NULL,
  CHECK (starts_at < ends_at)
);

CREATE TABLE plan_version (
  case_id        uuid NOT NULL REFERENCES child_case(id) ON DELETE CASCADE,
  org_unit_id    text NOT NULL,
  version        integer NOT NULL,
  content        jsonb NOT NULL,
  agreed         boolean NOT NULL,
  author_name    text NOT NULL,
  created_at     timestamptz NOT NULL,
  PRIMARY KEY (case_id, version)
);

-- What happened to a case (stage changes, parties, consent events). No free text from users
-- but the close/step-down reason, which is case data and deleted with the case.
CREATE TABLE case_event (
  id             uuid PRIMARY KEY,
  seq            integer GENERATED ALWAYS AS IDENTITY,
  case_id        uuid NOT NULL REFERENCES child_case(id) ON DELETE CASCADE,
  org_unit_id    text NOT NULL,
  at             timestamptz NOT NULL,
  actor_name     text NOT NULL,
  type           text NOT NULL,
  detail         jsonb NOT NULL
);
CREATE INDEX case_event_case ON case_event (case_id, seq);

-- The audit log: append-only, no child data, a hash chain per organisation unit.
CREATE TABLE audit_log (
  org_unit_id     text NOT NULL,
  seq             integer NOT NULL,
  id              uuid NOT NULL UNIQUE,
  at              timestamptz NOT NULL,
  actor_tenant_id text NOT NULL,
  actor_object_id text NOT NULL,
  action          text NOT NULL,
  case_id         uuid,
  outcome         text NOT NULL CHECK (outcome IN ('success','denied','invalid','conflict','error')),
  request_id      text NOT NULL,
  prev_hash       text NOT NULL,
  hash            text NOT NULL,
  PRIMARY KEY (org_unit_id, seq)
);
CREATE INDEX audit_log_case ON audit_log (case_id, at);
CREATE INDEX audit_log_actor ON audit_log (actor_tenant_id, actor_object_id, at);

-- The head of each chain; locking it serialises writers so each unit has one linear chain.
CREATE TABLE audit_head (
  org_unit_id  text PRIMARY KEY,
  seq          integer NOT NULL,
  hash         text NOT NULL
);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
