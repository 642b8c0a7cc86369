-- Indexes that no query reads, dropped: every one of them is written by every transition.
--
-- A transition rewrites its dossier's row, and PostgreSQL can make that a HOT update (no new index entries)
-- only when no indexed column changes. Here the inbox indexes' keys (holder, state, due date) and the search
-- order's (updated_at) change with every transition, so every transition adds one entry to every index of
-- dossier.dossier, needed or not. Keeping the changing columns out of the other indexes would not spare them;
-- only having fewer indexes does. (For the same reason a lower fillfactor would buy no HOT updates.)
--
-- None of these four was scanned by the inbox, search, public status or transition queries at a million dossiers
-- (pg_stat_user_indexes after bench/transition/query_bench.cc):
--   dossier_origin_idx      (origin_org_id, updated_at DESC)  the inbox reads dossier_inbox_origin_idx
--   dossier_state_level_idx (state, level_index)
--   dossier_due_date_idx    (due_date)                        deadlines are read from dossier.deadline
--   dossier_updated_idx     (updated_at DESC, id)             search walks dossier_search_order_idx backwards
--                                                             (DossierStore::Search selects its page of ids
--                                                             from that index alone)
DROP INDEX dossier.dossier_origin_idx;
DROP INDEX dossier.dossier_state_level_idx;
DROP INDEX dossier.dossier_due_date_idx;
DROP INDEX dossier.dossier_updated_idx;
