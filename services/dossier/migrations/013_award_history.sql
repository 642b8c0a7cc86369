-- The award history (hồ sơ thành tích, docs/architecture.md "Award history and quotas"): every award a person or
-- a collective received, from a decision made in tdkt (written in the DECIDED transition's transaction) or
-- imported by CSV (AwardHistoryService.ImportAwardHistory). The eligibility rules on earlier awards and the caps
-- on a title as a share of a lower title's holders read it. A complaint that reopens a decided dossier marks its
-- row withdrawn; no row is ever deleted.
CREATE TABLE dossier.award_history (
  id              bigserial PRIMARY KEY,
  subject_kind    text NOT NULL CHECK (subject_kind IN ('PERSON', 'COLLECTIVE')),
  -- The directory person (PERSON) or organisation (COLLECTIVE); '' when a decided dossier's nominee was not linked
  -- to the directory (the row still counts in the caps of its organisation).
  subject_id      text NOT NULL,
  -- The organisation the award counts in (the caps' unit): the dossier's origin, or the import's organisation.
  org_id          text NOT NULL,
  award_code      text NOT NULL,
  year            integer NOT NULL CHECK (year BETWEEN 1945 AND 2100),
  decision_number text NOT NULL,
  decision_date   date NOT NULL,
  issuing_body    text NOT NULL,
  source          text NOT NULL CHECK (source IN ('TDKT', 'IMPORT')),
  dossier_id      text REFERENCES dossier.dossier (id),  -- source TDKT: the decided dossier
  import_id       text,                -- source IMPORT: the request id of the import
  import_line     integer,             -- source IMPORT: the CSV line
  recorded_at     timestamptz NOT NULL,
  recorded_by     text NOT NULL,       -- person id
  withdrawn_at    timestamptz,         -- the decision was revoked (a complaint reopened the dossier)
  CHECK ((source = 'TDKT') = (dossier_id IS NOT NULL)),
  CHECK ((source = 'IMPORT') = (import_id IS NOT NULL AND import_line IS NOT NULL))
);
-- The caps count one organisation's holders of one award in one year.
CREATE INDEX award_history_org_idx ON dossier.award_history (org_id, year, award_code) WHERE withdrawn_at IS NULL;
-- A subject's history (ListAwardHistory, the prior-award rules).
CREATE INDEX award_history_subject_idx ON dossier.award_history (subject_kind, subject_id, year)
  WHERE subject_id <> '';
-- One live row per decided dossier.
CREATE UNIQUE INDEX award_history_dossier_idx ON dossier.award_history (dossier_id) WHERE withdrawn_at IS NULL;

-- One row per (organisation, year, capped award), locked FOR UPDATE by SendToCouncil and DecideDossier on a
-- dossier of that award: the transitions that count against one cap run one after the other, so that no two
-- concurrent ones can overshoot it. The row carries nothing else.
CREATE TABLE dossier.award_quota_lock (
  org_id     text NOT NULL,
  year       integer NOT NULL,
  award_code text NOT NULL,
  PRIMARY KEY (org_id, year, award_code)
);
