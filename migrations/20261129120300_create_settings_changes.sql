-- Who changed which tenant setting, from what to what (duban settings set, the 设置 card): 留痕 for
-- the rules the follow-up engine works by.
CREATE TABLE settings_changes (
  id bigserial PRIMARY KEY,
  tenant_key text NOT NULL REFERENCES tenants (tenant_key),
  key text NOT NULL,
  old_value jsonb,
  new_value jsonb,
  changed_by text NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX settings_changes_tenant ON settings_changes (tenant_key, id);
