-- The notifier's schema: the in-app notifications made from events on tdkt:events, the events already applied
-- (idempotency, keyed by event_id, claimed in the same transaction as the notifications), and the failures of
-- stream entries that could not be applied yet.
CREATE SCHEMA IF NOT EXISTS notifier;

-- services/common/idempotency.h: consumed event ids and the request ids of mutating RPCs.
CREATE TABLE notifier.idempotency (
  request_id  text PRIMARY KEY,
  fingerprint bytea NOT NULL,
  response    bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per person told about one event. Ids are handed out under a transaction-level advisory lock held
-- until commit (notification_store.cc), so a person's notifications become visible in id order: a reader that
-- has seen id n and later reads "id > n" misses nothing (WatchNotifications relies on it).
CREATE TABLE notifier.notification (
  id          bigserial PRIMARY KEY,
  person_id   text NOT NULL,
  event_id    text NOT NULL,
  event_type  integer NOT NULL,          -- tdkt.v1.EventType number
  severity    integer NOT NULL,          -- tdkt.v1.NotificationSeverity number
  dossier_id  text NOT NULL DEFAULT '',
  title_vi    text NOT NULL,
  body_vi     text NOT NULL,
  link        text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now(),
  read_at     timestamptz,
  UNIQUE (event_id, person_id)
);
-- ListNotifications: unread first, then newest first.
CREATE INDEX notification_list_idx ON notifier.notification (person_id, (read_at IS NOT NULL), id DESC);
CREATE INDEX notification_unread_idx ON notifier.notification (person_id, id) WHERE read_at IS NULL;

-- Stream entries whose application failed, with how often: after the limit they go to tdkt:dead. Shared by the
-- replicas, so an entry claimed from a crashed consumer keeps its count.
CREATE TABLE notifier.event_failure (
  entry_id    text PRIMARY KEY,          -- the Redis stream entry id
  event_id    text NOT NULL DEFAULT '',
  failures    integer NOT NULL,
  last_error  text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
