import type { ListKind } from '../../../cards/actions.ts';
import type { Card } from '../../../cards/components.ts';
import { buildItemListCard } from '../../../cards/item-list.ts';
import type { Db } from '../../db/client.ts';
import type { NewOutbox } from '../../db/database.ts';
import { findItemByNumber } from '../../db/queries/items.ts';
import type { Person } from '../../db/queries/people.ts';
import { loadTenantContext } from '../../db/queries/tenants.ts';
import { beijingDate } from '../../domain/calendar/index.ts';
import type { Result } from '../../lib/result.ts';
import { err, ok } from '../../lib/result.ts';
import { bulletinPeriod } from '../bulletin.ts';
import { bulletinMessages } from '../bulletin-flow.ts';
import { detailMessage, maySee } from '../chat/item-detail.ts';
import { LEDGER_MSG_TYPE } from '../deliver-ledger.ts';
import { beijingStamp } from '../item-view.ts';
import { pendingListCard } from '../office-pending.ts';
import type { Recipient } from '../outbox-message.ts';
import { stableUuid } from '../outbox-message.ts';
import { proposalListCard } from '../proposals/list.ts';
import { proposalStatsCard } from '../proposals/report.ts';
import { settingsCardFor } from '../settings-card.ts';
import { statsCardFor } from '../unit-stats.ts';
import { isOverdue, itemsInScope, listEntries } from './item-lists.ts';

export type Command =
  | { name: 'mine' | 'overdue' | 'proposals' | 'pending'; page: number }
  | { name: 'detail'; number: string }
  | { name: 'stats' | 'bulletin' | 'export' | 'settings' | 'proposal_stats' };

const WORDS: Record<string, Command> = {
  我的事项: { name: 'mine', page: 1 },
  我的督办: { name: 'mine', page: 1 },
  我的任务: { name: 'mine', page: 1 },
  逾期: { name: 'overdue', page: 1 },
  逾期事项: { name: 'overdue', page: 1 },
  统计: { name: 'stats' },
  专报: { name: 'bulletin' },
  督查专报: { name: 'bulletin' },
  导出台账: { name: 'export' },
  设置: { name: 'settings' },
  建议提案: { name: 'proposals', page: 1 },
  建议提案统计: { name: 'proposal_stats' },
  待办: { name: 'pending', page: 1 },
  督查室待办: { name: 'pending', page: 1 },
};

/** The commands of the help card; anything else is an instruction or a report, not a command. */
export function parseCommand(text: string): Command | null {
  const t = text.trim().replace(/\s+/g, ' ');
  const word = WORDS[t];
  if (word) return word;
  const detail = /^事项\s*(督〔\d{4}〕\d+号|\d{4}-\d+|\d+)$/.exec(t);
  return detail?.[1] ? { name: 'detail', number: detail[1] } : null;
}

/** '17' → this year's 督〔YYYY〕17号; '2025-3' → 督〔2025〕3号. */
export function normaliseNumber(input: string, today: string): string {
  if (/^\d+$/.test(input)) return `督〔${today.slice(0, 4)}〕${Number(input)}号`;
  const m = /^(\d{4})-(\d+)$/.exec(input);
  return m ? `督〔${m[1]}〕${Number(m[2])}号` : input;
}

export type Answer = { card: Card } | { messages: NewOutbox[] };
type Where = { to: Recipient; key: string; replyTo: string | null };

const isOffice = (p: Person) => p.roles.includes('office');

const mayOversee = (p: Person) => p.roles.includes('office') || p.roles.includes('leader');

/** Runs a command for a person; a refusal is a Chinese sentence saying why. */
export async function runCommand(
  trx: Db,
  person: Person,
  command: Command,
  now: Date,
  where: Where,
): Promise<Result<Answer, string>> {
  switch (command.name) {
    case 'pending':
      // Anyone else asking for their 待办 means their own items.
      return ok({
        card: await listCard(trx, person, isOffice(person) ? 'pending' : 'mine', command.page, now),
      });
    case 'mine':
    case 'overdue':
    case 'proposals':
      return ok({ card: await listCard(trx, person, command.name, command.page, now) });
    case 'detail': {
      const rec = await findItemByNumber(
        trx,
        person.tenantKey,
        normaliseNumber(command.number, beijingDate(now)),
      );
      if (!rec || !maySee(person, rec)) return err(`没有找到事项“${command.number}”，或您无权查看`);
      return ok({
        messages: [await detailMessage(trx, person, rec, where.to, where.key, now, where.replyTo)],
      });
    }
    case 'stats':
      if (!mayOversee(person)) return err('统计数据仅供督查室和县领导查看');
      return ok({ card: await statsCardFor(trx, person.tenantKey, {}, now) });
    case 'bulletin': {
      if (!mayOversee(person)) return err('督查专报仅供督查室和县领导查看');
      const ctx = await loadTenantContext(trx, person.tenantKey);
      const saved = await bulletinMessages(trx, ctx, bulletinPeriod(now), now, {
        origin: 'manual',
        requester: { openId: person.openId, roles: person.roles },
        to: where.to,
        replyTo: where.replyTo,
      });
      return ok({ messages: saved.messages });
    }
    case 'proposal_stats':
      if (!mayOversee(person)) return err('建议提案统计仅供督查室和县领导查看');
      return ok({ card: await proposalStatsCard(trx, person.tenantKey, now) });
    case 'export':
      if (!person.roles.includes('office')) return err('只有督查室工作人员可以导出台账');
      return ok({ messages: [ledgerExport(person, where)] });
    case 'settings':
      if (!person.roles.includes('office')) return err('只有督查室工作人员可以查看和修改设置');
      return ok({ card: await settingsCardFor(trx, person.tenantKey) });
  }
}

/** The ledger is built and uploaded by the sender (network work stays out of transactions). */
function ledgerExport(person: Person, where: Where): NewOutbox {
  return {
    id: stableUuid(person.tenantKey, where.key),
    tenant_key: person.tenantKey,
    receive_id_type: where.to.type,
    receive_id: where.to.id,
    reply_to: where.replyTo,
    msg_type: LEDGER_MSG_TYPE,
    content: JSON.stringify({ requestedBy: person.openId }),
    purpose: 'ledger_export',
  };
}

export async function listCard(
  db: Db,
  person: Person,
  kind: ListKind,
  page: number,
  now: Date,
): Promise<Card> {
  const tenant = await loadTenantContext(db, person.tenantKey);
  if (kind === 'proposals') return proposalListCard(db, tenant, person, page, now);
  if (kind === 'pending')
    return isOffice(person)
      ? pendingListCard(db, tenant, page, now)
      : buildItemListCard({ kind, items: [], page: 1, summary: '督查室待办仅供督查室工作人员查看。' });
  const today = beijingDate(now);
  const rows = (await itemsInScope(db, person)).filter((r) => kind !== 'overdue' || isOverdue(r, today));
  return buildItemListCard({
    kind,
    items: await listEntries(db, tenant, rows, now),
    page,
    now: beijingStamp(now),
  });
}
