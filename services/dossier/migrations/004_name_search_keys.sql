-- Name search that stays fast at a million dossiers (bench/transition/query_bench.cc).
--
-- A query matches a nominee when every word of the query begins a word of the name, all but the last as whole
-- words: "nguyen van" finds "Nguyễn Văn An", "van b" finds "Nguyễn Văn Bình", "dong" finds "Đồng" (accents,
-- case, Unicode form and spacing ignored). Names are stored as keys: each folded word, and each prefix of each
-- word marked with '~' ("an" → an, ~a, ~an). A query becomes the keys it must contain (its whole words, then '~'
-- and its last word), so one GIN lookup finds rare names, and for common ones the planner walks the update-time
-- index, whose tuples carry the keys and the other search columns, without touching the table.
--
-- Replaces the pg_trgm substring match of migration 002: its index scan alone took 10–30 ms for names made of
-- common trigrams ("thi", "an "), above the 20 ms p99 target.
CREATE FUNCTION dossier.name_words(name text) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN string_to_array(nullif(btrim(regexp_replace(dossier.fold_name(name), '\s+', ' ', 'g')), ''), ' ');

CREATE FUNCTION dossier.name_keys(name text) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN (SELECT coalesce(array_agg(DISTINCT k), '{}')
          FROM unnest(coalesce(dossier.name_words(name), '{}')) AS w,
               LATERAL (SELECT w UNION ALL SELECT '~' || left(w, n) FROM generate_series(1, length(w)) AS n) AS keys(k));

-- What a query's name must contain; '{}' (everything) for a blank query.
CREATE FUNCTION dossier.name_query_keys(query text) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN (SELECT CASE WHEN w IS NULL THEN '{}'::text[]
                      ELSE w[1:cardinality(w) - 1] || ('~' || w[cardinality(w)]) END
          FROM dossier.name_words(query) AS w);

ALTER TABLE dossier.dossier
  ADD COLUMN nominee_name_keys text[] GENERATED ALWAYS AS (dossier.name_keys(nominee_name)) STORED;
CREATE INDEX dossier_nominee_keys_idx ON dossier.dossier USING gin (nominee_name_keys);
DROP INDEX dossier.dossier_nominee_folded_idx;
DROP INDEX dossier.dossier_search_order_idx;
CREATE INDEX dossier_search_order_idx ON dossier.dossier (updated_at, id)
  INCLUDE (nominee_name_keys, origin_org_path, state, year, award_code, current_level);
