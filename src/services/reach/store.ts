/**
 * The delivery-problem and 加急 tables (migrations/20261129180000, 20261129180100). Their types live
 * here, attached with `withTables`, so this feature adds no lines to the shared database.ts.
 */
import type { ColumnType, Generated, Kysely, Selectable } from 'kysely';
import type { Db } from '../../db/client.ts';
import type { Database } from '../../db/database.ts';

type Stamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type ProblemStatus = 'open' | 'resolved' | 'handled';

export interface DeliveryProblemsTable {
  id: Generated<number>;
  tenant_key: string;
  subject: string;
  receive_id_type: 'open_id' | 'chat_id' | null;
  receive_id: string | null;
  code: string;
  last_error: string;
  failures: ColumnType<number, number | undefined, number>;
  last_route: string | null;
  last_item_id: number | null;
  status: ColumnType<ProblemStatus, ProblemStatus | undefined, ProblemStatus>;
  handled_by: string | null;
  first_at: Stamp;
  last_at: Stamp;
  closed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface DeliveryFailuresTable {
  outbox_id: string;
  tenant_key: string;
  problem_id: number;
  failed_at: Stamp;
}

export type UrgentKind = 'app' | 'sms' | 'phone';

export interface UrgentsTable {
  outbox_id: string;
  tenant_key: string;
  open_id: string;
  message_id: string;
  kind: UrgentKind;
  manual: boolean;
  item_id: number | null;
  urgent_at: Date;
  read_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export type ReachTables = {
  delivery_problems: DeliveryProblemsTable;
  delivery_failures: DeliveryFailuresTable;
  urgents: UrgentsTable;
};

export type ProblemRow = Selectable<DeliveryProblemsTable>;

/** The same connection (or transaction) with the reach tables typed. */
export const reachDb = (db: Db): Kysely<Database & ReachTables> => db.withTables<ReachTables>();
