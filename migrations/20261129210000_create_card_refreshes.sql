-- Cards of an item that need redrawing since `version` (issue #15 point 8). An action commits this
-- marker with its change instead of rebuilding every card inside the item lock; a coalesced job
-- builds and sends the updates outside it, and the sweep re-queues markers whose job was lost.
CREATE TABLE card_refreshes (
  tenant_key text NOT NULL,
  item_id bigint NOT NULL,
  version integer NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_key, item_id)
);
CREATE INDEX card_refreshes_requested ON card_refreshes (requested_at);

-- A card message re-sent as a new message (it was about to leave Feishu's 14-day update window, or
-- a click came from it after it left): the old one is no longer a live card of its item.
ALTER TABLE outbox ADD COLUMN replaced_by uuid;
