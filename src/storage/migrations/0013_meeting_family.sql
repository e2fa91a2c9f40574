-- 0013 The family in the meeting (issue 18): guardians, and the child where age and maturity allow,
-- invited by e-mail as external attendees when a consent in force names them. Each entry is
-- {kind: 'guardian'|'child', name, email}; the e-mail address is held only until the event exists
-- (or the meeting fails for good): then it is set to null, and only who was invited remains for the
-- card. The lobby records whether the online meeting's lobby bypass was narrowed to the organisation
-- ('organization'), could not be ('not-set': see docs/permissions.md), or was not needed (null).
ALTER TABLE meeting ADD COLUMN family_invitees jsonb NOT NULL DEFAULT '[]';
ALTER TABLE meeting ADD COLUMN lobby text CHECK (lobby IN ('organization','not-set'));
