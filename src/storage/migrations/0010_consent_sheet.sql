-- 0010 Consent information sheet (issue 18): each consent records which version of the family's
-- information sheet was given and how consent was obtained. Consents recorded before this have
-- neither (null).
ALTER TABLE consent ADD COLUMN sheet_version text;
ALTER TABLE consent ADD COLUMN obtained_how text
  CHECK (obtained_how IN ('written','oral-documented','digital'));

-- The one-time links of the plan card also deliver the consent sheet and the confirmation of a
-- withdrawal (a card's Action.OpenUrl cannot carry the SSO token): what the link names is its kind
-- and detail (the sheet's audience and the consent's units, categories, purpose and end as they
-- will be recorded; or the withdrawn consent's id). Expired rows are deleted when a link is issued.
ALTER TABLE plan_download ADD COLUMN kind text NOT NULL DEFAULT 'plan'
  CHECK (kind IN ('plan','consent-sheet','consent-withdrawal'));
ALTER TABLE plan_download ADD COLUMN detail jsonb;
ALTER TABLE plan_download ALTER COLUMN plan_version DROP NOT NULL;
ALTER TABLE plan_download ADD CONSTRAINT plan_download_version_for_plan
  CHECK ((kind = 'plan') = (plan_version IS NOT NULL));
