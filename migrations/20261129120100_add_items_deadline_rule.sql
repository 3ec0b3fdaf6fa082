-- How a deadline was counted (domain/deadline DeadlineRule: N working days from a date, or a date moved
-- to the next working day), so a new holiday notice or override recounts it; NULL for a fixed date.
ALTER TABLE items ADD COLUMN deadline_rule jsonb;
