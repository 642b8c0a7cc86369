-- E-mail: each person's preference, and the messages to send (one per notification, or one digest a day).
CREATE TABLE notifier.email_preference (
  person_id   text PRIMARY KEY,
  delivery    integer NOT NULL,              -- tdkt.v1.EmailDelivery number
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Notifications waiting for a person's daily digest.
CREATE TABLE notifier.digest_item (
  notification_id bigint PRIMARY KEY REFERENCES notifier.notification (id) ON DELETE CASCADE,
  person_id       text NOT NULL
);
CREATE INDEX digest_item_person_idx ON notifier.digest_item (person_id);

-- state: 'pending' (next_attempt_at says when; a sender leases a row by moving it on), 'sent', 'skipped' (the
-- person has no address the notifier may see). A failing SMTP server only delays: attempts go on with backoff.
CREATE TABLE notifier.email_message (
  id               bigserial PRIMARY KEY,
  person_id        text NOT NULL,
  notification_ids bigint[] NOT NULL,
  digest_day       date,                     -- set for a digest
  state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'skipped')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  last_error       text NOT NULL DEFAULT '',
  created_at       timestamptz NOT NULL DEFAULT now(),
  sent_at          timestamptz
);
CREATE INDEX email_message_due_idx ON notifier.email_message (next_attempt_at) WHERE state = 'pending';

-- One digest run per day across replicas.
CREATE TABLE notifier.digest_run (
  day     date PRIMARY KEY,
  ran_at  timestamptz NOT NULL DEFAULT now()
);
