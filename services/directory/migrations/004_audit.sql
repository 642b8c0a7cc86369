-- The directory's audit trail (services/directory/audit_store.h): actions that must stay traceable — today,
-- setting another person's password (SetPersonPassword, tdkt-directory-admin set-password). Ids, the action
-- and the time only: never the password, never a name. occurred_at comes from the service's clock.
CREATE TABLE directory.audit_event (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at        timestamptz NOT NULL,
  -- NULL: the operator, with tdkt-directory-admin on the database. Not a foreign key: the row records what
  -- the caller's signed token said, and must not be refused because of it.
  actor_person_id    bigint,
  subject_person_id  bigint NOT NULL REFERENCES directory.person (id),
  action             text NOT NULL CHECK (action IN ('password_set')),
  request_id         text  -- the API call's idempotency key; NULL for the operator's tool
);
CREATE INDEX audit_event_subject ON directory.audit_event (subject_person_id, occurred_at);
