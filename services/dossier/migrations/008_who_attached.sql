-- Who attached a document, as they were at that moment: the person's full name in the directory and the role of
-- the grant that allowed the upload (its tdkt.v1.Role number, as every schema stores roles), beside the
-- organisation of that grant (uploaded_org). A later rename in the directory does not change them. Rows from
-- before keep '' and 0 (not known).
ALTER TABLE dossier.document
  ADD COLUMN uploaded_by_name text NOT NULL DEFAULT '',
  ADD COLUMN uploaded_role smallint NOT NULL DEFAULT 0 CONSTRAINT document_uploaded_role_range
    CHECK (uploaded_role BETWEEN 0 AND 6);
