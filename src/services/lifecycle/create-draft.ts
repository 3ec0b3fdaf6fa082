import type { Db } from '../../db/client.ts';
import type { NewOutbox } from '../../db/database.ts';
import { findItem, insertItemEvent, setCoUnits } from '../../db/queries/items.ts';
import type { Person } from '../../db/queries/people.ts';
import type { TenantContext } from '../../db/queries/tenants.ts';
import { listUnits } from '../../db/queries/units.ts';
import { beijingDate } from '../../domain/calendar/index.ts';
import { suggestKind } from '../../domain/deadline/deadline.ts';
import { readInstruction } from '../../domain/instruction/index.ts';
import type { IncomingMessage } from '../../lark/message.ts';
import { textMessage } from '../outbox-message.ts';
import { cardsTo } from './cards.ts';
import { renderDraftCard } from './draft-card.ts';
import { officeRecipients } from './recipients.ts';

/**
 * A leader or office member sent an instruction: read it, keep it as a draft (拟办) and put the
 * editable draft card before the office. Nothing is issued until an office member confirms.
 */
export async function createDraft(
  trx: Db,
  tenant: TenantContext,
  person: Person,
  msg: IncomingMessage,
  now: Date,
): Promise<NewOutbox[]> {
  const tenantKey = tenant.tenantKey;
  const known = await trx
    .selectFrom('items')
    .select('id')
    .where('tenant_key', '=', tenantKey)
    .where('source_message_id', '=', msg.messageId)
    .executeTakeFirst();
  if (known) return [];
  const units = await listUnits(trx, tenantKey);
  const reading = readInstruction(msg.text, {
    directory: { units },
    issued: beijingDate(now),
    calendar: tenant.calendar,
  });
  const unitId = new Map(units.map((u) => [u.name, u.id]));
  const lead = reading.lead ? (unitId.get(reading.lead) ?? null) : null;
  const co = reading.co.flatMap((name) => unitId.get(name) ?? []);
  const row = await trx
    .insertInto('items')
    .values({
      tenant_key: tenantKey,
      title: reading.title || msg.text.slice(0, 30),
      text: msg.text,
      source: reading.source,
      kind: suggestKind({ source: reading.source, lead: reading.lead, co: reading.co }),
      assigning_leader: person.roles.includes('leader') ? person.openId : null,
      created_by: person.openId,
      lead_unit_id: lead,
      deadline_explicit: reading.deadline,
      deadline_basis: reading.deadline_basis,
      // Kept so that 交办 with the date unchanged keeps it counted (and provisional where it must be).
      deadline_rule: reading.deadline_rule ? JSON.stringify(reading.deadline_rule) : null,
      state: 'draft',
      source_message_id: msg.messageId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await setCoUnits(trx, tenantKey, row.id, co);
  await insertItemEvent(trx, tenantKey, row.id, person.openId, 'create', {
    text: msg.text,
    messageId: msg.messageId,
  });
  const rec = await findItem(trx, tenantKey, row.id);
  if (!rec) throw new Error(`draft ${row.id} vanished inside its own transaction`);

  const notes = [
    ...(lead === null ? ['未识别到牵头单位，请选择'] : []),
    ...(reading.unknown_units.length ? [`名录中没有：${reading.unknown_units.join('、')}`] : []),
    ...(reading.deadline === null ? ['未识别到明确时限，将按办理类型的默认时限计算'] : []),
  ];
  const card = await renderDraftCard(trx, tenant, rec, notes);
  const office = await officeRecipients(trx, tenantKey, tenant.groups.supervision);
  // The supervision group, else each office member privately; a tenant with no office at all is told so.
  const to = office.length > 0 ? office : [{ type: 'open_id' as const, id: person.openId }];
  const ack = textMessage(
    {
      tenantKey,
      to: { type: 'chat_id', id: msg.chatId },
      key: `reply:${msg.messageId}`,
      replyTo: msg.messageId,
      purpose: 'draft_ack',
      itemId: rec.id,
    },
    office.length === 0
      ? '已生成拟办单，但名录中没有督查室人员，暂无人可以交办，请联系管理员。'
      : '已收到，已生成拟办单，督查室核对后即交办承办单位，办理结果将向您报告。',
  );
  return [...cardsTo(to, { tenantKey, itemId: rec.id, purpose: 'draft', key: `draft:${rec.id}` }, card), ack];
}
