/**
 * One click, one effect: every button value in cards/actions.ts, pressed twice on the same card
 * (one after the other, and both at once), acts once and sends one set of messages.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertBulletin } from '../../src/db/queries/bulletins.ts';
import { loadTenantContext } from '../../src/db/queries/tenants.ts';
import { buildBulletin, bulletinPeriod } from '../../src/services/bulletin.ts';
import { reachDb } from '../../src/services/reach/store.ts';
import { SAMPLE } from '../support/directory.ts';
import type { Driver } from '../support/drive.ts';
import { driver } from '../support/drive.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import type { CallbackAnswer } from '../support/lifecycle.ts';
import { click, itemRow, say, sayInGroup, sent, text, unitId } from '../support/lifecycle.ts';

let h: Harness;
let d: Driver;
const NOW = new Date('2026-11-26T02:00:00Z');

beforeAll(async () => {
  h = await createHarness({ clock: NOW });
  // A frozen clock: nothing falls due while the file runs, so every outbox row is a click's doing.
  h.deps.now = () => NOW;
  h.startEngine({ sweepIntervalMs: 500 });
  d = driver(h);
});
afterAll(async () => h.close());

/** Outbox rows once the cards a click left to redraw are written (refresh markers, refresh-cards.ts). */
const outboxRows = async (): Promise<number> => {
  await h.fake.waitFor(async () => {
    const left = await sql<{ n: string }>`select count(*) as n from card_refreshes`.execute(h.deps.db);
    return Number(left.rows[0]?.n ?? 0) === 0;
  });
  return Number(
    (await sql<{ n: string }>`select count(*) as n from outbox`.execute(h.deps.db)).rows[0]?.n ?? 0,
  );
};

const events = async (itemId: number, ...actions: string[]): Promise<number> =>
  (
    await h.deps.db
      .selectFrom('item_events')
      .select('id')
      .where('item_id', '=', itemId)
      .where('action', 'in', actions)
      .execute()
  ).length;

const rowsWith = async (purpose: string, to?: string): Promise<number> =>
  (
    await h.deps.db
      .selectFrom('outbox')
      .select('id')
      .where('purpose', 'like', purpose)
      .$if(to !== undefined, (q) => q.where('receive_id', '=', to ?? ''))
      .execute()
  ).length;

type Subject = {
  press(): Promise<CallbackAnswer>;
  effects(): Promise<number>;
  /** The outbox rows this subject's presses can make, where other work of the file may add rows meanwhile. */
  rows?(): Promise<number>;
};
/** `run` tells the two runs apart where an answer is keyed by person and minute (the clock is frozen). */
type Case = { a: string; prepare(run: number): Promise<Subject> };
type Form = Record<string, unknown>;

/** An item action pressed from the card the person would press it on. */
const itemCase = (
  a: string,
  reach: () => Promise<{ id: number; notice: string }>,
  who: string,
  counted: string[],
  form?: Form | (() => Promise<Form>),
  clickedOn?: (item: { id: number; notice: string }) => Promise<string>,
): Case => ({
  a,
  async prepare() {
    const item = await reach();
    const row = await itemRow(h.deps.db, item.id);
    const messageId = clickedOn ? await clickedOn(item) : item.notice;
    const value = { a, i: item.id, v: row.version };
    const formValue = typeof form === 'function' ? await form() : form;
    return {
      press: () => click(h, who, value, { ...(formValue ? { formValue } : {}), messageId }),
      effects: () => events(item.id, ...counted),
    };
  },
});

/** The office's decision card for the item, as delivered to the supervision group. */
const officeCard = (needle: string) => async (item: { id: number }) => {
  const row = await itemRow(h.deps.db, item.id);
  const m = await sent(
    h,
    (x) =>
      x.receive_id === SAMPLE.groups.supervision && text(x).includes(row.title) && text(x).includes(needle),
  );
  return m.message_id;
};

