-- Per-tenant working-day overrides on top of the published national calendar (a local holiday, an
-- extra working day, or a year whose State Council notice is not out yet).
CREATE TABLE calendar_overrides (
  tenant_key text NOT NULL REFERENCES tenants (tenant_key),
  date date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
  note text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_key, date)
);
