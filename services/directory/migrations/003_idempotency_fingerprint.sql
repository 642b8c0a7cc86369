-- The idempotency table takes the shape every service shares (services/common/idempotency.h): request_id,
-- fingerprint, response, created_at. The method needs no column of its own: the fingerprint
-- (common::RequestFingerprint) covers the method, the caller and the request.
--
-- Rows written before this migration stay. Their request_hash, now fingerprint, was computed another way and
-- never equals a fingerprint computed now, so a retry across the upgrade of a request answered before it gets
-- ALREADY_EXISTS (request_id already used for another request) — never a second effect.
ALTER TABLE directory.idempotency DROP COLUMN method;
ALTER TABLE directory.idempotency RENAME COLUMN request_hash TO fingerprint;
