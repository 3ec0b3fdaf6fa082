/**
 * Tenant settings by dotted key (`followup.sendAt`, `deadlines.forwarded`), generic over
 * TenantSettingsSchema: a key appended to the schema is listed, parsed and checked here with no change.
 * Pure: the services store the result.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../lib/result.ts';
import { type TenantSettings, TenantSettingsSchema } from './settings.ts';

export type SettingKind =
  | { type: 'number'; min: number | null; max: number | null }
  | { type: 'boolean' }
  | { type: 'enum'; options: string[] }
  | { type: 'string' }
  | { type: 'list'; element: SettingKind };

export type SettingKey = { key: string; kind: SettingKind; label: string | null };

/** How the office reads a key. Keys without a label show the schema's description or the key itself. */
export const SETTING_LABELS: Readonly<Record<string, string>> = {
  'deadlines.office': '自办件办理时限（工作日）',
  'deadlines.forwarded': '转办件办理时限（工作日）',
  'deadlines.co_handled': '多单位协办件办理时限（工作日）',
  'deadlines.npc_cppcc.months': '建议提案答复时限（交办后月数，最长6个月）',
  extensionApprover: '延期审批（office 督查室 / leader_in_charge 分管领导）',
  publishedYears: '已录入全年节假日安排的年份',
  'warning.yellowWithinWorkdays': '临近时限黄色预警（剩余工作日）',
  'warning.quietWorkdays': '未反馈黄色预警（工作日）',
  'followup.officeHours.start': '办公时间开始',
  'followup.officeHours.end': '办公时间结束',
  'followup.sendAt': '自动提醒发送时间',
  'followup.remindWorkdaysBefore': '到期前提醒（提前工作日，逗号分隔）',
  'followup.remindOnDueDay': '到期当日提醒',
  'followup.acceptUrgeAfterWorkdays': '未签收催办（工作日，0 为不催）',
  'followup.overdueDailyUrge': '逾期后每日催办',
  'followup.escalateAfterWorkdays': '逾期提请分管领导督促（工作日，0 为不提请）',
  'followup.overdueNoticeAfterWorkdays': '逾期在督查工作群通报（工作日，0 为不通报）',
  'followup.criticiseAfterWorkdays': '逾期列入通报批评（工作日，0 为不列入）',
  'followup.digest': '提醒汇总为每日一条（减负）',
  'followup.digestRecipients': '仅为以下人员或群汇总（open_id/chat_id，逗号分隔）',
  'bulletin.weekday': '督查专报发送日（1 周一 … 7 周日）',
  'bulletin.time': '督查专报发送时间',
};

function unwrap(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional)
    return unwrap(schema.unwrap() as z.ZodType);
  return schema;
}

function kindOf(schema: z.ZodType): SettingKind | null {
  const s = unwrap(schema);
  if (s instanceof z.ZodNumber) return { type: 'number', min: s.minValue, max: s.maxValue };
  if (s instanceof z.ZodBoolean) return { type: 'boolean' };
  if (s instanceof z.ZodEnum) return { type: 'enum', options: s.options.map(String) };
  if (s instanceof z.ZodString) return { type: 'string' };
  if (s instanceof z.ZodArray) {
    const element = kindOf(s.element as z.ZodType);
    return element ? { type: 'list', element } : null;
  }
  return null;
}

function collect(schema: z.ZodType, prefix: string, out: SettingKey[]): void {
  const s = unwrap(schema);
  if (s instanceof z.ZodObject) {
    for (const [name, child] of Object.entries(s.shape as Record<string, z.ZodType>))
      collect(child, prefix ? `${prefix}.${name}` : name, out);
    return;
  }
  const kind = kindOf(s);
  if (kind) out.push({ key: prefix, kind, label: SETTING_LABELS[prefix] ?? schema.description ?? null });
}

export function settingKeys(schema: z.ZodType = TenantSettingsSchema): SettingKey[] {
  const out: SettingKey[] = [];
  collect(schema, '', out);
  return out;
}

/** What a key accepts, in both languages, for error messages and `settings show`. */
export function describeKind(kind: SettingKind): string {
  switch (kind.type) {
    case 'number':
      return kind.min !== null && kind.max !== null
        ? `${kind.min}–${kind.max} 的整数 / an integer ${kind.min}–${kind.max}`
        : '整数 / an integer';
    case 'boolean':
      return 'true 或 false / true or false';
    case 'enum':
      return `${kind.options.join(' 或 ')} / one of ${kind.options.join(', ')}`;
    case 'string':
      return '文本 / text';
    case 'list':
      return `逗号分隔的列表，每项为${describeKind(kind.element)}（空串为空列表）/ a comma-separated list`;
  }
}

