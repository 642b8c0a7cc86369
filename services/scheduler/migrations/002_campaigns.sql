-- Campaign deadlines: a due date an organisation sets for its subtree (e.g. registrations before 15/02), and
-- the organisations of the subtree that have acted. Their reminders are ordinary timer rows with
-- campaign_deadline_id set, one per (campaign, organisation, kind, step).
CREATE TABLE scheduler.campaign_deadline (
  id               text PRIMARY KEY,
  org_id           text NOT NULL,                  -- the setting organisation
  kind             smallint NOT NULL,              -- tdkt.v1.CampaignDeadlineKind
  name_vi          text NOT NULL,
  year             integer NOT NULL,
  award_codes      text[] NOT NULL DEFAULT '{}',
  applies_to_level smallint NOT NULL DEFAULT 0,    -- tdkt.v1.OrgLevel; 0 = every level
  opens_on         date,
  due_on           date NOT NULL,
  remind_days      integer[] NOT NULL,             -- working days before due_on
  cancelled        boolean NOT NULL DEFAULT false,
  version          bigint NOT NULL DEFAULT 1,
  created_by       text NOT NULL,                  -- person id
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX campaign_deadline_org_idx ON scheduler.campaign_deadline (org_id, due_on);

CREATE TABLE scheduler.campaign_done (
  campaign_deadline_id text NOT NULL REFERENCES scheduler.campaign_deadline (id),
  org_id               text NOT NULL,
  done_by              text NOT NULL,              -- person id
  done_at              timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign_deadline_id, org_id)
);

CREATE INDEX timer_live_by_campaign_idx ON scheduler.timer (campaign_deadline_id, org_id)
  WHERE status IN (1, 2) AND campaign_deadline_id <> '';
