-- The nominee's ID number sealed at rest with the dossier service's own PII key (--pii-key /
-- TDKT_DOSSIER_PII_KEY; XChaCha20-Poly1305 bound to the dossier, services/common/pii_cipher.h), apart from the
-- rest of the nominee, in no index and no event. SQL has no key: rows written before keep their ID number in
-- clear inside `nominee` and are marked id_number_sealed = false. tdkt-dossier refuses to start while such a row
-- exists, and `tdkt-dossier --seal-id-numbers true` seals them once (DossierStore::SealIdNumbers). Old backups
-- and WAL still hold them in clear: retire those as the operator's retention rules allow.
--
-- From this version on the service also seals the responses it stores in dossier.idempotency (a command's
-- response may show the ID number to its caller) and keys the fingerprints with a subkey of the PII key. Older
-- responses hold no ID number, and their unkeyed fingerprints no longer match any request: they are never
-- replayed (a retry across the upgrade is ALREADY_EXISTS).
ALTER TABLE dossier.dossier
  ADD COLUMN nominee_id_number bytea,                          -- sealed; NULL: the nominee has none
  ADD COLUMN id_number_sealed boolean NOT NULL DEFAULT false,  -- false: written before this migration
  ADD CONSTRAINT dossier_id_number_sealed CHECK (id_number_sealed OR nominee_id_number IS NULL);
CREATE INDEX dossier_id_number_unsealed_idx ON dossier.dossier (id) WHERE NOT id_number_sealed;
