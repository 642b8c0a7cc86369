-- The registration for the title (the campaign service's Registration.id) a dossier refers to, given at creation;
-- '' when none. Checked at submission for an award that requires one (docs/architecture.md "Award history and
-- quotas").
ALTER TABLE dossier.dossier ADD COLUMN registration_id text NOT NULL DEFAULT '';
