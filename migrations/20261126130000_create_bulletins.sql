-- 督查专报: the figures of a period as they were approved, and the 通报批评 list that waits for the
-- office's decision before any group sees it.
CREATE TABLE bulletins (
  id bigserial PRIMARY KEY,
  tenant_key text NOT NULL REFERENCES tenants (tenant_key),
  period_from date NOT NULL,
  period_to date NOT NULL,
  -- 'scheduled' (the weekly job; one per period) or 'manual' (asked for in chat; as many as asked).
  origin text NOT NULL DEFAULT 'manual' CHECK (origin IN ('scheduled', 'manual')),
  figures jsonb NOT NULL,
  criticism jsonb NOT NULL DEFAULT '[]'::jsonb,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'dropped')),
  decided_by text,
  decided_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_key, id),
  CHECK (period_from <= period_to),
  CHECK ((status = 'draft') = (decided_at IS NULL))
);
CREATE INDEX bulletins_recent ON bulletins (tenant_key, created_at DESC);
-- A retried weekly job finds the bulletin it already made instead of making a second one.
CREATE UNIQUE INDEX bulletins_scheduled_period ON bulletins (tenant_key, period_from, period_to)
  WHERE origin = 'scheduled';
