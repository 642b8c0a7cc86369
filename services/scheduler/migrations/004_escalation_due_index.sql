-- Escalation timers get a due index of their own, in place of the one index of every pending timer
-- (timer_due_idx): a look for a due escalation no longer steps over the reminders' entries (and those of the
-- reminders fired since the last vacuum), and a timer written has one index fewer to update. Reminders keep
-- timer_due_reminder_idx; the next due instant is the earlier of the two indexes' first entries.
DROP INDEX scheduler.timer_due_idx;
CREATE INDEX timer_due_escalation_idx ON scheduler.timer (next_attempt_at) WHERE status = 1 AND kind = 2;
