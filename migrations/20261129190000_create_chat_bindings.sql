-- The groups the bot is in, as Feishu's chat-member events tell it (bot added, removed, group
-- disbanded), and every change of what a group is bound to, with who made it and when (留痕).
-- No foreign key to tenants: the bot may join groups before the directory is imported.
CREATE TABLE bot_chats (
  id bigserial PRIMARY KEY,
  tenant_key text NOT NULL,
  chat_id text NOT NULL,
  name text NOT NULL DEFAULT '',
  status text NOT NULL CHECK (status IN ('member', 'removed', 'disbanded')),
  -- Feishu's create_time (ms) of the last event applied: an older event arriving late changes nothing.
  event_ms bigint NOT NULL,
  -- Who added the bot (open_id), for the binding card.
  added_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_key, chat_id)
);

-- Append-only, like item_events: 'unit:<id>', 'supervision', 'leaders' or null before and after.
CREATE TABLE chat_binding_log (
  id bigserial PRIMARY KEY,
  tenant_key text NOT NULL,
  chat_id text NOT NULL,
  bound_before text,
  bound_after text,
  -- 'card' (an office member bound it), 'removed' or 'disbanded' (Feishu events).
  cause text NOT NULL CHECK (cause IN ('card', 'removed', 'disbanded')),
  actor text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chat_binding_log_chat ON chat_binding_log (tenant_key, chat_id, id);
CREATE FUNCTION refuse_chat_binding_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'chat_binding_log is append-only';
END;
$$;
CREATE TRIGGER chat_binding_log_append_only BEFORE UPDATE OR DELETE ON chat_binding_log
  FOR EACH ROW EXECUTE FUNCTION refuse_chat_binding_log_change();

-- Where a binding came from: a directory file, or a card in chat. A re-import keeps a binding made in
-- chat when the file names no group for that unit or role (the file was written before it).
ALTER TABLE units ADD COLUMN chat_from text NOT NULL DEFAULT 'file' CHECK (chat_from IN ('file', 'chat'));
ALTER TABLE groups ADD COLUMN bound_from text NOT NULL DEFAULT 'file' CHECK (bound_from IN ('file', 'chat'));
