-- Organisations in time (docs/architecture.md §1): a level, a parent, a validity range and an optional successor, so that
-- the 2025 reform (districts end on 2025-06-30, communes and provinces merge) is data, not code.
-- One row is one organisation for one period. A commune that moves from its district to the province on
-- 2025-07-01 is two rows with the same code: the old one closes and names the new one as successor. The
-- parent of a row therefore never changes, and "ancestors as of a date" is a walk up parent_id.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE directory.organisation (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code          text NOT NULL CHECK (code ~ '^[A-Za-z0-9._-]{1,64}$'),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  short_name    text NOT NULL DEFAULT '' CHECK (length(short_name) <= 100),
  level         smallint NOT NULL CHECK (level BETWEEN 1 AND 5),  -- tdkt.v1.OrgLevel
  parent_id     bigint REFERENCES directory.organisation (id),
  valid_from    date NOT NULL,
  valid_until   date,                                              -- inclusive; NULL = open-ended
  successor_id  bigint REFERENCES directory.organisation (id),
  version       bigint NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_until IS NULL OR valid_until >= valid_from),
  CHECK (parent_id IS NULL OR parent_id <> id),
  CHECK (successor_id IS NULL OR successor_id <> id),
  -- A code names one organisation at a time (Organization.code in directory.proto).
  EXCLUDE USING gist (code WITH =, daterange(valid_from, valid_until, '[]') WITH &&)
);
CREATE INDEX organisation_parent ON directory.organisation (parent_id);
CREATE INDEX organisation_code ON directory.organisation (code);

-- ---- people, roles, councils, idempotency ----
-- (One file until cmake/TdktMigrations.cmake passes more than one SQL file intact: its list of files is split
-- by the shell at ';')
-- People, their dated roles at organisations, and councils with their members (docs/architecture.md §1).
-- Personal data (ID number, email, phone) is stored encrypted by the service (XChaCha20-Poly1305, key from
-- --pii-key): the database and its backups never hold it in clear.
CREATE TABLE directory.person (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  full_name        text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
  name_folded      text NOT NULL,  -- lower case without diacritics, for accent-insensitive search
  username         text UNIQUE CHECK (username ~ '^[a-z0-9._-]{3,64}$'),
  id_number_enc    bytea,          -- nonce || ciphertext; NULL = none
  email_enc        bytea,
  phone_enc        bytea,
  password_hash    text,           -- argon2id (crypto_pwhash_str); NULL = cannot log in
  gender           smallint NOT NULL DEFAULT 0 CHECK (gender BETWEEN 0 AND 2),  -- 0 unknown, 1 female, 2 male
  birth_year       smallint CHECK (birth_year BETWEEN 1900 AND 2100),
  active           boolean NOT NULL DEFAULT true,
  service_account  boolean NOT NULL DEFAULT false,
  version          bigint NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE directory.role_assignment (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id    bigint NOT NULL REFERENCES directory.person (id),
  org_id       bigint NOT NULL REFERENCES directory.organisation (id),
  role         smallint NOT NULL CHECK (role IN (1, 2, 5, 6)),  -- tdkt.v1.Role; council roles come from councils
  valid_from   date NOT NULL,
  valid_until  date,
  version      bigint NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_until IS NULL OR valid_until >= valid_from),
  EXCLUDE USING gist (person_id WITH =, org_id WITH =, role WITH =,
                      daterange(valid_from, valid_until, '[]') WITH &&)
);
CREATE INDEX role_assignment_org ON directory.role_assignment (org_id);
CREATE INDEX role_assignment_person ON directory.role_assignment (person_id);

CREATE TABLE directory.council (
  id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id                 bigint NOT NULL REFERENCES directory.organisation (id),
  name                   text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  term_from              date NOT NULL,
  term_until             date,
  establishing_decision  text NOT NULL DEFAULT '' CHECK (length(establishing_decision) <= 100),
  version                bigint NOT NULL DEFAULT 1,
  created_at             timestamptz NOT NULL DEFAULT now(),
  CHECK (term_until IS NULL OR term_until >= term_from),
  EXCLUDE USING gist (org_id WITH =, daterange(term_from, term_until, '[]') WITH &&)
);

CREATE TABLE directory.council_member (
  council_id  bigint NOT NULL REFERENCES directory.council (id) ON DELETE CASCADE,
  person_id   bigint NOT NULL REFERENCES directory.person (id),
  position    smallint NOT NULL CHECK (position BETWEEN 1 AND 5),  -- tdkt.v1.CouncilPosition
  title       text NOT NULL DEFAULT '' CHECK (length(title) <= 200),
  voting      boolean NOT NULL DEFAULT true,
  ordinal     int NOT NULL,
  PRIMARY KEY (council_id, person_id)
);
-- Exactly one chair per council: at most one here, at least one checked by the service.
CREATE UNIQUE INDEX council_one_chair ON directory.council_member (council_id) WHERE position = 1;
CREATE INDEX council_member_person ON directory.council_member (person_id);

-- Idempotency of mutating RPCs: a retry with the same request_id and the same request gets the stored
-- response; the same id with another request is refused.
CREATE TABLE directory.idempotency (
  request_id    text PRIMARY KEY,
  method        text NOT NULL,
  request_hash  bytea NOT NULL,
  response      bytea NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
