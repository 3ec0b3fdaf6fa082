-- A card that failed validation where it was built for sending is replaced by a short fallback card,
-- so the transition it belongs to still reaches its people. What was wrong stays on the row (the
-- sender also logs it as an error): it is a bug in a card builder, found and fixed from here.
ALTER TABLE outbox ADD COLUMN card_problem text;
