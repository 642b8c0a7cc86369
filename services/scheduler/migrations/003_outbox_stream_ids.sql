-- The Redis stream id each outbox row was published under (services/common/outbox_relay.h), as the dossier's
-- outbox keeps it: with it the relay notices when Redis lost entries it had acknowledged and publishes those rows
-- again. Rows published before this migration have no stream id: they are never published again.
ALTER TABLE scheduler.outbox ADD COLUMN stream_ms bigint, ADD COLUMN stream_seq bigint;
CREATE INDEX outbox_stream_id_idx ON scheduler.outbox (stream_ms, stream_seq) WHERE stream_ms IS NOT NULL;
