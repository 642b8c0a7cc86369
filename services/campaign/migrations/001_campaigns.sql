-- The campaign service's schema: campaigns (emulation movements and year plans) with their rounds, targets and
-- due dates, registrations for titles, and the handoff of due dates to the scheduler. A handoff row is written
-- in the transaction that creates or changes a campaign (or registers an organisation), and a worker tells the
-- scheduler, one row at a time per campaign, in order (services/campaign/handoff_worker.h).
CREATE SCHEMA IF NOT EXISTS campaign;

-- Idempotent request ids (services/common/idempotency.h).
CREATE TABLE campaign.idempotency (
  request_id  text PRIMARY KEY,
  fingerprint bytea NOT NULL,
  response    bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE campaign.campaign (
  id              text PRIMARY KEY,
  plan_id         text UNIQUE,                   -- data/plans id when loaded from a plan file
  document_number text NOT NULL DEFAULT '',
  document_date   date,
  name_vi         text NOT NULL,
  theme_vi        text NOT NULL DEFAULT '',
  issuer_vi       text NOT NULL DEFAULT '',
  issuing_org_id  text NOT NULL,
  covers_org_id   text NOT NULL,
  -- covers_org_id and its ancestors when the campaign was created (as of a day of its period): who sits above
  -- the covered organisations and may read the campaign.
  covers_path     text[] NOT NULL,
  valid_from      date NOT NULL,
  valid_until     date NOT NULL,
  share_label_vi  text,                          -- direct_worker_share; NULL = no rule
  share_min       double precision,
  share_strictly_above boolean,
  share_award_codes text[],
  version         bigint NOT NULL DEFAULT 1,
  created_by      text NOT NULL,                 -- person id, or "seed:plans"
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);
CREATE INDEX campaign_covers_idx ON campaign.campaign (covers_org_id);
CREATE INDEX campaign_period_idx ON campaign.campaign (valid_from DESC, id);

CREATE TABLE campaign.round (
  campaign_id text NOT NULL REFERENCES campaign.campaign (id),
  round_no    integer NOT NULL,                  -- order as given
  name_vi     text NOT NULL,
  starts_on   date NOT NULL,
  ends_on     date NOT NULL,
  PRIMARY KEY (campaign_id, round_no)
);

CREATE TABLE campaign.target (
  campaign_id text NOT NULL REFERENCES campaign.campaign (id),
  target_no   integer NOT NULL,
  label_vi    text NOT NULL,
  award_codes text[] NOT NULL,
  min_count   integer NOT NULL,
  max_count   integer,                           -- NULL = no upper bound
  PRIMARY KEY (campaign_id, target_no)
);

-- One row per (campaign, kind) ever set; a removed due date keeps its row (removed) for the scheduler's id.
CREATE TABLE campaign.due_date (
  campaign_id      text NOT NULL REFERENCES campaign.campaign (id),
  kind             smallint NOT NULL,            -- tdkt.v1.PlanDueKind
  due_no           integer NOT NULL,             -- order as given
  due_on           date NOT NULL,
  opens_on         date,
  applies_to_level smallint NOT NULL DEFAULT 0,  -- tdkt.v1.OrgLevel; 0 = every level
  note_vi          text NOT NULL DEFAULT '',
  removed          boolean NOT NULL DEFAULT false,
  handoff_state    smallint NOT NULL,            -- tdkt.v1.HandoffState of its latest handoff
  scheduler_deadline_id text,                    -- once the scheduler has created it
  scheduler_version bigint,                      -- the deadline's version at the scheduler, for changes
  last_error       text NOT NULL DEFAULT '',
  PRIMARY KEY (campaign_id, kind)
);

CREATE TABLE campaign.registration (
  id            text PRIMARY KEY,
  campaign_id   text NOT NULL REFERENCES campaign.campaign (id),
  org_id        text NOT NULL,
  org_path      text[] NOT NULL,                 -- org_id and its ancestors on the day of registration
  nominee_key   text NOT NULL,                   -- person id, or kind, name and birth year: one registration each
  nominee       bytea NOT NULL,                  -- tdkt.v1.Nominee (no ID number)
  award_codes   text[] NOT NULL,
  pledge_vi     text NOT NULL DEFAULT '',
  registered_on date NOT NULL,
  late          boolean NOT NULL,
  registered_by text NOT NULL,
  registered_at timestamptz NOT NULL,
  version       bigint NOT NULL DEFAULT 1,
  UNIQUE (campaign_id, org_id, nominee_key)
);
CREATE INDEX registration_campaign_idx ON campaign.registration (campaign_id, registered_at, id);
CREATE INDEX registration_org_idx ON campaign.registration (org_id, registered_at, id);

-- What the scheduler must be told, in id order per campaign. action: 1 create, 2 update, 3 cancel the
-- deadline of (campaign, due_kind); 4 mark it done for org_id. state: tdkt.v1.HandoffState. The request id sent
-- is derived from (campaign_id, id), so a retry is the same request.
CREATE TABLE campaign.handoff (
  id              bigserial PRIMARY KEY,
  campaign_id     text NOT NULL REFERENCES campaign.campaign (id),
  action          smallint NOT NULL,
  due_kind        smallint NOT NULL,
  org_id          text NOT NULL DEFAULT '',
  state           smallint NOT NULL DEFAULT 1,
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text NOT NULL DEFAULT '',
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  created_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz
);
CREATE INDEX handoff_pending_idx ON campaign.handoff (campaign_id, id) WHERE state = 1;
-- An organisation is marked done once per deadline, however many of its people register (again when the
-- deadline is made later, after an earlier mark found none).
CREATE UNIQUE INDEX handoff_done_once_idx ON campaign.handoff (campaign_id, due_kind, org_id)
  WHERE action = 4 AND state IN (1, 2);
