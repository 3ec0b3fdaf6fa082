-- The daily retention job deletes finished events and delivered messages by age; these indexes keep
-- each of its batches a range scan instead of a pass over the whole table.
CREATE INDEX lark_events_finished_received ON lark_events (tenant_key, received_at) WHERE status <> 'pending';
CREATE INDEX outbox_finished_created ON outbox (tenant_key, created_at) WHERE status IN ('sent', 'superseded', 'failed');
