import { z } from 'zod';
import { DEFAULT_DEADLINE_POLICY } from './deadline/deadline.ts';

/** The audit retention floor in days; the job also never deletes anything younger than 6 calendar months. */
export const RETENTION_MIN_DAYS = 180;

/** The steps that may 加急 their people automatically (settings `urgent.steps`). */
export const URGENT_STEPS = ['supervise', 'overdue_urge', 'escalate'] as const;
export type UrgentStep = (typeof URGENT_STEPS)[number];

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM');
const days = (max: number) => z.number().int().min(0).max(max);

/**
 * Everything an office may tune, per tenant (tenants.settings). Every field has the default from the
 * rules, so an empty object is a complete configuration.
 */
export const TenantSettingsSchema = z
  .object({
    deadlines: z
      .object({
        office: days(250).min(1),
        forwarded: days(250).min(1),
        co_handled: days(250).min(1),
        // 建议提案: reply within N months of 交办; the regulations allow no more than 6.
        npc_cppcc: z.object({ months: z.number().int().min(1).max(6) }),
      })
      .default(DEFAULT_DEADLINE_POLICY),
    /** Who besides the office may approve an extension. */
    extensionApprover: z.enum(['office', 'leader_in_charge']).default('office'),
    /** Years after the calendar snapshot whose schedule the office entered as overrides. */
    publishedYears: z.array(z.number().int().min(2000).max(2100)).default([]),
    warning: z
      .object({
        /** Yellow when this many working days or fewer are left. */
        yellowWithinWorkdays: days(30).default(3),
        /** Yellow when no report came for this many working days. */
        quietWorkdays: days(60).default(5),
      })
      .default({ yellowWithinWorkdays: 3, quietWorkdays: 5 }),
    followup: z
      .object({
        officeHours: z.object({ start: clock, end: clock }).default({ start: '09:00', end: '18:00' }),
        /** When automatic reminders go out on a working day. */
        sendAt: clock.default('09:00'),
        remindWorkdaysBefore: z.array(days(30)).default([3, 1]),
        remindOnDueDay: z.boolean().default(true),
        /** Urge an issued item nobody accepted after this many working days. */
        /** 0 turns a step off (here and in the three ladder steps below). */
        acceptUrgeAfterWorkdays: days(10).default(1),
        overdueDailyUrge: z.boolean().default(true),
        /** Ladder steps fire on the day the item is this many working days overdue. */
        escalateAfterWorkdays: days(30).default(3),
        overdueNoticeAfterWorkdays: days(30).default(3),
        criticiseAfterWorkdays: days(30).default(5),
        /**
         * 减负: gather each recipient's reminders and urges of the day into one digest card. `digest`
         * turns it on for everyone; `digestRecipients` (open_id or chat_id) for those listed only.
         */
        digest: z.boolean().default(false),
        digestRecipients: z.array(z.string().min(1).max(100)).max(5000).default([]),
        /**
         * 督查室待办 (office-pending.ts): the office hears each working morning of what has waited on it
         * (or a leader) this many working days; 0 turns the reminder off (the 待办 command still works).
         */
        officePendingAfterWorkdays: days(10)
          .default(1)
          .describe('督查室待办提醒：等待满几个工作日列入每日待办（0 关闭）'),
      })
      .default({
        officeHours: { start: '09:00', end: '18:00' },
        sendAt: '09:00',
        remindWorkdaysBefore: [3, 1],
        remindOnDueDay: true,
        acceptUrgeAfterWorkdays: 1,
        overdueDailyUrge: true,
        escalateAfterWorkdays: 3,
        overdueNoticeAfterWorkdays: 3,
        criticiseAfterWorkdays: 5,
        digest: false,
        digestRecipients: [],
        officePendingAfterWorkdays: 1,
      }),
    bulletin: z
      .object({ weekday: z.number().int().min(1).max(7).default(5), time: clock.default('16:00') })
      .default({ weekday: 5, time: '16:00' }),
    /**
     * The live 台账 in a Feishu Base (多维表格): the app_token and table_id from the table's URL.
     * Off while either is unset.
     */
    base: z
      .object({
        appToken: z
          .string()
          .regex(/^[A-Za-z0-9]{8,64}$/, '多维表格 app_token 格式不正确')
          .nullable()
          .default(null),
        tableId: z
          .string()
          .regex(/^tbl[A-Za-z0-9]{4,32}$/, '数据表 table_id 应以 tbl 开头')
          .nullable()
          .default(null),
      })
      .default({ appToken: null, tableId: null }),
    /**
     * 书面专报 (§四.4), sent once the office has decided on the named criticism: a Feishu document
     * (needs the docx and drive scopes), or, where the tenant does not allow documents, a .docx file.
     */
    writtenBulletin: z
      .object({
        format: z.enum(['document', 'file', 'none']).default('file'),
        /** A folder the app created (tenant token); the app's root folder when unset. */
        folderToken: z.string().min(1).max(100).nullable().default(null),
        /** e.g. https://example.feishu.cn, to link the document in the group message. */
        documentHost: z
          .string()
          .regex(/^https:\/\/[A-Za-z0-9.-]+$/, '应为 https://域名')
          .nullable()
          .default(null),
      })
      .default({ format: 'file', folderToken: null, documentHost: null }),
    /**
     * How long received events and delivered messages are kept before the daily retention job deletes
     * them; never under the audit retention (网络安全法 §21: 6 months). Items, their events and reports
     * are the record and are never deleted.
     */
    retention: z
      .object({ days: z.number().int().min(RETENTION_MIN_DAYS).max(3650).default(RETENTION_MIN_DAYS) })
      .default({ days: RETENTION_MIN_DAYS }),
    /**
     * 加急 (issue #12) of the responsible people, on the message just sent: automatically for the
     * listed steps, only in office hours on working days; the office's 加急 button any time. SMS and
     * phone spend the tenant's quota. `unreadLimit` stops 加急 a person with that many unread (Feishu
     * refuses at 200).
     */
    urgent: z
      .object({
        auto: z.boolean().default(true).describe('督办和逾期时自动加急'),
        channel: z
          .enum(['app', 'sms', 'phone'])
          .default('app')
          .describe('加急方式（app 应用内 / sms 短信 / phone 电话；短信、电话消耗企业加急额度）'),
        steps: z
          .array(z.enum(URGENT_STEPS))
          .default([...URGENT_STEPS])
          .describe('自动加急的环节（supervise 督办 / overdue_urge 逾期催办 / escalate 提请分管领导）'),
        unreadLimit: z
          .number()
          .int()
          .min(1)
          .max(190)
          .default(150)
          .describe('每人未读加急上限（飞书上限 200）'),
      })
      .default({ auto: true, channel: 'app', steps: [...URGENT_STEPS], unreadLimit: 150 }),
    /**
     * 建议提案 (issue #13) besides the reply limit (deadlines.npc_cppcc.months): 会办 opinions within
     * months of 交办; 申请调整 within working days of 交办, decided by the office within working days of
     * the request.
     */
    proposals: z
      .object({
        opinionMonths: z.number().int().min(1).max(3).default(1).describe('会办意见时限（交办后月数）'),
        adjustWorkdays: days(30).min(1).default(5).describe('申请调整时限（交办后工作日）'),
        adjustDecisionWorkdays: days(30)
          .min(1)
          .default(5)
          .describe('调整申请决定时限（申请后工作日，逾期在督查室待办中标红）'),
      })
      .default({ opinionMonths: 1, adjustWorkdays: 5, adjustDecisionWorkdays: 5 }),
  })
  .strict();

export type TenantSettings = z.infer<typeof TenantSettingsSchema>;

export const DEFAULT_TENANT_SETTINGS: TenantSettings = TenantSettingsSchema.parse({});
