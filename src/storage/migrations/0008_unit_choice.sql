-- 0008 A person whose Entra groups give several units chooses the unit they act for.
-- membership.units: every unit the groups give, with the roles held there ([{orgUnitId, roles}]),
-- in configuration order; org_unit_id/roles stay the unit acted for. The choice is a preference
-- (kept across syncs, applied only while the groups still give that unit).
ALTER TABLE membership ADD COLUMN units jsonb NOT NULL DEFAULT '[]'::jsonb;
ALTER TABLE user_preference ADD COLUMN org_unit_id text;
