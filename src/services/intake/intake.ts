import { z } from 'zod';
import type { Person } from '../../db/queries/people.ts';
import type { IncomingMessage } from '../../lark/message.ts';

/**
 * What the network stage leaves for the event's transaction, per message (message_intakes.content).
 * Parsed back with these schemas: rows outlive deploys.
 */
const ForwardLineSchema = z.object({
  /** open_id of the sub-message's sender; null for a bot or an anonymous sender. */
  sender: z.string().nullable(),
  /** Milliseconds, as Feishu gives it. */
  at: z.string().nullable(),
  depth: z.number().int(),
  text: z.string(),
  /** True for what a person wrote (text, post); false for placeholders such as [图片]. */
  said: z.boolean(),
});
export type ForwardLine = z.infer<typeof ForwardLineSchema>;

const BlockSchema = z.union([
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({ kind: z.literal('table'), rows: z.array(z.array(z.string())) }),
]);

export const IntakeContentSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('merge_forward'), lines: z.array(ForwardLineSchema) }),
  /** `blocks` null: no text to read (a scan, a photo, a damaged file). */
  z.object({ kind: z.literal('document'), name: z.string(), blocks: z.array(BlockSchema).nullable() }),
  z.object({ kind: z.literal('files') }),
]);
export type IntakeContent = z.infer<typeof IntakeContentSchema>;

/** Why an intake could not be done; each has its one line to the sender. */
export const INTAKE_FAILURES = {
  bot_not_in_chat: '机器人不在原会话中，无法读取这条转发的内容，请将原消息直接发送给我。',
  no_permission: '无权读取这条消息的内容，请将原文直接发送给我。',
  deleted: '这条消息已被撤回或删除，无法读取，请重新发送。',
  too_large: '文件超过 20 MB，无法接收，请压缩后重新发送或直接发送文字。',
  unavailable: '暂时无法读取这条消息的内容（飞书接口多次无响应），请稍后重新发送。',
} as const;
export type IntakeFailure = keyof typeof INTAKE_FAILURES;

/** Feishu codes that never get better by retrying, mapped to what the sender is told. */
export function failureOf(code: number | undefined): IntakeFailure {
  if (code === 230002 || code === 234004) return 'bot_not_in_chat';
  if (code === 230110) return 'deleted';
  if (code === 234037) return 'too_large';
  if (code !== undefined && [230027, 230050, 234002, 234009, 234038, 234040].includes(code))
    return 'no_permission';
  return 'unavailable';
}

/** What a message from a person in the directory is for; decides both stages. */
export type Intent = 'report' | 'instruction' | 'other';

export function intentOf(person: Person, msg: Pick<IncomingMessage, 'parentId'>): Intent {
  const drafts = person.roles.includes('office') || person.roles.includes('leader');
  // A leader who also heads a unit reports by replying to the item's card.
  if (person.unitIds.length > 0 && (!drafts || msg.parentId)) return 'report';
  return drafts ? 'instruction' : 'other';
}
