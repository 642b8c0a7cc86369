-- One row per (campaign, target) with an upper bound — the target's award codes, sorted, joined with '+' — locked
-- FOR UPDATE by SendToCouncil and DecideDossier (and a granted external outcome) on a dossier the target counts
-- (docs/architecture.md "Award history and quotas"): the transitions counting against one plan target run one
-- after the other, so that no two concurrent ones can overshoot its max. The targets themselves stay in the
-- campaign service; the row carries nothing else. Locked after the dossier's row and its cap's row
-- (dossier.award_quota_lock), in (campaign_id, award_codes) order.
CREATE TABLE dossier.plan_target_lock (
  campaign_id text NOT NULL,
  award_codes text NOT NULL,
  PRIMARY KEY (campaign_id, award_codes)
);

