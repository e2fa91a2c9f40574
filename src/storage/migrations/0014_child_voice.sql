-- 0014 The child's own voice (issue 18 item 3): the child's own assessment, apart from the
-- professionals' — per wheel area a rating (three faces) and the child's words (what is good, what is
-- hard, what they wish for), overall words and the wish for lead professional — and each guardian's
-- view the same way, one record per guardian. Every save is a new row (version), naming the
-- professional who entered it with the child or guardian and when; earlier versions are kept. The
-- current record of a speaker is its highest version. Case data: it goes with the case.
CREATE TABLE case_voice (
  case_id               uuid NOT NULL REFERENCES child_case(id) ON DELETE CASCADE,
  -- 'child', or 'guardian-<n>': the guardian at that place in the case's guardians
  speaker               text NOT NULL CHECK (speaker = 'child' OR speaker ~ '^guardian-[0-9]{1,2}$'),
  version               integer NOT NULL CHECK (version >= 1),
  org_unit_id           text NOT NULL,
  -- { "areas": { "<area id>": { "rating": "happy"|"so-so"|"sad"|null, "good", "hard", "wish" } },
  --   "words": { "good", "hard", "wish" }, "wishedLead": { "tenantId", "objectId", "displayName" } | null }
  content               jsonb NOT NULL CHECK (jsonb_typeof(content) = 'object'),
  entered_by_tenant_id  text NOT NULL,
  entered_by_object_id  text NOT NULL,
  entered_by_name       text NOT NULL,
  entered_at            timestamptz NOT NULL,
  PRIMARY KEY (case_id, speaker, version)
);
