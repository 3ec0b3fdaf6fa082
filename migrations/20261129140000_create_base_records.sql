-- The live 台账 in a Feishu Base (多维表格): which record holds each item, and which items changed
-- since they were last written. Every recorded change of an item (an item_events row) marks it
-- dirty and makes sure one outbox row of kind 'base_records' is pending for the tenant; the sender
-- turns that row into Base API calls. Tenants without Base settings get nothing here.
CREATE TABLE base_records (
  tenant_key text NOT NULL,
  item_id bigint NOT NULL,
  -- The table the record lives in: a mapping to another table (settings changed) counts as none.
  app_token text,
  table_id text,
  record_id text,
  -- The fields last written (canonical JSON), so an unchanged item costs no write call.
  synced_fields text,
  dirty boolean NOT NULL DEFAULT true,
  -- Set by the sync that is writing the item; a claim older than a few minutes is a dead process's.
  claimed_at timestamptz,
  -- A create was sent whose answer never came: look for the record before creating another.
  create_sent_at timestamptz,
  synced_at timestamptz,
  PRIMARY KEY (tenant_key, item_id)
);
CREATE INDEX base_records_dirty ON base_records (tenant_key, item_id) WHERE dirty;

CREATE INDEX outbox_base_pending ON outbox (tenant_key)
  WHERE msg_type = 'base_records' AND purpose = 'base_sync' AND status = 'pending';

CREATE FUNCTION queue_base_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM tenants
    WHERE tenant_key = NEW.tenant_key
      AND coalesce(settings #>> '{base,appToken}', '') <> ''
      AND coalesce(settings #>> '{base,tableId}', '') <> ''
  ) THEN
    RETURN NULL;
  END IF;
  INSERT INTO base_records (tenant_key, item_id, dirty) VALUES (NEW.tenant_key, NEW.item_id, true)
  ON CONFLICT (tenant_key, item_id) DO UPDATE SET dirty = true;
  -- One pending row per tenant coalesces a burst of changes; a short delay lets the burst finish.
  -- (The daily refresh row, pending until tomorrow, is another purpose and does not count.)
  INSERT INTO outbox (id, tenant_key, receive_id_type, receive_id, msg_type, content, purpose, not_before)
  SELECT gen_random_uuid(), NEW.tenant_key, 'chat_id', 'base:' || NEW.tenant_key, 'base_records', '{}',
         'base_sync', now() + interval '2 seconds'
  WHERE NOT EXISTS (
    SELECT 1 FROM outbox
    WHERE tenant_key = NEW.tenant_key AND msg_type = 'base_records' AND purpose = 'base_sync'
      AND status = 'pending'
  );
  RETURN NULL;
END $$;

CREATE TRIGGER item_events_queue_base_sync AFTER INSERT ON item_events
  FOR EACH ROW EXECUTE FUNCTION queue_base_sync();
