-- Nothing fails silently (issue #12): a message Feishu will not deliver is copied along a route
-- (unit group → its head and liaisons → the office); each copy names the row it stands in for.
ALTER TABLE outbox ADD COLUMN fallback_of uuid;
CREATE INDEX outbox_fallback_of ON outbox (fallback_of) WHERE fallback_of IS NOT NULL;

-- One open problem per tenant, subject (a recipient, or the app) and Feishu error: repeated failures
-- count up on it, and the office's one card about it is updated. A later success to the subject
-- resolves it; the office may mark it handled. Either way the next failure opens a new problem.
-- The office's cards about problem N are the outbox rows of purpose 'delivery_problem:N'.
CREATE TABLE delivery_problems (
  id bigserial PRIMARY KEY,
  tenant_key text NOT NULL,
  -- 'chat_id:oc_…', 'open_id:ou_…', 'urgent:ou_…', 'app', 'app:urgent' or 'content:<purpose>'.
  subject text NOT NULL,
  receive_id_type text CHECK (receive_id_type IN ('open_id', 'chat_id')),
  receive_id text,
  -- Feishu's code as text, or a local reason ('urgent_limit', 'urgent_not_member').
  code text NOT NULL,
  last_error text NOT NULL,
  failures integer NOT NULL DEFAULT 1,
  -- What the route did with the latest failure, in the office's words.
  last_route text,
  last_item_id bigint,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'handled')),
  handled_by text,
  first_at timestamptz NOT NULL DEFAULT now(),
  last_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz
);
CREATE UNIQUE INDEX delivery_problems_open ON delivery_problems (tenant_key, subject, code)
  WHERE status = 'open';
CREATE INDEX delivery_problems_subject ON delivery_problems (tenant_key, subject) WHERE status = 'open';

-- Each failed row counted once, on the problem it belongs to.
CREATE TABLE delivery_failures (
  outbox_id uuid PRIMARY KEY,
  tenant_key text NOT NULL,
  problem_id bigint NOT NULL REFERENCES delivery_problems (id),
  failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX delivery_failures_problem ON delivery_failures (problem_id);
