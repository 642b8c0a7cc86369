-- The Redis stream id each outbox row was published under (services/dossier/outbox_relay.h). With it the relay
-- notices when Redis lost entries it had acknowledged — the last second of an append-only file that never
-- reached the disk, a failover to a replica that lagged, a restored backup — and publishes those rows again.
-- A stream id is "<milliseconds>-<sequence>"; kept as two numbers, so that ids compare as (ms, seq) pairs and
-- the relay finds the last one it published, and the rows after a given id, through one index. Rows published
-- before this migration have no stream id: they are never published again.
ALTER TABLE dossier.outbox ADD COLUMN stream_ms bigint, ADD COLUMN stream_seq bigint;
CREATE INDEX outbox_stream_id_idx ON dossier.outbox (stream_ms, stream_seq) WHERE stream_ms IS NOT NULL;
