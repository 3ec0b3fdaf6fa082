/** An item issued the way the office does it: a leader's instruction, the draft card, 交办. */
import type { ItemRow } from '../../src/db/database.ts';
import { SAMPLE } from './directory.ts';
import type { Harness } from './harness.ts';
import { click, itemRow, say } from './lifecycle.ts';

export async function issueItem(
  h: Harness,
  opts: { instruction: string; lead: number; co?: number[]; deadline?: string },
): Promise<ItemRow> {
  await say(h, SAMPLE.leaders.li, opts.instruction);
  await h.fake.waitFor(async () =>
    Boolean(
      await h.deps.db
        .selectFrom('items')
        .select('id')
        .where('text', '=', opts.instruction)
        .executeTakeFirst(),
    ),
  );
  const draft = await h.deps.db
    .selectFrom('items')
    .selectAll()
    .where('text', '=', opts.instruction)
    .executeTakeFirstOrThrow();
  const co = opts.co ?? [];
  const answer = await click(
    h,
    SAMPLE.office.zhou,
    { a: 'issue', i: draft.id, v: draft.version },
    {
      formValue: {
        title: opts.instruction.slice(0, 20),
        lead: String(opts.lead),
        co: co.map(String),
        kind: co.length > 0 ? 'co_handled' : 'forwarded',
        deadline: `${opts.deadline ?? '2026-12-31'} +0800`,
        source: 'leader_instruction',
        priority: 'normal',
      },
    },
  );
  if (answer.toast?.type !== 'success') throw new Error(`issue refused: ${answer.toast?.content}`);
  return itemRow(h.deps.db, draft.id);
}
