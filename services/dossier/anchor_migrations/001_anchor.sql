-- The anchors of the dossier histories (services/dossier/history_anchor.h), kept outside the schema `dossier` and
-- written through their own connection (tdkt-dossier --anchor-pg-url), so that in production the dossier's own
-- database role may read them but not write them (docs/architecture.md §9). Each checkpoint signs, for every
-- dossier changed since the one before, the head of its history (version and hash); VerifyHistory checks the
-- history against them.
CREATE SCHEMA IF NOT EXISTS anchor;

-- One row per checkpoint that anchored something. through_updated_at: the latest dossier.updated_at it covered;
-- the next checkpoint looks for changed dossiers from there, less a margin for transactions that committed late.
CREATE TABLE anchor.checkpoint (
  id                 bigserial PRIMARY KEY,
  taken_at           timestamptz NOT NULL,
  through_updated_at timestamptz NOT NULL,
  head_count         integer NOT NULL
);

-- One signed head per dossier and anchored version. signature: Ed25519 by public_key over the statement of
-- history_anchor.h (dossier_id, version, hash, checkpoint_id, anchored_at); public_key must be the dossier
-- service's anchor key. No foreign key to dossier.dossier: the schemas have different owners, and an anchor
-- outlives any edit of the dossier's tables.
CREATE TABLE anchor.head (
  dossier_id    text NOT NULL,
  version       bigint NOT NULL CHECK (version >= 1),
  hash          text NOT NULL,
  checkpoint_id bigint NOT NULL REFERENCES anchor.checkpoint (id),
  anchored_at   timestamptz NOT NULL,
  public_key    bytea NOT NULL,
  signature     bytea NOT NULL,
  PRIMARY KEY (dossier_id, version)
);
