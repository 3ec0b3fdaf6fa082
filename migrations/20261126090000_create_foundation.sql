-- Foundation schema. Every table carries tenant_key; one deployment serves several tenants.

CREATE TABLE tenants (
  tenant_key text PRIMARY KEY,
  name text NOT NULL DEFAULT '',
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE people (
  tenant_key text NOT NULL REFERENCES tenants (tenant_key),
  open_id text NOT NULL,
  name text NOT NULL,
  title text,
  roles text[] NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_key, open_id),
  CONSTRAINT people_roles_known CHECK (roles <@ ARRAY['office', 'leader', 'unit_head', 'liaison']::text[])
);

CREATE TABLE units (
  id bigserial PRIMARY KEY,
  tenant_key text NOT NULL REFERENCES tenants (tenant_key),
  name text NOT NULL,
  aliases text[] NOT NULL DEFAULT '{}',
  leader_in_charge text,
  chat_id text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_key, name),
  UNIQUE (tenant_key, id),
  FOREIGN KEY (tenant_key, leader_in_charge) REFERENCES people (tenant_key, open_id)
);

CREATE TABLE unit_members (
  tenant_key text NOT NULL,
  unit_id bigint NOT NULL,
  open_id text NOT NULL,
  role text NOT NULL CHECK (role IN ('head', 'liaison')),
  PRIMARY KEY (tenant_key, unit_id, open_id),
  FOREIGN KEY (tenant_key, unit_id) REFERENCES units (tenant_key, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_key, open_id) REFERENCES people (tenant_key, open_id)
);
CREATE INDEX unit_members_person ON unit_members (tenant_key, open_id);

CREATE TABLE groups (
  tenant_key text NOT NULL REFERENCES tenants (tenant_key),
  kind text NOT NULL CHECK (kind IN ('supervision', 'leaders')),
  chat_id text NOT NULL,
  PRIMARY KEY (tenant_key, kind)
);

CREATE TABLE items (
  id bigserial PRIMARY KEY,
  tenant_key text NOT NULL REFERENCES tenants (tenant_key),
  number text,
  number_year integer,
  number_seq integer,
  title text NOT NULL,
  text text NOT NULL DEFAULT '',
  source text CHECK (source IN ('central_policy', 'superior_decision', 'work_report', 'county_meeting',
                                'leader_instruction', 'npc_cppcc', 'other')),
  kind text CHECK (kind IN ('office', 'forwarded', 'co_handled', 'npc_cppcc')),
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('normal', 'important', 'urgent')),
  assigning_leader text,
  created_by text NOT NULL,
  lead_unit_id bigint,
  deadline date,
  deadline_provisional boolean NOT NULL DEFAULT false,
  deadline_basis text,
  state text NOT NULL CHECK (state IN ('draft', 'issued', 'in_progress', 'submitted', 'completed',
                                       'reassigning', 'cancelled', 'discarded')),
  version integer NOT NULL DEFAULT 1,
  issued_at timestamptz,
  completed_at timestamptz,
  next_action_at timestamptz,
  next_action_step text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_key, id),
  UNIQUE (tenant_key, number),
  UNIQUE (tenant_key, number_year, number_seq),
  FOREIGN KEY (tenant_key, lead_unit_id) REFERENCES units (tenant_key, id)
);
CREATE INDEX items_state ON items (tenant_key, state);
CREATE INDEX items_next_action ON items (next_action_at) WHERE next_action_at IS NOT NULL;

CREATE TABLE item_co_units (
  tenant_key text NOT NULL,
  item_id bigint NOT NULL,
  unit_id bigint NOT NULL,
  PRIMARY KEY (tenant_key, item_id, unit_id),
  FOREIGN KEY (tenant_key, item_id) REFERENCES items (tenant_key, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_key, unit_id) REFERENCES units (tenant_key, id)
);

-- 留痕: append-only; the trigger below refuses UPDATE and DELETE.
CREATE TABLE item_events (
  id bigserial PRIMARY KEY,
  tenant_key text NOT NULL,
  item_id bigint NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_key, item_id) REFERENCES items (tenant_key, id)
);
CREATE INDEX item_events_item ON item_events (tenant_key, item_id, id);
CREATE INDEX item_events_time ON item_events (tenant_key, created_at);

CREATE FUNCTION refuse_item_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'item_events is append-only';
END;
$$;
CREATE TRIGGER item_events_append_only BEFORE UPDATE OR DELETE ON item_events
  FOR EACH ROW EXECUTE FUNCTION refuse_item_event_change();

-- Every accepted Feishu event, stored before the 200; processed from here through the queue.
CREATE TABLE lark_events (
  id bigserial PRIMARY KEY,
  tenant_key text NOT NULL,
  event_id text NOT NULL UNIQUE,
  event_type text NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed', 'ignored')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  received_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz
);
CREATE INDEX lark_events_pending ON lark_events (received_at) WHERE status = 'pending';

-- Messages to send, written in the same transaction as the change that caused them.
CREATE TABLE outbox (
  id uuid PRIMARY KEY,
  tenant_key text NOT NULL,
  receive_id_type text NOT NULL CHECK (receive_id_type IN ('open_id', 'chat_id')),
  receive_id text NOT NULL,
  reply_to text,
  msg_type text NOT NULL,
  content text NOT NULL,
  purpose text NOT NULL DEFAULT '',
  item_id bigint,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  not_before timestamptz NOT NULL DEFAULT now(),
  claimed_at timestamptz,
  sent_at timestamptz,
  message_id text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_pending ON outbox (not_before) WHERE status IN ('pending', 'sending');
CREATE INDEX outbox_message ON outbox (tenant_key, message_id) WHERE message_id IS NOT NULL;
CREATE INDEX outbox_item ON outbox (tenant_key, item_id) WHERE item_id IS NOT NULL;
