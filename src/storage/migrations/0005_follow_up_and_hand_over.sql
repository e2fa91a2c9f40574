-- 0005 Follow-up of the child's plan (reminders, results per action and area) and hand-overs of the
-- lead professional and named person roles that the receiver must accept.

-- The bot's 1:1 conversation with a person (learnt from their own messages in personal scope):
-- reminders and hand-over offers are sent there proactively.
ALTER TABLE teams_user ADD COLUMN personal_conversation_id text;

-- How many days before the follow-up date the lead professional is reminded (and on the day).
-- From config/organisations.json (followUpReminderDays), 7 when not given.
ALTER TABLE org_unit ADD COLUMN follow_up_reminder_days integer NOT NULL DEFAULT 7
  CHECK (follow_up_reminder_days BETWEEN 1 AND 60);

-- One row per recorded follow-up: it created plan version plan_version from reviewed_version.
-- Statuses, evidence and levels are case data and go with the case.
CREATE TABLE plan_follow_up (
  case_id          uuid NOT NULL REFERENCES child_case(id) ON DELETE CASCADE,
  org_unit_id      text NOT NULL,
  plan_version     integer NOT NULL,
  reviewed_version integer NOT NULL,
  due_date         date,
  -- [{ "action": <index in the reviewed plan>, "status": "done"|"partly"|"not-done", "evidence": "…" }]
  action_results   jsonb NOT NULL CHECK (jsonb_typeof(action_results) = 'array'),
  -- { "<wheel area id>": "none"|"some"|"significant" }
  area_levels      jsonb NOT NULL CHECK (jsonb_typeof(area_levels) = 'object'),
  outcome          text NOT NULL CHECK (outcome IN ('continue','step-down','close')),
  recorded_by_name text NOT NULL,
  recorded_at      timestamptz NOT NULL,
  PRIMARY KEY (case_id, plan_version),
  FOREIGN KEY (case_id, plan_version) REFERENCES plan_version (case_id, version) ON DELETE CASCADE,
  CHECK (reviewed_version < plan_version)
);

-- A hand-over of a role: offered by the giver, accepted or declined by the receiver. Until it is
-- accepted the giver keeps the role. At most one open offer per case and role.
CREATE TABLE role_handover (
  id              uuid PRIMARY KEY,
  case_id         uuid NOT NULL REFERENCES child_case(id) ON DELETE CASCADE,
  org_unit_id     text NOT NULL,
  role            text NOT NULL CHECK (role IN ('named-person','lead-professional')),
  from_tenant_id  text NOT NULL,
  from_object_id  text NOT NULL,
  from_name       text NOT NULL,
  to_tenant_id    text NOT NULL,
  to_object_id    text NOT NULL,
  to_name         text NOT NULL,
  to_org_unit_id  text NOT NULL,
  -- The receiver was made a participant by the offer (and stops being one if they decline).
  receiver_added  boolean NOT NULL,
  state           text NOT NULL CHECK (state IN ('offered','accepted','declined')),
  offered_at      timestamptz NOT NULL,
  decided_at      timestamptz,
  CHECK ((state = 'offered') = (decided_at IS NULL)),
  CHECK (NOT (from_tenant_id = to_tenant_id AND from_object_id = to_object_id))
);
CREATE UNIQUE INDEX role_handover_open ON role_handover (case_id, role) WHERE state = 'offered';
CREATE INDEX role_handover_case ON role_handover (case_id, offered_at);
