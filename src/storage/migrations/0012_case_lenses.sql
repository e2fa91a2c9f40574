-- 0012 Optional GIRFEC lenses per case (issue 17): which lenses of config/lenses.json the case uses
-- and one shared content per lens (a My World Triangle's strengths and worries per side, a
-- Resilience Matrix's placement and notes), versioned as a whole for optimistic concurrency. Case
-- data: it goes with the case.
CREATE TABLE case_lens (
  case_id          uuid PRIMARY KEY REFERENCES child_case(id) ON DELETE CASCADE,
  org_unit_id      text NOT NULL,
  chosen           text[] NOT NULL,
  -- { "<lens id>": { "kind": "triangle", "sides": {…} } | { "kind": "matrix", "placement": {…}|null, "notes": {…} } }
  content          jsonb NOT NULL CHECK (jsonb_typeof(content) = 'object'),
  version          integer NOT NULL CHECK (version >= 1),
  updated_by_name  text NOT NULL,
  updated_at       timestamptz NOT NULL
);