/** The coordination card the 分管领导 got for the item. */
async function leaderCard(item: { id: number }): Promise<string> {
  const { title } = await itemRow(h.deps.db, item.id);
  const m = await sent(h, (x) => x.receive_id === SAMPLE.leaders.zhang && text(x).includes(title));
  return m.message_id;
}

const withExtension = async () => {
  const item = await d.accepted();
  await d.act(SAMPLE.housing.head, 'request_extension', item, {
    date: '2026-12-31 +0800',
    text: '需补充测绘',
  });
  return item;
};
const withCoordination = async () => {
  const item = await d.accepted();
  await d.act(SAMPLE.housing.head, 'request_coordination', item, { text: '需协调燃气公司配合' });
  return item;
};
const declined = async () => {
  const item = await d.issued();
  await d.act(SAMPLE.housing.head, 'decline', item, { text: '不属本单位职责' }, item.notice);
  return item;
};

/** A chat message the bot holds until its sender says what it is. */
async function held(kind: 'choose' | 'confirm'): Promise<{ heldId: number; itemId: number }> {
  const item = await d.accepted();
  const words = kind === 'confirm' ? `已全部整改到位（${item.title}）` : `本周入户核查30户（${item.title}）`;
  // A reply to the notice card names the item; a plain message with several open items is asked about.
  await say(h, SAMPLE.housing.head, words, kind === 'confirm' ? { parentId: item.notice } : {});
  await h.fake.waitFor(async () =>
    Boolean(
      await h.deps.db.selectFrom('held_replies').select('id').where('text', '=', words).executeTakeFirst(),
    ),
  );
  const row = await h.deps.db
    .selectFrom('held_replies')
    .select('id')
    .where('text', '=', words)
    .executeTakeFirstOrThrow();
  return { heldId: row.id, itemId: item.id };
}

const heldCase = (a: string, kind: 'choose' | 'confirm', counted: string[]): Case => ({
  a,
  async prepare() {
    const { heldId, itemId } = await held(kind);
    const value = a === 'reply_to' ? { a, r: heldId, i: itemId } : { a, r: heldId };
    return {
      press: () => click(h, SAMPLE.housing.head, value),
      effects: async () =>
        counted.length > 0
          ? events(itemId, ...counted)
          : Number(
              (
                await h.deps.db
                  .selectFrom('held_replies')
                  .select('resolved_at')
                  .where('id', '=', heldId)
                  .executeTakeFirstOrThrow()
              ).resolved_at !== null,
            ),
    };
  },
});

async function criticismDraft(): Promise<number> {
  const ctx = await loadTenantContext(h.deps.db, SAMPLE.tenantKey);
  const period = bulletinPeriod(NOW);
  const { criticism: _none, ...figures } = await buildBulletin(h.deps.db, ctx, period, NOW);
  const unit = await unitId(h.deps.db, '县住房和城乡建设局');
  const criticism = [
    {
      unitId: unit,
      unitName: '县住房和城乡建设局',
      items: [
        {
          itemId: 1,
          number: '督〔2026〕1号',
          title: '逾期事项',
          deadline: '2026-11-10',
          overdueWorkdays: 12,
          flagged: false,
          reason: null,
        },
      ],
    },
  ];
  const { record } = await insertBulletin(h.deps.db, SAMPLE.tenantKey, {
    period,
    origin: 'manual',
    figures,
    criticism,
    status: 'draft',
    decidedAt: null,
  });
  return record.id;
}

