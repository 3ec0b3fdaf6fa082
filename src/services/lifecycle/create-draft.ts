import type { Db } from '../../db/client.ts';
import type { NewOutbox } from '../../db/database.ts';
import { findItem, insertItemEvent, setCoUnits } from '../../db/queries/items.ts';
import type { Person } from '../../db/queries/people.ts';
import type { TenantContext } from '../../db/queries/tenants.ts';
import { listUnits } from '../../db/queries/units.ts';
import { beijingDate } from '../../domain/calendar/index.ts';
import { suggestKind } from '../../domain/deadline/deadline.ts';
import type { InstructionReading } from '../../domain/instruction/index.ts';
import { readInstruction } from '../../domain/instruction/index.ts';
import type { IncomingMessage } from '../../lark/message.ts';
import { textMessage } from '../outbox-message.ts';
import { cardsTo } from './cards.ts';
import { renderDraftCard } from './draft-card.ts';
import { officeRecipients } from './recipients.ts';

/**
 * One matter of a message to draft: the whole message by default; one of several matters of minutes
 * (`part` 0, 1, …), or the text of a merged forward or a document, when the intake says so.
 */
export type DraftMatter = {
  part: number;
  /** How many matters the message holds; the sender's acknowledgement counts them. */
  of: number;
  text: string;
  /** Already read (the matter splitter reads each matter); read here when absent. */
  reading?: InstructionReading;
  /** Remarks for the office on the draft card (where the text came from, what could not be read). */
  notes?: string[];
  /** A title for when the reader finds none (e.g. a scanned document's file name). */
  fallbackTitle?: string;
};

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
  matter: DraftMatter = { part: 0, of: 1, text: msg.text },
): Promise<NewOutbox[]> {
  const tenantKey = tenant.tenantKey;
  const known = await trx
    .selectFrom('items')
    .select('id')
    .where('tenant_key', '=', tenantKey)
    .where('source_message_id', '=', msg.messageId)
    .where('source_part', '=', matter.part)
    .executeTakeFirst();
  if (known) return [];
  const units = await listUnits(trx, tenantKey);
  const reading =
    matter.reading ??
    readInstruction(matter.text, {
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
      title: reading.title || matter.fallbackTitle || matter.text.slice(0, 30),
      text: matter.text,
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
      source_part: matter.part,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await setCoUnits(trx, tenantKey, row.id, co);
  await insertItemEvent(trx, tenantKey, row.id, person.openId, 'create', {
    text: matter.text,
    messageId: msg.messageId,
    ...(matter.of > 1 ? { part: matter.part + 1, of: matter.of } : {}),
  });
  const rec = await findItem(trx, tenantKey, row.id);
  if (!rec) throw new Error(`draft ${row.id} vanished inside its own transaction`);

  const notes = [
    ...(lead === null ? ['未识别到牵头单位，请选择'] : []),
    ...(reading.unknown_units.length ? [`名录中没有：${reading.unknown_units.join('、')}`] : []),
    ...(reading.deadline === null ? ['未识别到明确时限，将按办理类型的默认时限计算'] : []),
    ...reading.notes,
    ...(matter.notes ?? []),
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
      : matter.of > 1
        ? `已收到，已按所列事项生成 ${matter.of} 份拟办单，督查室核对后即逐项交办，办理结果将向您报告。`
        : '已收到，已生成拟办单，督查室核对后即交办承办单位，办理结果将向您报告。',
  );
  const cards = cardsTo(to, { tenantKey, itemId: rec.id, purpose: 'draft', key: `draft:${rec.id}` }, card);
  // One acknowledgement per message, however many matters it held.
  return matter.part === 0 ? [...cards, ack] : cards;
}
