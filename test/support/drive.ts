/** Items brought to a state through the real actions (signed messages and card clicks), never by SQL. */
import { SAMPLE } from './directory.ts';
import type { Harness } from './harness.ts';
import type { CallbackAnswer } from './lifecycle.ts';
import { click, itemRow, say, sent, text, unitId } from './lifecycle.ts';

export type Driven = {
  id: number;
  title: string;
  /** The lead unit head's 督查通知单 (its Feishu message id). */
  notice: string;
};

export type Driver = {
  /** A leader's instruction → the draft card in the supervision group. */
  draft(): Promise<{ id: number; version: number; title: string; messageId: string }>;
  /** Issued by the office: 县住建局 leads, 县自然资源局 co-handles (deadline 2026-12-18 unless given). */
  issued(deadline?: string): Promise<Driven>;
  /** Clicks `a` on the item's current version (as the card would show it). */
  act(
    who: string,
    a: string,
    item: { id: number },
    form?: Record<string, unknown>,
    messageId?: string,
  ): Promise<CallbackAnswer>;
  accepted(deadline?: string): Promise<Driven>;
  submitted(deadline?: string): Promise<Driven>;
};

export function driver(h: Harness): Driver {
  let seq = 0;
  const db = h.deps.db;
  const ok = (res: CallbackAnswer, what: string): CallbackAnswer => {
    if (res.toast?.type !== 'success') throw new Error(`${what} failed: ${JSON.stringify(res.toast)}`);
    return res;
  };
  const self: Driver = {
    async draft() {
      seq += 1;
      const marker = `第${seq}批`;
      const instruction = `请县住建局牵头开展${marker}燃气管道安全隐患排查，15个工作日内完成。`;
      await say(h, SAMPLE.leaders.li, instruction);
      const card = await sent(
        h,
        (m) => m.receive_id === SAMPLE.groups.supervision && text(m).includes(marker),
      );
      const row = await db
        .selectFrom('items')
        .selectAll()
        .where('text', '=', instruction)
        .executeTakeFirstOrThrow();
      return { id: row.id, version: row.version, title: `燃气排查${marker}`, messageId: card.message_id };
    },
    async issued(deadline = '2026-12-18') {
      const d = await self.draft();
      const [housing, land] = [await unitId(db, '县住房和城乡建设局'), await unitId(db, '县自然资源局')];
      const form = {
        title: d.title,
        lead: String(housing),
        co: [String(land)],
        kind: 'co_handled',
        deadline: `${deadline} +0800`,
        source: 'leader_instruction',
        priority: 'normal',
      };
      ok(
        await click(
          h,
          SAMPLE.office.zhou,
          { a: 'issue', i: d.id, v: d.version },
          { formValue: form, messageId: d.messageId },
        ),
        'issue',
      );
      const notice = await sent(
        h,
        (m) =>
          m.receive_id === SAMPLE.housing.head && text(m).includes('督查通知单') && text(m).includes(d.title),
      );
      return { id: d.id, title: d.title, notice: notice.message_id };
    },
    async act(who, a, item, form, messageId) {
      const row = await itemRow(db, item.id);
      return click(
        h,
        who,
        { a, i: item.id, v: row.version },
        { ...(form ? { formValue: form } : {}), ...(messageId ? { messageId } : {}) },
      );
    },
    async accepted(deadline) {
      const item = await self.issued(deadline);
      ok(await self.act(SAMPLE.housing.head, 'accept', item, undefined, item.notice), 'accept');
      return item;
    },
    async submitted(deadline) {
      const item = await self.accepted(deadline);
      ok(await self.act(SAMPLE.housing.head, 'submit', item, { text: '排查完成，隐患已整改' }), 'submit');
      return item;
    },
  };
  return self;
}
