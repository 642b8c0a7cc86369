-- The working-day calendar as operational data (docs/architecture.md, "The calendar"): each year's official
-- arrangement of days off as stored data, one global version incremented by every change, and an audit row per
-- change. Seeded once from data/holidays/ (DossierServer, CalendarStore::Seed), changed only through
-- CalendarService.SetCalendarYear, whose transaction also writes the audit row and a CALENDAR_CHANGED outbox row.

-- One row: the calendar's version and what every version shares (the optional holidays, as seeded).
CREATE TABLE dossier.calendar_state (
  singleton         boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  version           bigint NOT NULL CHECK (version >= 1),
  optional_holidays bytea NOT NULL,         -- tdkt.v1.OptionalHolidays
  updated_at        timestamptz NOT NULL
);

-- One row per officially arranged year; a year without a row follows the default rules.
CREATE TABLE dossier.calendar_year (
  year        integer PRIMARY KEY CHECK (year BETWEEN 1900 AND 2100),
  arrangement bytea NOT NULL,               -- tdkt.v1.YearArrangement, checked (workflow/loader/year_arrangement_check.h)
  version     bigint NOT NULL,              -- the calendar version that wrote it
  updated_at  timestamptz NOT NULL
);

-- Who changed which year, when, why, from which version to which, and the arrangement before and after.
CREATE TABLE dossier.calendar_change (
  id                   bigserial PRIMARY KEY,
  previous_version     bigint NOT NULL,     -- 0 for the seeding
  version              bigint NOT NULL,
  year                 integer NOT NULL,
  changed_by           text NOT NULL,       -- person id; '' for the seeding
  changed_by_name      text NOT NULL,       -- the person's full name in the directory then
  changed_at           timestamptz NOT NULL,
  reason               text NOT NULL,
  previous_arrangement bytea,               -- NULL: the year followed the default rules before
  arrangement          bytea NOT NULL
);
CREATE INDEX calendar_change_year_idx ON dossier.calendar_change (year, id);

-- The calendar version each deadline's due date was computed with (or confirmed against after a change): the
-- open deadlines below the current version are the ones a change may still have to recompute
-- (services/dossier/deadline_recalculator.h). Deadlines written before this migration read 0.
ALTER TABLE dossier.deadline ADD COLUMN calendar_version bigint NOT NULL DEFAULT 0;
CREATE INDEX deadline_calendar_version_idx ON dossier.deadline (calendar_version, dossier_id)
  WHERE state IN ('RUNNING', 'PAUSED');

-- Tells every dossier replica that the calendar changed (services/dossier/calendar_watcher.h): delivered at commit
-- only, with the new version as payload (the replica reads the table, which is the truth).
CREATE FUNCTION dossier.notify_calendar() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('dossier_calendar', NEW.version::text);
  RETURN NULL;
END
$$;
CREATE TRIGGER calendar_notify AFTER INSERT OR UPDATE ON dossier.calendar_state
  FOR EACH ROW EXECUTE FUNCTION dossier.notify_calendar();
