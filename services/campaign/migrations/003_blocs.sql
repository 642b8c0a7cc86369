-- Emulation blocs and their pledges (khối thi đua, giao ước thi đua): proto/tdkt/v1/bloc.proto. A member belongs
-- to one bloc per managing organisation and year (bloc_member's unique key); a member signs the pledge once and
-- scores each other member once (primary keys), so that two concurrent requests resolve to one row.
CREATE TABLE campaign.bloc (
  id               text PRIMARY KEY,
  name_vi          text NOT NULL,
  manager_org_id   text NOT NULL,
  year             integer NOT NULL,
  head_org_id      text NOT NULL DEFAULT '',     -- '' until set
  award_code       text NOT NULL,
  award_places     integer NOT NULL CHECK (award_places >= 1),
  state            smallint NOT NULL,            -- tdkt.v1.BlocState
  pledge_version   integer NOT NULL DEFAULT 0,
  criteria         bytea NOT NULL,               -- tdkt.v1.Bloc holding only its criteria
  previous_bloc_id text REFERENCES campaign.bloc (id),
  version          bigint NOT NULL DEFAULT 1,
  created_by       text NOT NULL,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL
);
CREATE INDEX bloc_manager_year_idx ON campaign.bloc (manager_org_id, year, id);

CREATE TABLE campaign.bloc_member (
  bloc_id        text NOT NULL REFERENCES campaign.bloc (id),
  org_id         text NOT NULL,
  position       integer NOT NULL,
  manager_org_id text NOT NULL,                  -- the bloc's, for the one-bloc-per-manager-and-year key
  year           integer NOT NULL,
  signed_by      text,
  signed_at      timestamptz,
  PRIMARY KEY (bloc_id, org_id),
  UNIQUE (manager_org_id, year, org_id)
);

CREATE TABLE campaign.bloc_scoring (
  bloc_id       text NOT NULL REFERENCES campaign.bloc (id),
  scorer_org_id text NOT NULL,
  scored_org_id text NOT NULL,
  scores        integer[] NOT NULL,              -- in the pledge's criteria order
  scored_by     text NOT NULL,
  scored_at     timestamptz NOT NULL,
  PRIMARY KEY (bloc_id, scorer_org_id, scored_org_id),
  CHECK (scorer_org_id <> scored_org_id)
);

-- The ranking fixed when the head closed the scoring (tdkt.v1.BlocRanking).
CREATE TABLE campaign.bloc_result (
  bloc_id text PRIMARY KEY REFERENCES campaign.bloc (id),
  ranking bytea NOT NULL
);

-- What happened to a bloc, in the transaction of the change: who did what, when (no personal data).
CREATE TABLE campaign.bloc_event (
  id       bigserial PRIMARY KEY,
  bloc_id  text NOT NULL REFERENCES campaign.bloc (id),
  kind     text NOT NULL,                        -- CREATED, MEMBERS_ADDED, HEAD_SET, PLEDGE_SET, SIGNED, FROZEN, SCORED, CLOSED
  org_id   text NOT NULL DEFAULT '',             -- the member concerned, if any
  actor    text NOT NULL,                        -- person id
  at       timestamptz NOT NULL
);
CREATE INDEX bloc_event_bloc_idx ON campaign.bloc_event (bloc_id, id);
