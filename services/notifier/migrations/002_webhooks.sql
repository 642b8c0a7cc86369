-- Webhook subscriptions of organisations, the deliveries each event causes, and every HTTP attempt.
CREATE TABLE notifier.webhook_subscription (
  id           bigserial PRIMARY KEY,
  org_id       text NOT NULL,
  url          text NOT NULL,
  event_types  integer[] NOT NULL DEFAULT '{}',   -- tdkt.v1.EventType numbers; empty = every dossier event
  active       boolean NOT NULL,
  secret       bytea NOT NULL,                    -- the HMAC key; write-only through the API
  description  text NOT NULL DEFAULT '',
  version      bigint NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_subscription_org_idx ON notifier.webhook_subscription (org_id, id);

-- state: 'pending' (next_attempt_at says when), 'delivered', 'dead' (a dead letter). A worker takes a pending
-- row by moving next_attempt_at past the HTTP timeout (a lease), so that a crashed worker's delivery is tried
-- again later and never by two workers at once.
CREATE TABLE notifier.webhook_delivery (
  id               bigserial PRIMARY KEY,
  subscription_id  bigint NOT NULL REFERENCES notifier.webhook_subscription (id) ON DELETE CASCADE,
  event_id         text NOT NULL,
  event_type       integer NOT NULL,
  payload          bytea NOT NULL,            -- the serialized tdkt.v1.EventEnvelope
  state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  first_attempt_at timestamptz,
  last_attempt_at  timestamptz,
  last_http_status integer NOT NULL DEFAULT 0,
  last_error       text NOT NULL DEFAULT '',
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (subscription_id, event_id)
);
CREATE INDEX webhook_delivery_due_idx ON notifier.webhook_delivery (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_delivery_dead_idx ON notifier.webhook_delivery (subscription_id, last_attempt_at DESC, id)
  WHERE state = 'dead';

-- attempt restarts at 1 when a dead letter is retried; id keeps the order.
CREATE TABLE notifier.webhook_attempt (
  id               bigserial PRIMARY KEY,
  delivery_id      bigint NOT NULL REFERENCES notifier.webhook_delivery (id) ON DELETE CASCADE,
  attempt          integer NOT NULL,
  started_at       timestamptz NOT NULL,
  latency_ms       integer NOT NULL,
  http_status      integer NOT NULL,
  error            text NOT NULL,
  delivered        boolean NOT NULL,
  next_attempt_at  timestamptz
);
CREATE INDEX webhook_attempt_delivery_idx ON notifier.webhook_attempt (delivery_id, id);
