/**
 * The clicked card always shows the result of the click: in the callback answer when the work ends in
 * time, else as a card update sent afterwards. The answer deadline is injected, never raced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE } from '../support/directory.ts';
import type { Driver } from '../support/drive.ts';
import { driver } from '../support/drive.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { click, itemRow, say, sent, text } from '../support/lifecycle.ts';

let h: Harness;
let d: Driver;

beforeAll(async () => {
  h = await createHarness({ clock: new Date('2026-11-26T02:00:00Z') });
  h.startEngine({ sweepIntervalMs: 500 });
  d = driver(h);
});
afterAll(async () => h.close());

/** The answer must go out before the work is done: the deadline has passed when the click arrives. */
const answerAtOnce = () => {
  h.deps.cardAnswerDeadline = () => Promise.resolve();
};
const answerWhenDone = () => {
  h.deps.cardAnswerDeadline = () => new Promise<void>(() => {});
};

const patchesOf = (messageId: string) => h.fake.patches().filter((p) => p.message_id === messageId);

describe('a late answer', () => {
  it('签收 on the notice: the answer only says it is under way; the notice is then updated in place', async () => {
    const item = await d.issued();
    answerAtOnce();
    const answer = await d.act(SAMPLE.housing.head, 'accept', item, undefined, item.notice);
    answerWhenDone();
    expect(answer).toEqual({ toast: { type: 'info', content: '正在处理，请稍后刷新查看结果' } });
    await h.fake.waitFor(() => patchesOf(item.notice).length > 0);
    const [patch] = patchesOf(item.notice);
    const row = await itemRow(h.deps.db, item.id);
    expect(row.state).toBe('in_progress');
    // The notice now offers what an accepted item offers, for the current version.
    expect(JSON.stringify(patch?.content)).toContain('反馈进展');
    expect(JSON.stringify(patch?.content)).not.toContain('"签收"');
    expect(JSON.stringify(patch?.content)).toContain(`"v":${row.version}`);
  });

  it('办结 on the review card: the card shows the outcome afterwards', async () => {
    const item = await d.submitted();
    const { title } = await itemRow(h.deps.db, item.id);
    const review = await sent(
      h,
      (m) =>
        m.receive_id === SAMPLE.groups.supervision && text(m).includes(title) && text(m).includes('报结审核'),
    );
    answerAtOnce();
    await d.act(SAMPLE.office.zhou, 'approve', item, {}, review.message_id);
    answerWhenDone();
    await h.fake.waitFor(() => patchesOf(review.message_id).length > 0);
    expect(JSON.stringify(patchesOf(review.message_id)[0]?.content)).toContain('已办结');
    expect((await itemRow(h.deps.db, item.id)).state).toBe('completed');
  });

  it('a private list paged late is updated to the page asked for', async () => {
    const asked = await say(h, SAMPLE.office.chen, '我的事项');
    const list = await sent(h, (m) => m.reply_to === asked && m.msg_type === 'interactive');
    answerAtOnce();
    await click(h, SAMPLE.office.chen, { a: 'page', k: 'mine', p: 1 }, { messageId: list.message_id });
    answerWhenDone();
    await h.fake.waitFor(() => patchesOf(list.message_id).length > 0);
    expect(JSON.stringify(patchesOf(list.message_id)[0]?.content)).toContain('我的事项');
  });
});

describe('an answer in time', () => {
  it('carries the new card; the update committed with the work is settled, not sent again', async () => {
    const item = await d.issued();
    const answer = await d.act(SAMPLE.housing.head, 'accept', item, undefined, item.notice);
    expect(answer.toast?.type).toBe('success');
    expect(JSON.stringify(answer.card)).not.toContain('"签收"');
    const held = await h.deps.db
      .selectFrom('outbox')
      .select(['status', 'message_id'])
      .where('item_id', '=', item.id)
      .where('purpose', 'like', 'update:notice:%')
      .where('message_id', '=', item.notice)
      .execute();
    expect(held).toEqual([{ status: 'sent', message_id: item.notice }]);
    expect(patchesOf(item.notice)).toEqual([]);
  });
});
