-- 委托: a unit head (for their unit) or an office member names a deputy for a period. While it runs the
-- deputy may do what the delegator may do there, and the delegator's notices and reminders go to the
-- deputy. Every check reads the period, so nothing has to fire for it to end.
CREATE TABLE delegations (
  id bigserial PRIMARY KEY,
  tenant_key text NOT NULL REFERENCES tenants (tenant_key),
  delegator text NOT NULL,
  deputy text NOT NULL,
  -- 'unit': the delegator's place as head of unit_id; 'office': as a member of the 督查室.
  scope text NOT NULL CHECK (scope IN ('unit', 'office')),
  unit_id bigint,
  reason text NOT NULL DEFAULT '',
  starts_at timestamptz NOT NULL,
  -- The last day named (Beijing date), and when it stops: office-hours start of the next working day.
  ends_on date NOT NULL,
  ends_at timestamptz NOT NULL,
  -- Ended early (取消委托, or replaced by a new delegation).
  ended_at timestamptz,
  ended_by text,
  -- When both were told it ended.
  end_told_at timestamptz,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (delegator <> deputy),
  CHECK ((scope = 'unit') = (unit_id IS NOT NULL)),
  FOREIGN KEY (tenant_key, delegator) REFERENCES people (tenant_key, open_id),
  FOREIGN KEY (tenant_key, deputy) REFERENCES people (tenant_key, open_id),
  FOREIGN KEY (tenant_key, unit_id) REFERENCES units (tenant_key, id)
);
CREATE INDEX delegations_deputy ON delegations (tenant_key, deputy) WHERE end_told_at IS NULL;
CREATE INDEX delegations_delegator ON delegations (tenant_key, delegator) WHERE end_told_at IS NULL;
CREATE INDEX delegations_untold ON delegations (ends_at) WHERE end_told_at IS NULL;
