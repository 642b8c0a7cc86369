-- The reports' read model (services/campaign/report_applier.h, proto/tdkt/v1/report.proto): pre-aggregated
-- counters kept by the consumer group `campaign-reports` on tdkt:events, so that a report over a province's
-- history reads a few thousand counter rows whatever the number of dossiers. Every counter row is kept for each
-- organisation on the dossier's origin path (the origin unit and its ancestors when the dossier was created, from
-- the events' origin_org_path) and a month (its first day, Asia/Ho_Chi_Minh): the report of a subtree reads the
-- rows of its root only.

-- What the consumer keeps of one dossier: where it counts now, so that an event moves it between cells, and the
-- last dossier version applied with the event types applied at that version (a bit per tdkt.v1.EventType value):
-- an older version, or a type already applied at the same version, is a redelivery and changes nothing.
CREATE TABLE campaign.report_dossier (
  dossier_id        text PRIMARY KEY,
  applied_version   bigint NOT NULL,
  applied_types     bigint NOT NULL,
  org_path          text[] NOT NULL,               -- origin unit first, then its ancestors
  opened_month      date NOT NULL,
  award_code        text NOT NULL,
  state             smallint NOT NULL,
  level             smallint NOT NULL,
  individual        boolean NOT NULL,
  female            boolean NOT NULL,
  direct_worker     boolean NOT NULL,
  decided_month     date,                          -- while the award stands granted (DECIDED, PUBLISHED)
  live_deadline_id  text NOT NULL DEFAULT '',      -- from the last DEADLINE_SET
  overdue_deadline_id text NOT NULL DEFAULT '',    -- the deadline last counted overdue (once per deadline)
  complaint_open    boolean NOT NULL DEFAULT false  -- reopened by a complaint, no outcome since
);

-- Dossiers opened in a month, by where they are now (org_id: an organisation on their origin path).
CREATE TABLE campaign.report_dossier_count (
  org_id       text NOT NULL,
  month        date NOT NULL,
  level        smallint NOT NULL,
  award_code   text NOT NULL,
  state        smallint NOT NULL,
  dossiers     bigint NOT NULL,
  PRIMARY KEY (org_id, month, level, award_code, state)
);

-- Awards granted with the decision in a month.
CREATE TABLE campaign.report_award_count (
  org_id            text NOT NULL,
  month             date NOT NULL,
  award_code        text NOT NULL,
  decided           bigint NOT NULL,
  to_individuals    bigint NOT NULL,
  to_women          bigint NOT NULL,
  to_direct_workers bigint NOT NULL,
  PRIMARY KEY (org_id, month, award_code)
);

-- Level appraisals ended in a month, by their length in working days (capped at 60: a histogram from which the
-- 90th percentile is read) with the exact sum of days for the average.
CREATE TABLE campaign.report_appraisal_count (
  org_id       text NOT NULL,
  month        date NOT NULL,
  level        smallint NOT NULL,
  working_days smallint NOT NULL,
  appraisals   bigint NOT NULL,
  days_sum     bigint NOT NULL,
  PRIMARY KEY (org_id, month, level, working_days)
);

-- Level appraisals found overdue in a month (ended late, or escalated while open), once per deadline.
CREATE TABLE campaign.report_overdue_count (
  org_id  text NOT NULL,
  month   date NOT NULL,
  level   smallint NOT NULL,
  overdue bigint NOT NULL,
  PRIMARY KEY (org_id, month, level)
);

-- Complaints filed, and reopened dossiers that reached an outcome again, in a month.
CREATE TABLE campaign.report_complaint_count (
  org_id   text NOT NULL,
  month    date NOT NULL,
  received bigint NOT NULL,
  resolved bigint NOT NULL,
  PRIMARY KEY (org_id, month)
);
