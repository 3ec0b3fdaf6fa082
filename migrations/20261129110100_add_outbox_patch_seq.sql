-- Insertion order of outbox rows. Updates of one card are written under the item's row lock, so for
-- the same card a higher seq carries newer content: the sender skips an update when a newer one for
-- that card exists, and holds one back while an older one is still being sent.
ALTER TABLE outbox ADD COLUMN seq bigserial;
CREATE INDEX outbox_patch_order ON outbox (patch_of, seq) WHERE patch_of IS NOT NULL;