const CASES: Case[] = [
  {
    a: 'issue',
    async prepare() {
      const draft = await d.draft();
      const lead = await unitId(h.deps.db, '县住房和城乡建设局');
      const form = {
        title: draft.title,
        lead: String(lead),
        co: [],
        kind: 'forwarded',
        source: 'leader_instruction',
        priority: 'normal',
      };
      const value = { a: 'issue', i: draft.id, v: draft.version };
      return {
        press: () => click(h, SAMPLE.office.zhou, value, { formValue: form, messageId: draft.messageId }),
        effects: () => events(draft.id, 'issue'),
      };
    },
  },
  {
    a: 'discard',
    async prepare() {
      const draft = await d.draft();
      const value = { a: 'discard', i: draft.id, v: draft.version };
      return {
        press: () => click(h, SAMPLE.office.zhou, value, { messageId: draft.messageId }),
        effects: () => events(draft.id, 'discard'),
      };
    },
  },
  itemCase('accept', () => d.issued(), SAMPLE.housing.head, ['accept']),
  itemCase('decline', () => d.issued(), SAMPLE.housing.head, ['decline'], { text: '不属本单位职责' }),
  itemCase('report', () => d.accepted(), SAMPLE.housing.head, ['report'], { text: '已排查12处' }),
  itemCase('submit', () => d.accepted(), SAMPLE.housing.head, ['submit'], { text: '排查完毕' }),
  itemCase('request_extension', () => d.accepted(), SAMPLE.housing.head, ['request_extension'], {
    date: '2026-12-31 +0800',
    text: '需补充测绘',
  }),
  itemCase('request_coordination', () => d.accepted(), SAMPLE.housing.liaison, ['request_coordination'], {
    text: '需协调燃气公司',
  }),
  itemCase('approve', () => d.submitted(), SAMPLE.office.zhou, ['approve'], {}, officeCard('审核')),
  itemCase(
    'return',
    () => d.submitted(),
    SAMPLE.office.zhou,
    ['return'],
    { text: '缺少照片' },
    officeCard('审核'),
  ),
  itemCase(
    'approve_extension',
    withExtension,
    SAMPLE.office.chen,
    ['extension_approved', 'extension_refused'],
    {},
    officeCard('需补充测绘'),
  ),
  itemCase(
    'refuse_extension',
    withExtension,
    SAMPLE.office.chen,
    ['extension_approved', 'extension_refused'],
    { text: '理由不充分' },
    officeCard('需补充测绘'),
  ),
  itemCase(
    'reassign',
    declined,
    SAMPLE.office.zhou,
    ['reassign'],
    async () => ({ unit: String(await unitId(h.deps.db, '县财政局')) }),
    officeCard('不属本单位职责'),
  ),
  itemCase(
    'answer_coordination',
    withCoordination,
    SAMPLE.leaders.zhang,
    ['coordination_answered', 'coordination_to_topic_meeting'],
    { text: '已请燃气公司配合' },
    leaderCard,
  ),
  itemCase(
    'to_topic_meeting',
    withCoordination,
    SAMPLE.leaders.zhang,
    ['coordination_answered', 'coordination_to_topic_meeting'],
    {},
    leaderCard,
  ),
  itemCase('urge', () => d.accepted(), SAMPLE.office.zhou, ['urge'], {}),
  itemCase('supervise', () => d.accepted(), SAMPLE.office.zhou, ['supervise'], {
    text: '请主要负责同志过问',
  }),
  itemCase('cancel', () => d.accepted(), SAMPLE.office.zhou, ['cancel'], { text: '任务调整' }),
  {
    a: 'detail',
    async prepare() {
      const item = await d.issued();
      const value = { a: 'detail', i: item.id, v: 0 };
      const before = await rowsWith('detail', SAMPLE.office.chen);
      return {
        press: () => click(h, SAMPLE.office.chen, value, { messageId: item.notice }),
        effects: async () => (await rowsWith('detail', SAMPLE.office.chen)) - before,
      };
    },
  },
  {
    a: 'urgent',
    async prepare() {
      const item = await d.accepted();
      return {
        press: () => click(h, SAMPLE.office.zhou, { a: 'urgent', i: item.id }),
        effects: () => events(item.id, 'urgent'),
      };
    },
  },
  {
    a: 'problem_done',
    async prepare() {
      // An open delivery problem, as the sender leaves one (services/reach/problems.ts).
      const { id } = await reachDb(h.deps.db)
        .insertInto('delivery_problems')
        .values({
          tenant_key: SAMPLE.tenantKey,
          subject: `open_id:ou_blocked${Math.random().toString(16).slice(2, 10)}`,
          code: '230053',
          last_error: '230053 The user has stopped the bot from sending messages.',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const handled = async () =>
        (
          await reachDb(h.deps.db)
            .selectFrom('delivery_problems')
            .select('id')
            .where('id', '=', id)
            .where('status', '=', 'handled')
            .execute()
        ).length;
      // Only rows about this problem: the engine may send unrelated messages during the press.
      const rows = async () =>
        Number(
          (
            await sql<{
              n: string;
            }>`select count(*) as n from outbox where purpose like ${`%delivery_problem:${id}`}`.execute(
              h.deps.db,
            )
          ).rows[0]?.n ?? 0,
        );
      return {
        press: () => click(h, SAMPLE.office.zhou, { a: 'problem_done', p: id }),
        effects: handled,
        rows,
      };
    },
  },
  heldCase('reply_to', 'choose', ['report']),
  heldCase('reply_result', 'confirm', ['submit']),
  heldCase('reply_progress', 'confirm', ['report']),
  heldCase('reply_drop', 'choose', []),
  {
    a: 'page',
    async prepare(run) {
      // A list shared in the supervision group: paging sends the page to the clicker, once.
      const asked = await sayInGroup(h, SAMPLE.office.zhou, SAMPLE.groups.supervision, '我的事项');
      const list = await sent(h, (m) => m.reply_to === asked && m.msg_type === 'interactive');
      const who = run === 0 ? SAMPLE.office.chen : SAMPLE.office.zhou;
      const before = await rowsWith('command:page:%', who);
      return {
        press: () => click(h, who, { a: 'page', k: 'mine', p: 2 }, { messageId: list.message_id }),
        effects: async () => (await rowsWith('command:page:%', who)) - before,
      };
    },
  },
  {
    a: 'cmd',
    async prepare(run) {
      const who = run === 0 ? SAMPLE.office.zhou : SAMPLE.office.chen;
      const before = await rowsWith('command:cmd:stats', who);
      return {
        press: () => click(h, who, { a: 'cmd', c: 'stats' }),
        effects: async () => (await rowsWith('command:cmd:stats', who)) - before,
      };
    },
  },
  {
    a: 'bulletin_publish',
    async prepare() {
      const b = await criticismDraft();
      const before = await rowsWith('bulletin_criticism');
      return {
        press: () => click(h, SAMPLE.office.zhou, { a: 'bulletin_publish', b }),
        effects: async () => (await rowsWith('bulletin_criticism')) - before,
      };
    },
  },
  {
    a: 'bulletin_drop',
    async prepare() {
      const b = await criticismDraft();
      return {
        press: () => click(h, SAMPLE.office.zhou, { a: 'bulletin_drop', b }),
        effects: async () =>
          Number(
            (
              await sql<{
                n: string;
              }>`select count(*) as n from bulletins where id = ${b} and status = 'dropped'`.execute(
                h.deps.db,
              )
            ).rows[0]?.n,
          ),
      };
    },
  },
];

/** Outbox rows one press made, per action (the one-after-the-other run measures it). */
const onePress = new Map<string, number>();

describe.each(CASES)('$a pressed twice', (c) => {
  it('one after the other on the same card: one effect; the second press sends nothing', async () => {
    const s = await c.prepare(0);
    const count = s.rows ?? outboxRows;
    const before = await count();
    const first = await s.press();
    expect(['success', 'info']).toContain(first.toast?.type);
    const afterFirst = await count();
    await s.press();
    expect(await s.effects()).toBe(1);
    expect(await count()).toBe(afterFirst);
    onePress.set(c.a, afterFirst - before);
  });

  it('both at once: one effect and the messages of one press', async () => {
    const s = await c.prepare(1);
    const count = s.rows ?? outboxRows;
    const before = await count();
    await Promise.all([s.press(), s.press()]);
    expect(await s.effects()).toBe(1);
    expect((await count()) - before).toBe(onePress.get(c.a));
  });
});
