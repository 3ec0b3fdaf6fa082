-- 加急 the bot made, per person, so it stays under Feishu's 200 unread urgents per user. A read
-- receipt (im.message.message_read_v1, private chats only) marks a person's urgents on that message read.
CREATE TABLE urgents (
  outbox_id uuid PRIMARY KEY,
  tenant_key text NOT NULL,
  open_id text NOT NULL,
  message_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('app', 'sms', 'phone')),
  manual boolean NOT NULL,
  item_id bigint,
  urgent_at timestamptz NOT NULL,
  read_at timestamptz
);
CREATE INDEX urgents_unread ON urgents (tenant_key, open_id, urgent_at) WHERE read_at IS NULL;
CREATE INDEX urgents_message ON urgents (tenant_key, message_id) WHERE read_at IS NULL;
