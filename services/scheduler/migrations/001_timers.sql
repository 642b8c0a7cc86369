-- The scheduler's schema: the deadlines it has heard of (from DEADLINE_* events), one durable timer row per
-- (deadline, due date, reminder kind, step), the outbox of reminder events and the processed event ids.
-- Timers are claimed by any replica with FOR UPDATE SKIP LOCKED (services/scheduler/timer_store.h).
CREATE SCHEMA IF NOT EXISTS scheduler;

-- Consumed event ids and idempotent request ids (services/common/idempotency.h).
CREATE TABLE scheduler.idempotency (
  request_id  text PRIMARY KEY,
  fingerprint bytea NOT NULL,
  response    bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- The newest dossier version whose deadline event was applied: an event of an older version changes nothing,
-- so events that arrive out of order never undo newer ones.
CREATE TABLE scheduler.dossier_version (
  dossier_id      text PRIMARY KEY,
  applied_version bigint NOT NULL
);

-- One appraisal deadline of one level of one dossier, as the last applied event left it.
CREATE TABLE scheduler.deadline (
  deadline_id     text PRIMARY KEY,              -- DeadlineChanged.deadline_id
  dossier_id      text NOT NULL,
  level           smallint NOT NULL,             -- tdkt.v1.OrgLevel number
  org_id          text NOT NULL,
  due_date        date,                          -- absent once cleared
  state           text NOT NULL CHECK (state IN ('RUNNING', 'PAUSED', 'CLEARED')),
  dossier_version bigint NOT NULL,
  context         bytea NOT NULL,                -- tdkt.v1.EventEnvelope without payload: the dossier context
                                                 -- copied into reminder events
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX deadline_dossier_idx ON scheduler.deadline (dossier_id);

-- kind: tdkt.v1.TimerKind (1 reminder, 2 escalation); status: tdkt.v1.TimerStatus (1 pending, 2 paused,
-- 3 fired, 4 cancelled); reminder_kind: tdkt.v1.ReminderKind. step: working days before the due date for
-- BEFORE_DUE (3, 1), 0 for DUE_TODAY, the overdue working days for OVERDUE and escalations.
CREATE TABLE scheduler.timer (
  id                   text PRIMARY KEY,
  kind                 smallint NOT NULL CHECK (kind IN (1, 2)),
  status               smallint NOT NULL CHECK (status IN (1, 2, 3, 4)),
  dossier_id           text NOT NULL DEFAULT '',
  deadline_id          text NOT NULL DEFAULT '',
  campaign_deadline_id text NOT NULL DEFAULT '',
  level                smallint NOT NULL DEFAULT 0,
  org_id               text NOT NULL,
  reminder_kind        smallint NOT NULL DEFAULT 0,
  step                 integer NOT NULL,
  due_date             date NOT NULL,
  fire_on              date NOT NULL,            -- business date, Asia/Ho_Chi_Minh
  fire_at              timestamptz NOT NULL,     -- the planned instant; never fired before it
  next_attempt_at      timestamptz NOT NULL,     -- fire_at, or later after a failed escalation call
  fired_at             timestamptz,
  lateness_ms          bigint,                   -- fired_at − fire_at
  attempts             integer NOT NULL DEFAULT 0,
  last_error           text NOT NULL DEFAULT '',
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX timer_due_idx ON scheduler.timer (next_attempt_at) WHERE status = 1;
-- The claim's own index: its predicate and order match the claiming query exactly, so that the plan is an
-- ordered index scan that stops after one batch even while the statistics of a fast-growing table are stale
-- (otherwise PostgreSQL may sort every due row to lock the first few hundred).
CREATE INDEX timer_due_reminder_idx ON scheduler.timer (next_attempt_at, id) WHERE status = 1 AND kind = 1;
CREATE INDEX timer_live_by_deadline_idx ON scheduler.timer (deadline_id) WHERE status IN (1, 2);
CREATE INDEX timer_dossier_idx ON scheduler.timer (dossier_id, fire_at) WHERE dossier_id <> '';
CREATE INDEX timer_pending_org_idx ON scheduler.timer (org_id, fire_at) WHERE status = 1;

-- Reminder events for the relay (at-least-once to tdkt:events), in id order; the same layout as the dossier's.
CREATE TABLE scheduler.outbox (
  id           bigserial PRIMARY KEY,
  event_id     text NOT NULL UNIQUE,             -- derived from the timer id: a timer can never fire twice
  dossier_id   text NOT NULL,
  type         text NOT NULL,
  envelope     bytea NOT NULL,                   -- tdkt.v1.EventEnvelope
  created_at   timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX outbox_unpublished_idx ON scheduler.outbox (id) WHERE published_at IS NULL;

-- Wakes the relay when reminder events commit (delivered at commit only, never for a rollback).
CREATE FUNCTION scheduler.notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('scheduler_outbox', '');
  RETURN NULL;
END
$$;
CREATE TRIGGER outbox_notify AFTER INSERT ON scheduler.outbox
  FOR EACH STATEMENT EXECUTE FUNCTION scheduler.notify_outbox();

-- Wakes the firing loops when a statement commits pending timers: the payload is the earliest next_attempt_at
-- among them in Unix microseconds, so a loop sleeping until a later instant wakes and one that will wake
-- sooner ignores it.
CREATE FUNCTION scheduler.notify_timers() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  earliest timestamptz;
BEGIN
  SELECT min(next_attempt_at) INTO earliest FROM changed WHERE status = 1;
  IF earliest IS NOT NULL THEN
    PERFORM pg_notify('scheduler_timers', (floor(extract(epoch FROM earliest) * 1000000))::bigint::text);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER timer_insert_notify AFTER INSERT ON scheduler.timer
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION scheduler.notify_timers();
CREATE TRIGGER timer_update_notify AFTER UPDATE ON scheduler.timer
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION scheduler.notify_timers();
