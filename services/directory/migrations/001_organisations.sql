-- Organisations in time (DESIGN §3): a level, a parent, a validity range and an optional successor, so that
-- the 2025 reform (districts end on 2025-06-30, communes and provinces merge) is data, not code.
CREATE TABLE directory.organisation (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code         text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9._-]{1,64}$'),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  level        smallint NOT NULL CHECK (level BETWEEN 1 AND 5),  -- tdkt.v1.OrgLevel
  parent_id    bigint REFERENCES directory.organisation (id),
  valid_from   date NOT NULL,
  valid_until  date,                                              -- inclusive; NULL = open-ended
  successor_id bigint REFERENCES directory.organisation (id),
  version      bigint NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_until IS NULL OR valid_until >= valid_from)
);
CREATE INDEX organisation_parent ON directory.organisation (parent_id);
