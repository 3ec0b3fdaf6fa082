-- Automatic follow-up (§四.3, §六.3): which steps of an item's reminder and overdue ladder have fired.
-- The unique key makes each step fire once: a step is its name and the working day it is due
-- ('remind-3' on 2026-10-08, 'overdue-urge' on 2026-10-20), so a moved deadline plans new steps
-- while the ones already sent stay recorded.
CREATE TABLE followup_steps (
  id bigserial PRIMARY KEY,
  tenant_key text NOT NULL,
  item_id bigint NOT NULL,
  step text NOT NULL,
  due_on date NOT NULL,
  fired_at timestamptz NOT NULL DEFAULT now(),
  -- What was sent and to whom (counts, digest or not), for the record and the tests.
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  UNIQUE (tenant_key, item_id, step, due_on),
  FOREIGN KEY (tenant_key, item_id) REFERENCES items (tenant_key, id)
);

-- 减负: a reminder held for a recipient's digest instead of being sent on its own. The digest job
-- takes the pending ones (FOR UPDATE SKIP LOCKED) and writes one card per recipient.
CREATE TABLE followup_digest_entries (
  id bigserial PRIMARY KEY,
  tenant_key text NOT NULL,
  item_id bigint NOT NULL,
  step text NOT NULL,
  due_on date NOT NULL,
  kind text NOT NULL,
  receive_id_type text NOT NULL CHECK (receive_id_type IN ('open_id', 'chat_id')),
  receive_id text NOT NULL,
  -- {workdaysLeft, overdueWorkdays} as of when the step fired.
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dropped')),
  outbox_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_key, item_id, step, due_on, receive_id),
  FOREIGN KEY (tenant_key, item_id) REFERENCES items (tenant_key, id)
);
CREATE INDEX followup_digest_pending ON followup_digest_entries (tenant_key, created_at) WHERE status = 'pending';
