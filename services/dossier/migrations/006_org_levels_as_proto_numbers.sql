-- Organisation levels stored as every schema stores them: the tdkt.v1.OrgLevel numbers (1 unit, 2 commune,
-- 3 district, 4 province, 5 central; services/common/proto_conversions.h), as the directory does. Migration 002
-- stored workflow::OrgLevel (0 unit … 4 central) in dossier.current_level and dossier.document.level.
UPDATE dossier.dossier SET current_level = current_level + 1 WHERE current_level IS NOT NULL;
UPDATE dossier.document SET level = level + 1;
ALTER TABLE dossier.dossier ADD CONSTRAINT dossier_current_level_range CHECK (current_level BETWEEN 1 AND 5);
ALTER TABLE dossier.document ADD CONSTRAINT document_level_range CHECK (level BETWEEN 1 AND 5);
