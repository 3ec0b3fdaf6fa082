/**
 * 设置 (office only): the tenant's current settings, and a form for the common ones. Every field is
 * pre-filled with the current value; what is left unchanged is not changed.
 */
import type { Card, CardElement } from './components.ts';
import { md } from './escape.ts';
import type { Choice } from './ui.ts';
import { card, form, hr, markdown, notation, panel, select, submitButton, textInput } from './ui.ts';

export type SettingLine = { key: string; label: string; value: string };
export type SettingField = SettingLine & { choices?: Choice[] };

export type SettingsCardInput = {
  /** Every setting, for reading. */
  lines: SettingLine[];
  /** The ones the form changes. */
  fields: SettingField[];
  /** The settings version the form is based on. */
  version: number;
  /** A line above the form, e.g. what was just saved. */
  note?: string | null;
};

/** Feishu form field names: the dotted key with dots as double underscores. */
export const settingFieldName = (key: string): string => key.replaceAll('.', '__');
export const settingKeyOfField = (name: string): string => name.replaceAll('__', '.');

function field(f: SettingField): CardElement[] {
  const name = settingFieldName(f.key);
  const input = f.choices
    ? select(name, f.label, f.choices, { initial: f.value })
    : textInput(name, f.label, { defaultValue: f.value, maxLength: 200 });
  return [markdown(md`**${f.label}**`), input];
}

export function buildSettingsCard(input: SettingsCardInput): Card {
  const all = input.lines.map((l) => md`- ${l.label}：${l.value}`).join('\n');
  const elements: CardElement[] = [
    ...(input.note ? [markdown(md`${input.note}`)] : []),
    form('settings', [
      ...input.fields.flatMap(field),
      submitButton('save', '保存设置', { a: 'settings_save', v: input.version }, { type: 'primary' }),
    ]),
    hr(),
    panel('全部设置', [markdown(all)]),
    notation(
      '修改提醒设置后，在办事项的提醒将按新设置重新安排；办理时限天数的修改只适用于此后交办的事项。其余设置可用命令行 duban settings set 修改。',
    ),
  ];
  return card({ title: '督查督办设置', template: 'blue' }, '督查督办设置', elements);
}
