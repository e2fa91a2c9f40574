-- 0004 Meetings call their invitees; the plan channel of a case; e-mail of members (invitations).

ALTER TABLE membership ADD COLUMN email text;

-- Where the bot reaches Teams for a tenant (the serviceUrl of its latest incoming activity).
ALTER TABLE teams_user ADD COLUMN service_url text;

-- Who is invited (professionals: tenant + object id, name, unit, e-mail) and who organises.
ALTER TABLE meeting ADD COLUMN invitees jsonb NOT NULL DEFAULT '[]';
ALTER TABLE meeting ADD COLUMN organizer_object_id text;

-- The channel where the agreed plan is posted: exactly the invited parties are its members.
CREATE TABLE plan_channel (
  case_id        uuid PRIMARY KEY REFERENCES child_case(id) ON DELETE CASCADE,
  org_unit_id    text NOT NULL,
  display_name   text NOT NULL UNIQUE,
  team_id        text,
  channel_id     text,
  -- The bot's message with the plan card: updated on every revision, never posted twice.
  activity_id    text,
  service_url    text,
  posted_version integer,
  member_object_ids text[] NOT NULL DEFAULT '{}',
  state          text NOT NULL CHECK (state IN ('pending','active','closed')),
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL
);
