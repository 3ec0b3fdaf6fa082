import type { Db } from '../client.ts';

/** Every tenant in the database, for admin commands that must pick one. */
export async function listTenantKeys(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('tenants').select('tenant_key').orderBy('tenant_key').execute();
  return rows.map((r) => r.tenant_key);
}
