-- Every organisation that has held a dossier, in the order the dossier reached them (the origin first, the
-- holder among them): the levels a dossier has passed keep seeing it (workflow/visibility.h). Existing rows are
-- filled from their history, whose every entry names the holder after its command (payload "org_id"), with the
-- origin and the current holder added should an entry lack them.
ALTER TABLE dossier.dossier ADD COLUMN held_org_ids text[];
UPDATE dossier.dossier d SET held_org_ids = (
  SELECT array_agg(h.org ORDER BY h.first_seq)
  FROM (SELECT s.org, min(s.seq) AS first_seq
        FROM (SELECT d.origin_org_id AS org, 0::bigint AS seq
              UNION ALL
              SELECT e.payload::jsonb ->> 'org_id', e.seq FROM dossier.event e WHERE e.dossier_id = d.id
              UNION ALL
              SELECT d.holder_org_id, 9223372036854775807) AS s
        WHERE s.org IS NOT NULL AND s.org <> ''
        GROUP BY s.org) AS h);
ALTER TABLE dossier.dossier ALTER COLUMN held_org_ids SET NOT NULL;

-- Search selects what the visibility rule shows (origin, organisations that held it, levels above the holder
-- once submitted): the update-time index carries those columns too, so that rows the caller may not see are
-- skipped without touching the table.
DROP INDEX dossier.dossier_search_order_idx;
CREATE INDEX dossier_search_order_idx ON dossier.dossier (updated_at, id)
  INCLUDE (nominee_name_keys, origin_org_path, state, year, award_code, current_level, origin_org_id,
           holder_org_id, held_org_ids, submitted_at);
