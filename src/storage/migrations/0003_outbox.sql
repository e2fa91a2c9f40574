-- 0003 Outbox: every Graph or Teams side effect (calendar event, channel, members, plan card …) is
-- a persisted job. A use case enqueues it in its own transaction; workers on any instance claim it
-- with FOR UPDATE SKIP LOCKED under a lease, retry it with backoff and record its result.
--
-- case_id has no foreign key on purpose: a job (and its audit trail) may outlive the case, and a
-- case deletion must not wait for or cascade into side effects that are still running.

CREATE TABLE outbox_job (
  id              uuid PRIMARY KEY,
  org_unit_id     text NOT NULL,
  case_id         uuid,
  kind            text NOT NULL,
  -- A second enqueue with the same key is a no-op that returns the existing job.
  idempotency_key text NOT NULL UNIQUE,
  payload         jsonb NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
  state           text NOT NULL CHECK (state IN ('pending','running','done','failed')),
  attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts    integer NOT NULL CHECK (max_attempts >= 1),
  -- The earliest time a worker may claim the job (now, or the next retry).
  run_after       timestamptz NOT NULL,
  -- The lease: only the worker named here may write the job, until another worker claims it
  -- after locked_until has passed (the first worker crashed or stalled).
  locked_by       text,
  locked_until    timestamptz,
  -- What the side effect created (event id, activity id …), saved before the job is done so a
  -- retry updates what exists instead of creating it again.
  result          jsonb,
  last_error      text,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  CONSTRAINT lease_only_while_running CHECK (
    (state = 'running') = (locked_by IS NOT NULL AND locked_until IS NOT NULL)
  )
);

COMMENT ON COLUMN outbox_job.payload IS 'Opaque ids only (case, meeting, unit, Entra object ids). Never names, free text or other personal data: handlers load details through the repositories.';
COMMENT ON COLUMN outbox_job.result IS 'Opaque ids returned by Graph/Teams (event id, channel id, activity id). No personal data.';
COMMENT ON COLUMN outbox_job.last_error IS 'Error code or class only, never an error message (messages can echo personal data).';

-- Claiming scans open jobs in run_after order; done and failed jobs stay out of the index.
CREATE INDEX outbox_job_claim ON outbox_job (run_after) WHERE state IN ('pending','running');
-- Progress display per case.
CREATE INDEX outbox_job_case ON outbox_job (case_id, created_at) WHERE case_id IS NOT NULL;
