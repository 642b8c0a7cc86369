-- Documents stored with their dossier, and what the inbox, search and public status queries need.
--
-- Accent-insensitive names: unaccent (contrib, trusted since PostgreSQL 13) strips Vietnamese diacritics. Some
-- versions' unaccent.rules lack đ/Đ → d (PostgreSQL 15's has them), so fold_name translates them itself. The
-- function pins the dictionary by schema-qualified name, so it is safe to declare IMMUTABLE and to index.
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

-- "Nguyễn Văn Đồng" → "nguyen van dong"; input in NFD folds the same as NFC; whitespace runs become one space.
CREATE FUNCTION dossier.fold_name(name text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN lower(translate(public.unaccent('public.unaccent'::regdictionary, normalize(name, NFC)), 'đĐ', 'dd'));

ALTER TABLE dossier.dossier
  ADD COLUMN nominee_name_folded text GENERATED ALWAYS AS (
    regexp_replace(btrim(dossier.fold_name(nominee_name)), '\s+', ' ', 'g')) STORED,
  -- The origin unit and its ancestors when the dossier was created, origin first. The holder is always the
  -- origin or one of these, so "origin or holder within subtree X" is "X = ANY(origin_org_path)".
  ADD COLUMN origin_org_path text[],
  -- workflow::OrgLevel of level_index in the pinned chain (0 unit, 1 commune, 2 district, 3 province, 4 central).
  ADD COLUMN current_level smallint;
-- Rows created before this migration: the origin itself is all that is known of their path.
UPDATE dossier.dossier SET origin_org_path = ARRAY[origin_org_id] WHERE origin_org_path IS NULL;
ALTER TABLE dossier.dossier ALTER COLUMN origin_org_path SET NOT NULL;

-- Inbox: the dossiers held (or originated) by an organisation in given states, due date ascending with no
-- due date last (COALESCE to 'infinity'), then id: the keyset of ListInbox.
DROP INDEX dossier.dossier_holder_state_idx;
CREATE INDEX dossier_inbox_holder_idx
  ON dossier.dossier (holder_org_id, state, (COALESCE(due_date, 'infinity'::date)), id);
CREATE INDEX dossier_inbox_origin_idx
  ON dossier.dossier (origin_org_id, state, (COALESCE(due_date, 'infinity'::date)), id);

-- Search: subtree containment, name substring, and the keyset (updated_at DESC, id DESC).
DROP INDEX dossier.dossier_nominee_name_idx;
CREATE INDEX dossier_origin_path_idx ON dossier.dossier USING gin (origin_org_path);
CREATE INDEX dossier_nominee_folded_idx ON dossier.dossier USING gin (nominee_name_folded public.gin_trgm_ops);
CREATE INDEX dossier_search_order_idx ON dossier.dossier (updated_at, id);

-- One row per uploaded file. Removal is soft (removed_at) so that the history's document ids stay
-- resolvable; removed documents are neither listed nor downloadable. content is checked against sha256 on
-- every download (DATA_LOSS when it no longer matches).
CREATE TABLE dossier.document (
  id            text PRIMARY KEY,
  upload_no     bigserial NOT NULL,                 -- upload order
  dossier_id    text NOT NULL REFERENCES dossier.dossier (id),
  kind          text NOT NULL,
  file_name     text NOT NULL,                      -- NFC, no path separators, ≤ 255 bytes
  content_type  text NOT NULL,
  size_bytes    bigint NOT NULL CHECK (size_bytes >= 0),
  sha256        text NOT NULL,                      -- lower-case hex of content
  content       bytea NOT NULL,
  level         smallint NOT NULL,                  -- workflow::OrgLevel where it was attached
  uploaded_by   text NOT NULL,                      -- person id
  uploaded_org  text NOT NULL,                      -- organisation of the grant that allowed it
  uploaded_at   timestamptz NOT NULL,
  removed_at    timestamptz,
  removed_by    text
);
-- Office files and PDFs are compressed already: skip TOAST compression.
ALTER TABLE dossier.document ALTER COLUMN content SET STORAGE EXTERNAL;
CREATE INDEX document_dossier_idx ON dossier.document (dossier_id, upload_no) WHERE removed_at IS NULL;
