/**
 * 群绑定: when the bot joins a group the office says what the group is for (a unit's group, the
 * supervision group, the leaders' group); when it leaves, the office hears what lost its group and
 * where that traffic goes now.
 */
import type { Card, CardElement } from './components.ts';
import { md, trusted } from './escape.ts';
import { FIELDS } from './forms.ts';
import type { UnitRef } from './types.ts';
import { card, form, hr, markdown, notation, select, submitButton, textInput } from './ui.ts';
import { firstThatFits } from './unit-fields.ts';

/** The form field saying what the group serves: 'supervision', 'leaders', 'unit:<id>', or 'unit' with a typed name. */
export const BIND_FIELD = 'bind_to';
export const ROLE_CHOICES = [
  { label: '督查室工作群（拟办单、报结审核、逾期通报）', value: 'supervision' },
  { label: '县领导群（督查专报、办结报告）', value: 'leaders' },
] as const;

export type ChatBindingCardInput = {
  /** bot_chats row id and the group's name. */
  chat: { id: number; name: string };
  /** Who added the bot, by name; null when not in the directory. */
  addedBy: string | null;
  /** What the group serves now ('县住房和城乡建设局工作群'), null when nothing. */
  current: string | null;
  /** Who bound it from chat, and when ('YYYY-MM-DD HH:mm'). */
  boundBy?: { name: string; at: string } | null;
  units: readonly UnitRef[];
  /** A line above the form, e.g. what the last binding moved. */
  note?: string | null;
};

function bindForm(input: ChatBindingCardInput, byName: boolean): CardElement {
  const label = input.current ? '更改绑定' : '绑定';
  const submit = submitButton(
    'bind_submit',
    label,
    { a: 'bind_chat', g: input.chat.id },
    { type: 'primary_filled' },
  );
  if (!byName) {
    const choices = [
      ...ROLE_CHOICES,
      ...input.units.map((u) => ({ label: `${u.name}工作群`, value: `unit:${u.id}` })),
    ];
    return form('bind', [select(BIND_FIELD, '请选择本群用途', choices, { required: true }), submit]);
  }
  // Hundreds of units do not fit a pick-list (30 KB): the unit is named in words instead.
  return form('bind', [
    select(
      BIND_FIELD,
      '请选择本群用途',
      [...ROLE_CHOICES, { label: '单位工作群（在下方填写单位名称）', value: 'unit' }],
      {
        required: true,
      },
    ),
    textInput(FIELDS.unitName, '单位工作群：请填写单位全称或简称', { maxLength: 100 }),
    submit,
  ]);
}

function build(input: ChatBindingCardInput, byName: boolean): Card {
  const who = trusted(input.addedBy ? md`${input.addedBy}将` : '');
  const by = trusted(input.boundBy ? md`（${input.boundBy.name}于 ${input.boundBy.at} 绑定）` : '');
  const status = input.current
    ? md`本群现为**${input.current}**${by}。如需更改，请重新选择。`
    : '请督查室选择本群的用途。绑定后，相关通知将发到本群。';
  const elements: CardElement[] = [
    markdown(md`${who}督查督办助手拉入群“${input.chat.name || '未命名群'}”。`),
    markdown(status),
    ...(input.note ? [markdown(md`${input.note}`)] : []),
    hr(),
    bindForm(input, byName),
    notation(
      '一个群只能用于一处：改绑后，原用途不再使用本群。机器人被移出群或群解散时，绑定自动解除，并通知督查室。',
    ),
  ];
  return card(
    {
      title: input.current ? `群绑定：${input.current}` : '新群待绑定',
      template: input.current ? 'green' : 'blue',
    },
    `群“${input.chat.name}”${input.current ? `已绑定为${input.current}` : '待绑定'}`,
    elements,
  );
}

export function buildChatBindingCard(input: ChatBindingCardInput): Card {
  return firstThatFits(
    () => build(input, false),
    () => build(input, true),
  );
}

export type ChatUnboundCardInput = {
  chatName: string;
  /** What lost its group: '县住房和城乡建设局工作群', '督查室工作群' … */
  lost: string;
  cause: 'removed' | 'disbanded';
  /** Who removed the bot or disbanded the group, by name, when known. */
  by: string | null;
  /** Where that traffic goes now, one sentence. */
  nowGoes: string;
};

export function buildChatUnboundCard(input: ChatUnboundCardInput): Card {
  const by = trusted(input.by ? md`被${input.by}` : '');
  const what = trusted(
    input.cause === 'disbanded'
      ? md`群“${input.chatName}”已${by}解散`
      : md`督查督办助手已${by}移出群“${input.chatName}”`,
  );
  return card({ title: `群绑定已解除：${input.lost}`, template: 'orange' }, `${input.lost}已解除绑定`, [
    markdown(md`${what}，该群原为**${input.lost}**，绑定已自动解除。`),
    markdown(md`**今后**：${input.nowGoes}`),
    notation('如需恢复，请将督查督办助手拉入该单位的工作群（或新建的群），并在随后的绑定卡片上选择用途。'),
  ]);
}
