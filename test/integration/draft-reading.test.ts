/** What the instruction reader finds reaches the office's draft card: the chosen deadline and its remarks. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE } from '../support/directory.ts';
import { createHarness, type Harness } from '../support/harness.ts';
import { say, sent, text } from '../support/lifecycle.ts';

let h: Harness;

beforeAll(async () => {
  // Thursday 2026-11-26, 10:00 in Beijing.
  h = await createHarness({ clock: new Date('2026-11-26T02:00:00Z') });
  h.startEngine({ sweepIntervalMs: 500 });
});
afterAll(async () => h.close());

describe('the draft card', () => {
  it('proposes the date the work reaches the office and lists the step and a wrong weekday for checking', async () => {
    const instruction =
      '请县住建局牵头，于12月3日（星期五）前完成城区供暖管网巡检，12月10日前将巡检情况报县政府督查室。';
    await say(h, SAMPLE.leaders.li, instruction);
    const card = await sent(
      h,
      (m) => m.receive_id === SAMPLE.groups.supervision && text(m).includes('城区供暖管网巡检'),
    );
    const item = await h.deps.db
      .selectFrom('items')
      .select(['deadline_explicit', 'deadline_basis', 'state'])
      .where('text', '=', instruction)
      .executeTakeFirstOrThrow();
    expect(item).toMatchObject({ state: 'draft', deadline_explicit: '2026-12-10' });
    expect(item.deadline_basis).toContain('以报送县政府');
    // 2026-12-03 is a Thursday.
    expect(text(card)).toContain('所注星期与日期不符（2026-12-03为星期四）');
    expect(text(card)).toContain('另有时限：12月3日（星期五）前完成城区供暖管网巡检（2026-12-03）');
  });
});
