-- The firing loop's transactions publish their own reminder events and insert them already published
-- (services/scheduler/firing_loop.h): the relay has nothing to do for those, so the insert trigger wakes it only
-- for rows inserted unpublished (behind older rows that still wait); it polls for the rest.
CREATE OR REPLACE FUNCTION scheduler.notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM inserted WHERE published_at IS NULL) THEN
    PERFORM pg_notify('scheduler_outbox', '');
  END IF;
  RETURN NULL;
END
$$;
DROP TRIGGER outbox_notify ON scheduler.outbox;
CREATE TRIGGER outbox_notify AFTER INSERT ON scheduler.outbox
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION scheduler.notify_outbox();
