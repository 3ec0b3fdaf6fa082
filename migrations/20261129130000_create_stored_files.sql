-- Files and images that came with an instruction or a report, downloaded once and kept by the bot so
-- the record (留痕) survives the bot leaving a chat. One copy per tenant and checksum. Kept as long as
-- the audit trail (item_events) they belong to; the retention job purges both together.
CREATE TABLE stored_files (
  id bigserial PRIMARY KEY,
  tenant_key text NOT NULL,
  sha256 text NOT NULL,
  name text NOT NULL,
  mime text NOT NULL,
  size integer NOT NULL CHECK (size >= 0),
  bytes bytea NOT NULL,
  -- The message the first copy arrived in.
  source_message_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_key, sha256),
  UNIQUE (tenant_key, id)
);

-- Every resource a received message carried, by its Feishu key: the stored copy, or why there is none
-- ('sub_message': inside a merged forward, which Feishu refuses to hand out; 'too_large'; 'refused').
CREATE TABLE message_files (
  tenant_key text NOT NULL,
  message_id text NOT NULL,
  file_key text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('file', 'image')),
  name text NOT NULL,
  file_id bigint REFERENCES stored_files (id) ON DELETE SET NULL,
  problem text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_key, message_id, file_key)
);
CREATE INDEX message_files_file ON message_files (file_id) WHERE file_id IS NOT NULL;

-- The network half of a message's intake, done before the event's transaction: a merged forward's
-- sub-messages, a document's text. The handler reads it back inside the transaction.
CREATE TABLE message_intakes (
  tenant_key text NOT NULL,
  message_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('ready', 'failed')),
  content jsonb NOT NULL DEFAULT '{}'::jsonb,
  failure text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_key, message_id)
);

-- Minutes listing several matters become one draft per matter from the same message.
ALTER TABLE items ADD COLUMN source_part integer NOT NULL DEFAULT 0;
DROP INDEX items_source_message;
CREATE UNIQUE INDEX items_source_message ON items (tenant_key, source_message_id, source_part)
  WHERE source_message_id IS NOT NULL;
