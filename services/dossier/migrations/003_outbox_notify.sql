-- Wakes the outbox relay (services/dossier/outbox_relay.h) when a transition commits outbox rows. NOTIFY is
-- delivered at commit and only then, so the relay never sees rows of a transaction that rolled back. One
-- notification per statement, with no payload: the relay reads the table, which is the truth.
CREATE FUNCTION dossier.notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('dossier_outbox', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER outbox_notify AFTER INSERT ON dossier.outbox
  FOR EACH STATEMENT EXECUTE FUNCTION dossier.notify_outbox();