const BOOLEANS: Readonly<Record<string, boolean>> = {
  true: true,
  false: false,
  on: true,
  off: false,
  yes: true,
  no: false,
  '1': true,
  '0': false,
  是: true,
  否: false,
  开: true,
  关: false,
};

function parseAs(kind: SettingKind, raw: string): unknown {
  const text = raw.trim();
  switch (kind.type) {
    case 'number':
      return /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
    case 'boolean':
      return BOOLEANS[text.toLowerCase()] ?? text;
    case 'list':
      if (text.startsWith('[')) {
        try {
          return JSON.parse(text);
        } catch {
          return text;
        }
      }
      return text === '' ? [] : text.split(/[,，、\s]+/).map((part) => parseAs(kind.element, part));
    default:
      return text;
  }
}

export type SettingChange = { key: string; from: unknown; to: unknown };

const get = (obj: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>(
    (o, p) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[p] : undefined),
    obj,
  );

/**
 * Sets `path` in the stored object. A group not stored yet starts from its current (default) values,
 * since a group's default applies only when the whole group is absent.
 */
function set(
  obj: Record<string, unknown>,
  path: readonly string[],
  value: unknown,
  current: unknown,
): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined) return obj;
  const child = obj[head];
  const base = child && typeof child === 'object' ? child : get(current, [head]);
  const next =
    rest.length === 0
      ? value
      : set(
          base && typeof base === 'object' ? { ...(base as Record<string, unknown>) } : {},
          rest,
          value,
          get(current, [head]),
        );
  return { ...obj, [head]: next };
}

export function settingValue(settings: TenantSettings, key: string): unknown {
  return get(settings, key.split('.'));
}

/** A value as `settings show` and the card print it. */
export function formatSetting(value: unknown): string {
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}

/**
 * Applies `changes` (key → the text a person typed) to the stored settings object. Only the keys
 * given are written, so defaults a later version changes still reach this tenant. A bad key or value
 * is refused naming the key and what it accepts; nothing is applied then.
 */
export function applySettings(
  stored: Record<string, unknown>,
  changes: ReadonlyArray<{ key: string; value: string }>,
  schema: z.ZodType<TenantSettings> = TenantSettingsSchema,
): Result<{ stored: Record<string, unknown>; settings: TenantSettings; changed: SettingChange[] }, string> {
  const keys = new Map(settingKeys(schema).map((k) => [k.key, k]));
  const before = schema.safeParse(stored);
  let next = stored;
  for (const { key, value } of changes) {
    const known = keys.get(key);
    if (!known) {
      const close = [...keys.keys()].filter((k) =>
        k.toLowerCase().includes(key.toLowerCase().split('.').at(-1) ?? ''),
      );
      return err(
        `没有设置项 ${key} / unknown setting ${key}${close.length > 0 ? `；是否指 ${close.join('、')}？/ did you mean ${close.join(', ')}?` : '；duban settings show 列出全部设置项 / see duban settings show'}`,
      );
    }
    next = set(next, key.split('.'), parseAs(known.kind, value), before.success ? before.data : undefined);
  }
  const parsed = schema.safeParse(next);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.filter((p) => typeof p === 'string').join('.') ?? '';
    const key =
      [...keys.keys()].find((k) => k === path || path.startsWith(`${k}.`) || k.startsWith(`${path}.`)) ??
      path;
    const kind = keys.get(key)?.kind;
    const given = changes.find((c) => c.key === key)?.value;
    return err(
      `设置项 ${key} 的值${given === undefined ? '' : `“${given}”`}无效：${issue?.message ?? ''}；应为${kind ? describeKind(kind) : '有效值'} / invalid value for ${key}`,
    );
  }
  const old = before.success ? before.data : undefined;
  const changed = changes
    .map(({ key }) => ({
      key,
      from: old ? settingValue(old, key) : undefined,
      to: settingValue(parsed.data, key),
    }))
    .filter((c) => JSON.stringify(c.from) !== JSON.stringify(c.to));
  return ok({ stored: next, settings: parsed.data, changed });
}
