-- Idempotency as every service keeps it (services/common/idempotency.h): the fingerprint of the first request
-- as 32 bytes, claimed and recorded inside the transition's own transaction. Rows written before stay, their
-- SHA-256 now as bytes. They were computed over another text than RequestFingerprint's, so a retry that spans
-- this upgrade is refused as another request (ALREADY_EXISTS) instead of replayed.
ALTER TABLE dossier.idempotency RENAME COLUMN request_sha256 TO fingerprint;
ALTER TABLE dossier.idempotency ALTER COLUMN fingerprint TYPE bytea USING decode(fingerprint, 'hex');
