-- The dossier service's schema (docs/architecture.md §1): one row per dossier with its snapshot, the hash-chained history,
-- appraisal deadlines, the outbox that a relay publishes to Redis, and idempotency records. Every transition
-- writes all of them in one transaction.
CREATE SCHEMA IF NOT EXISTS dossier;

CREATE TABLE dossier.dossier (
  id               text PRIMARY KEY,
  tracking_code    text NOT NULL UNIQUE,          -- GetPublicStatus key
  snapshot         text NOT NULL,                 -- workflow::DossierSnapshot as JSON (snapshot_codec)
  state            text NOT NULL,                 -- copies of snapshot fields, for inbox and search queries
  level_index      integer NOT NULL,
  holder_org_id    text NOT NULL,
  origin_org_id    text NOT NULL,
  award_code       text NOT NULL,
  year             integer NOT NULL,
  nominee_name     text NOT NULL,
  nominee          bytea NOT NULL,                -- tdkt.v1.Nominee (holds the ID number: never copied elsewhere)
  due_date         date,                          -- of the running deadline
  submitted_at     timestamptz,
  state_changed_at timestamptz NOT NULL,
  published_on     date,
  version          bigint NOT NULL CHECK (version >= 1),
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL
);
CREATE INDEX dossier_holder_state_idx ON dossier.dossier (holder_org_id, state, due_date);
CREATE INDEX dossier_origin_idx ON dossier.dossier (origin_org_id, updated_at DESC);
CREATE INDEX dossier_state_level_idx ON dossier.dossier (state, level_index);
CREATE INDEX dossier_award_year_idx ON dossier.dossier (award_code, year);
CREATE INDEX dossier_due_date_idx ON dossier.dossier (due_date) WHERE due_date IS NOT NULL;
CREATE INDEX dossier_nominee_name_idx ON dossier.dossier (lower(nominee_name));
CREATE INDEX dossier_updated_idx ON dossier.dossier (updated_at DESC, id);

-- One row per accepted command (seq = the dossier version it produced). payload is the exact JSON text that
-- was hashed: hash = SHA-256(prev_hash ‖ '\n' ‖ payload), prev_hash of seq 1 is 64 zeros (history_hash.h).
CREATE TABLE dossier.event (
  dossier_id  text NOT NULL REFERENCES dossier.dossier (id),
  seq         bigint NOT NULL CHECK (seq >= 1),
  version     bigint NOT NULL,
  type        text NOT NULL,
  actor_id    text NOT NULL,
  occurred_at timestamptz NOT NULL,
  payload     text NOT NULL,
  prev_hash   text NOT NULL,
  hash        text NOT NULL,
  PRIMARY KEY (dossier_id, seq)
);

-- Appraisal deadlines: one row per level visit (deadline_no counts them per dossier); state RUNNING, PAUSED or
-- CLEARED. pauses is a JSON list of [returned_on, resubmitted_on] dates (calendar/paused_working_days.h).
CREATE TABLE dossier.deadline (
  dossier_id       text NOT NULL REFERENCES dossier.dossier (id),
  deadline_no      integer NOT NULL,
  level_index      integer NOT NULL,
  org_id           text NOT NULL,
  received_at      timestamptz NOT NULL,
  working_days     integer NOT NULL,
  due_date         date,
  paused_at        timestamptz,
  pauses           text NOT NULL DEFAULT '[]',
  escalation_count integer NOT NULL DEFAULT 0,
  state            text NOT NULL,
  PRIMARY KEY (dossier_id, deadline_no)
);
CREATE INDEX deadline_live_idx ON dossier.deadline (due_date) WHERE state = 'RUNNING';

-- Events for the relay (at-least-once to the Redis stream tdkt:events), in id order.
CREATE TABLE dossier.outbox (
  id           bigserial PRIMARY KEY,
  event_id     text NOT NULL UNIQUE,
  dossier_id   text NOT NULL,
  event_seq    bigint NOT NULL,
  type         text NOT NULL,
  envelope     bytea NOT NULL,                    -- tdkt.v1.EventEnvelope
  created_at   timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX outbox_unpublished_idx ON dossier.outbox (id) WHERE published_at IS NULL;

-- request_sha256 covers the method, the caller and the request bytes; response is the serialized first
-- response without the nominee's ID number.
CREATE TABLE dossier.idempotency (
  request_id     text PRIMARY KEY,
  request_sha256 text NOT NULL,
  response       bytea NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);
