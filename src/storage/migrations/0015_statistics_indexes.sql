-- Statistics for a year read one unit's cases, events and consultees in a time range. With these
-- indexes and range predicates (report-repository.ts), the work grows with that unit's year, not with
-- every case and event in the database (issue 22, the scale bench's "a year's statistics").
CREATE INDEX child_case_unit_created ON child_case (org_unit_id, created_at);
CREATE INDEX case_event_unit_at ON case_event (org_unit_id, at);
