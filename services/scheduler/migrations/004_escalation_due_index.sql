-- Escalation timers get a due index of their own. The one index of every pending timer (timer_due_idx) also
-- held the reminders, whose entries stay in it, dead, from their firing until a vacuum: under a burst of
-- reminders each look for a due escalation or for the next due instant walked every one of them. Reminders are
-- found through timer_due_reminder_idx, from the place in the due order the firing loop has reached
-- (services/scheduler/firing_loop.h).
DROP INDEX scheduler.timer_due_idx;
CREATE INDEX timer_due_escalation_idx ON scheduler.timer (next_attempt_at) WHERE status = 1 AND kind = 2;
