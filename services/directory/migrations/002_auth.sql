-- Login and signed tokens (docs/architecture.md §1): signing keys, refresh tokens, login throttling and the system
-- administrator. Every instant here is written by the service from its injected clock (not now()), so that
-- tests with a fake clock and the database agree on what "expired" means.

-- Ed25519 signing keys of the access tokens. The 32-byte seed is sealed with the PII cipher (--pii-key,
-- XChaCha20-Poly1305, associated data "signing_key_seed"): a database dump alone cannot mint tokens. Without
-- --pii-key the directory issues no tokens at all. not_after NULL = the current key (at most one); a rotated
-- key keeps its row until its last token has expired, so that every replica publishes it.
CREATE TABLE directory.signing_key (
  key_id      text PRIMARY KEY,
  seed_enc    bytea NOT NULL,
  not_before  timestamptz NOT NULL,
  not_after   timestamptz,
  CHECK (not_after IS NULL OR not_after >= not_before)
);
CREATE UNIQUE INDEX signing_key_one_current ON directory.signing_key ((true)) WHERE not_after IS NULL;

-- Refresh tokens: 256 random bits given to the client once; only their SHA-256 is stored. A login starts a
-- family; every Refresh revokes the presented token and adds its successor (replaced_by) to the family.
-- Presenting a revoked token again means it was copied: the whole family is revoked.
CREATE TABLE directory.refresh_token (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  token_hash   bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  family_id    bigint NOT NULL,  -- the id of the family's first token
  person_id    bigint NOT NULL REFERENCES directory.person (id),
  access_token_id text NOT NULL,  -- jti of the access token issued with it: the session ChangePassword keeps
  issued_at    timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  revoked_at   timestamptz,
  replaced_by  bigint REFERENCES directory.refresh_token (id)
);
CREATE INDEX refresh_token_family ON directory.refresh_token (family_id);
CREATE INDEX refresh_token_person ON directory.refresh_token (person_id) WHERE revoked_at IS NULL;

-- Login throttling, one row per throttled subject: kind 'user' (the username as typed, known or not, so that
-- the lockout reveals nothing about which usernames exist) or 'source' (the client address). subject_hash is
-- SHA-256 of the subject: neither usernames (a password typed into the wrong field) nor addresses are stored
-- in clear. failures count inside a window starting at window_start; reaching the limit locks the subject
-- until locked_until, for a period that doubles with each lockout (lockouts).
CREATE TABLE directory.login_throttle (
  kind          text NOT NULL CHECK (kind IN ('user', 'source')),
  subject_hash  bytea NOT NULL,
  failures      int NOT NULL DEFAULT 0,
  window_start  timestamptz NOT NULL,
  locked_until  timestamptz,
  lockouts      int NOT NULL DEFAULT 0,
  PRIMARY KEY (kind, subject_hash)
);

-- The system administrator: ROLE_ADMIN over every organisation ("*" in tokens), who may create root
-- organisations and import CSV files. Kept apart from role_assignment (whose org_id always names an
-- organisation) so that organisation queries never meet a row without one. Created by
-- `tdkt-directory-admin create-system-admin`.
CREATE TABLE directory.system_admin (
  person_id   bigint PRIMARY KEY REFERENCES directory.person (id),
  created_at  timestamptz NOT NULL DEFAULT now()
);
