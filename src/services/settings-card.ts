/** The 设置 card: office members read the tenant's settings and change the common ones from a form. */
import type { SettingsSaveValue } from '../../cards/actions.ts';
import type { Card } from '../../cards/components.ts';
import { validateCard } from '../../cards/schema.ts';
import type { SettingField } from '../../cards/settings.ts';
import { buildSettingsCard, settingFieldName } from '../../cards/settings.ts';
import type { CallbackResponse } from '../../cards/toast.ts';
import { toast, toastWithCard } from '../../cards/toast.ts';
import type { Db } from '../db/client.ts';
import type { Person } from '../db/queries/people.ts';
import type { Deps } from '../deps.ts';
import { formatSetting, settingKeys, settingValue } from '../domain/settings-keys.ts';
import { queueSends } from './lifecycle/followup-hooks.ts';
import { changeTenantSettings, readTenantSettings } from './tenant-settings.ts';

const yesNo = [
  { label: '是', value: 'true' },
  { label: '否', value: 'false' },
];
const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'].map((label, i) => ({
  label,
  value: String(i + 1),
}));

/** The settings the form offers, in the order an office thinks of them. */
const FORM: ReadonlyArray<{ key: string; choices?: SettingField['choices'] }> = [
  { key: 'deadlines.office' },
  { key: 'deadlines.forwarded' },
  { key: 'deadlines.co_handled' },
  {
    key: 'extensionApprover',
    choices: [
      { label: '督查室审批', value: 'office' },
      { label: '分管领导也可审批', value: 'leader_in_charge' },
    ],
  },
  { key: 'followup.sendAt' },
  { key: 'followup.officeHours.start' },
  { key: 'followup.officeHours.end' },
  { key: 'followup.remindWorkdaysBefore' },
  { key: 'followup.escalateAfterWorkdays' },
  { key: 'followup.overdueNoticeAfterWorkdays' },
  { key: 'followup.criticiseAfterWorkdays' },
  { key: 'followup.digest', choices: yesNo },
  { key: 'bulletin.weekday', choices: WEEKDAYS },
  { key: 'bulletin.time' },
];

export async function settingsCardFor(db: Db, tenantKey: string, note: string | null = null): Promise<Card> {
  const view = await readTenantSettings(db, tenantKey);
  if (!view) throw new Error(`tenant ${tenantKey} vanished`);
  const keys = settingKeys();
  const line = (key: string, label: string | null) => ({
    key,
    label: label ?? key,
    value: formatSetting(settingValue(view.settings, key)),
  });
  const labels = new Map(keys.map((k) => [k.key, k.label]));
  const checked = validateCard(
    buildSettingsCard({
      lines: keys.map((k) => line(k.key, k.label)),
      fields: FORM.map((f) => ({
        ...line(f.key, labels.get(f.key) ?? null),
        ...(f.choices ? { choices: f.choices } : {}),
      })),
      version: view.version,
      note,
    }),
  );
  if (!checked.ok) throw new Error(`settings card invalid: ${checked.error.message}`);
  return checked.value;
}

/** Saves the form as the operator: only fields whose value differs are changed, all or none. */
export async function saveSettingsFromCard(
  deps: Deps,
  person: Person,
  value: SettingsSaveValue,
  formValue: Record<string, unknown>,
): Promise<CallbackResponse> {
  if (!person.roles.includes('office')) return toast('error', '只有督查室工作人员可以修改设置');
  const view = await readTenantSettings(deps.db, person.tenantKey);
  if (!view) return toast('error', '未找到本单位的设置');
  const changes = FORM.flatMap(({ key }) => {
    const raw = formValue[settingFieldName(key)];
    if (typeof raw !== 'string') return [];
    return raw.trim() === formatSetting(settingValue(view.settings, key)) ? [] : [{ key, value: raw }];
  });
  if (changes.length === 0) return toast('info', '设置没有变化');
  const res = await changeTenantSettings(
    deps.db,
    person.tenantKey,
    changes,
    person.openId,
    deps.now(),
    value.v,
  );
  if (!res.ok) {
    if (res.error.code !== 'stale') return toast('error', res.error.message);
    return toastWithCard('warning', res.error.message, await settingsCardFor(deps.db, person.tenantKey));
  }
  await queueSends(deps, res.value.sends);
  const labels = new Map(settingKeys().map((k) => [k.key, k.label ?? k.key]));
  const note = `已保存：${res.value.changed.map((c) => `${labels.get(c.key)} ${formatSetting(c.from)} → ${formatSetting(c.to)}`).join('；')}`;
  return toastWithCard('success', '设置已保存', await settingsCardFor(deps.db, person.tenantKey, note));
}
