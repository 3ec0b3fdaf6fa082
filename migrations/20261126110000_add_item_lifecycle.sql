-- The item lifecycle: numbering, pending requests, reports, held chat replies and card patches.

CREATE TABLE item_counters (
  tenant_key text NOT NULL REFERENCES tenants (tenant_key),
  year integer NOT NULL,
  last integer NOT NULL,
  PRIMARY KEY (tenant_key, year)
);

ALTER TABLE items
  ADD COLUMN accepted_at timestamptz,
  ADD COLUMN submitted_at timestamptz,
  ADD COLUMN cancelled_at timestamptz,
  -- {date, reason, by, at}: an extension request waiting for a decision.
  ADD COLUMN pending_extension jsonb,
  -- {text, by, unitId, at}: a coordination request waiting for the leader in charge.
  ADD COLUMN pending_coordination jsonb,
  ADD COLUMN topic_meeting boolean NOT NULL DEFAULT false,
  ADD COLUMN latest_progress text,
  ADD COLUMN latest_progress_at timestamptz,
  ADD COLUMN last_report_at timestamptz,
  -- The issue date the deadline was counted from (Beijing date).
  ADD COLUMN issued_on date,
  -- A date the instruction or the office fixed; null when the deadline follows the rule for its kind.
  ADD COLUMN deadline_explicit date,
  -- The Feishu message an item was drafted from: one draft per message, however often it arrives.
  ADD COLUMN source_message_id text;
CREATE UNIQUE INDEX items_source_message ON items (tenant_key, source_message_id) WHERE source_message_id IS NOT NULL;

-- 反馈: progress reports and result submissions from lead and co-units, with attachments by Feishu key.
CREATE TABLE item_reports (
  id bigserial PRIMARY KEY,
  tenant_key text NOT NULL,
  item_id bigint NOT NULL,
  unit_id bigint,
  author text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('progress', 'result')),
  text text NOT NULL,
  attachments jsonb NOT NULL DEFAULT '[]'::jsonb,
  message_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_key, item_id) REFERENCES items (tenant_key, id)
);
CREATE INDEX item_reports_item ON item_reports (tenant_key, item_id, id);
CREATE UNIQUE INDEX item_reports_message ON item_reports (tenant_key, message_id) WHERE message_id IS NOT NULL;

-- A chat message the bot holds until its sender says which item it belongs to, or whether it is a result.
CREATE TABLE held_replies (
  id bigserial PRIMARY KEY,
  tenant_key text NOT NULL,
  open_id text NOT NULL,
  message_id text NOT NULL,
  chat_id text NOT NULL,
  item_id bigint,
  text text NOT NULL,
  attachments jsonb NOT NULL DEFAULT '[]'::jsonb,
  resolved_at timestamptz,
  resolution text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_key, message_id)
);

-- A patch row updates an earlier card (by its outbox id) instead of sending a new message.
ALTER TABLE outbox ADD COLUMN patch_of uuid REFERENCES outbox (id);
ALTER TABLE outbox DROP CONSTRAINT outbox_status_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_status_check
  CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'superseded'));
CREATE INDEX outbox_patch_of ON outbox (patch_of) WHERE patch_of IS NOT NULL;
