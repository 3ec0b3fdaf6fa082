import type { Db } from '../../db/client.ts';
import type { NewOutbox } from '../../db/database.ts';
import { findIntake } from '../../db/queries/files.ts';
import type { Person } from '../../db/queries/people.ts';
import { loadTenantContext, type TenantContext } from '../../db/queries/tenants.ts';
import { listUnits, type UnitInfo } from '../../db/queries/units.ts';
import { beijingDate } from '../../domain/calendar/index.ts';
import { readInstruction } from '../../domain/instruction/index.ts';
import type { DocumentBlock, Matter } from '../../domain/instruction/matters.ts';
import { splitMatters } from '../../domain/instruction/matters.ts';
import type { IncomingMessage } from '../../lark/message.ts';
import type { Logger } from '../../lib/logger.ts';
import { beijingStamp } from '../item-view.ts';
import { createDraft, type DraftMatter } from '../lifecycle/create-draft.ts';
import { textMessage } from '../outbox-message.ts';
import type { ForwardLine } from './intake.ts';
import { INTAKE_FAILURES, IntakeContentSchema, type IntakeFailure } from './intake.ts';
import { READABLE_DOCUMENTS } from './read-document.ts';

export const UNREADABLE = '无法识别文字，请督查室据附件填写';
export const unsupportedFile = (name: string): string =>
  `暂只能读取 ${READABLE_DOCUMENTS} 文件中的文字，“${name}”无法读取。请发送文字、${READABLE_DOCUMENTS} 文件或图片。`;

type Env = {
  trx: Db;
  tenant: TenantContext;
  units: UnitInfo[];
  person: Person;
  msg: IncomingMessage;
  now: Date;
};

/**
 * An instruction from a leader or the office, whatever form it came in: typed or pasted text, a merged
 * forward, a .docx or .pdf, a photo. Lists of matters become one draft each. The network work was
 * done before this transaction (prepare-message.ts); what it left is read here.
 */
export async function draftInstruction(
  trx: Db,
  person: Person,
  msg: IncomingMessage,
  now: Date,
  logger: Logger,
): Promise<NewOutbox[]> {
  const tenant = await loadTenantContext(trx, person.tenantKey, logger);
  const units = await listUnits(trx, person.tenantKey);
  const env: Env = { trx, tenant, units, person, msg, now };
  if (msg.messageType === 'text' || msg.messageType === 'post') {
    return draftMatters(env, split(env, [{ kind: 'text', text: msg.text }]), msg.text, []);
  }
  const intake = await findIntake(trx, person.tenantKey, msg.messageId);
  const name = msg.attachments[0]?.name ?? '图片';
  if (!intake) return msg.messageType === 'file' ? [reply(env, unsupportedFile(name))] : [];
  if (intake.status === 'failed')
    return [reply(env, INTAKE_FAILURES[(intake.failure ?? 'unavailable') as IntakeFailure])];
  const content = IntakeContentSchema.safeParse(intake.content);
  if (!content.success) throw new Error(`unreadable intake for ${msg.messageId}: ${content.error.message}`);
  const c = content.data;
  if (c.kind === 'merge_forward') return draftForward(env, c.lines);
  if (c.kind === 'document' && c.blocks !== null)
    return draftMatters(env, split(env, c.blocks), null, [`原文取自文件“${c.name}”，原件见附件`]);
  return draftUnreadable(env, c.kind === 'document' ? c.name : name);
}

const readContext = (env: Env) => ({
  directory: { units: env.units },
  issued: beijingDate(env.now),
  calendar: env.tenant.calendar,
});
const split = (env: Env, blocks: DocumentBlock[]) => splitMatters(blocks, readContext(env));

function reply(env: Env, text: string): NewOutbox {
  return textMessage(
    {
      tenantKey: env.person.tenantKey,
      to: { type: 'chat_id', id: env.msg.chatId },
      key: `reply:${env.msg.messageId}`,
      replyTo: env.msg.messageId,
      purpose: 'note',
    },
    text,
  );
}

/**
 * One draft per matter. A single matter keeps `whole` as its text when given (the message as written,
 * or a forward's transcript with names and times), so nothing the office should see is lost.
 */
async function draftMatters(
  env: Env,
  split: { matters: Matter[] },
  whole: string | null,
  notes: string[],
): Promise<NewOutbox[]> {
  const { matters } = split;
  if (matters.length === 0) return [];
  const out: NewOutbox[] = [];
  for (const [part, m] of matters.entries()) {
    const matter: DraftMatter =
      matters.length === 1
        ? { part, of: 1, text: whole ?? m.text, reading: m.reading, notes }
        : {
            part,
            of: matters.length,
            text: m.text,
            reading: m.reading,
            notes: [
              ...notes,
              `本事项为所列第 ${part + 1} 项（共 ${matters.length} 项），可逐项交办，或并入上一事项、作废`,
            ],
          };
    out.push(...(await createDraft(env.trx, env.tenant, env.person, env.msg, env.now, matter)));
  }
  return out;
}

async function draftForward(env: Env, lines: ForwardLine[]): Promise<NewOutbox[]> {
  const said = lines.filter((l) => l.said).map((l) => l.text);
  if (said.length === 0)
    return [reply(env, '这条合并转发的聊天记录中没有文字内容，请直接发送批示或工作要求的文字。')];
  const senders = [...new Set(lines.flatMap((l) => (l.sender ? [l.sender] : [])))];
  const people = senders.length
    ? await env.trx
        .selectFrom('people')
        .select(['open_id', 'name'])
        .where('tenant_key', '=', env.person.tenantKey)
        .where('open_id', 'in', senders)
        .execute()
    : [];
  const names = new Map(people.map((p) => [p.open_id, p.name]));
  const transcript = lines.map((l) => {
    const who = l.sender ? (names.get(l.sender) ?? '名录外人员') : '机器人';
    const at = l.at ? beijingStamp(new Date(Number(l.at))).slice(5) : '';
    return `${'　'.repeat(l.depth)}${who} ${at}：${l.text}`;
  });
  const whole = `【合并转发的聊天记录】\n${transcript.join('\n')}`;
  return draftMatters(env, split(env, [{ kind: 'text', text: said.join('\n') }]), whole, [
    '内容取自合并转发的聊天记录，发送人和时间见原文',
  ]);
}

/** A scan or a photo: the draft says so and keeps the file; the office fills it in from the attachment. */
async function draftUnreadable(env: Env, name: string): Promise<NewOutbox[]> {
  const title = name.replace(/\.[A-Za-z0-9]+$/, '');
  const reading = readInstruction(title, readContext(env));
  return createDraft(env.trx, env.tenant, env.person, env.msg, env.now, {
    part: 0,
    of: 1,
    text: `〔${name}〕${UNREADABLE}。`,
    reading,
    fallbackTitle: title,
    notes: [UNREADABLE],
  });
}
