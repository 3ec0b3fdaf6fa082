import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE } from '../support/directory.ts';
import { buildDocx, buildPdf } from '../support/documents.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { DOCX_MIME, draftsOf, sendFile } from '../support/intake.ts';
import { click, eventsOf, itemRow, sent, text, unitId } from '../support/lifecycle.ts';

let h: Harness;
let housing: number;
let finance: number;
let transport: number;

beforeAll(async () => {
  h = await createHarness({ clock: new Date('2026-06-15T02:00:00Z') });
  h.startEngine({ sweepIntervalMs: 500 });
  housing = await unitId(h.deps.db, '县住房和城乡建设局');
  finance = await unitId(h.deps.db, '县财政局');
  transport = await unitId(h.deps.db, '县交通运输局');
});
afterAll(async () => h.close());

const storedFor = (messageId: string) =>
  h.deps.db
    .selectFrom('message_files as m')
    .leftJoin('stored_files as s', 's.id', 'm.file_id')
    .select(['m.file_id', 'm.name', 'm.problem', 's.sha256', 's.size'])
    .where('m.message_id', '=', messageId)
    .execute();

const MINUTES = [
  '县政府第12次常务会议纪要',
  '2026年6月12日，县长李建国主持召开县政府第12次常务会议。会议议定事项如下：',
  '一、关于城区老旧小区改造。请县住建局牵头，7月31日前完成改造方案。',
  '二、关于专项资金清理。请县财政局牵头，6月30日前完成清理并报县政府。',
  '三、关于农村公路养护。请县交通运输局牵头，县财政局配合，8月31日前完成。',
  '抄送：县委办公室',
];

describe('documents from leaders and the office', () => {
  it('minutes (.docx) with three matters become three drafts; the office merges two', async () => {
    const id = await sendFile(h, SAMPLE.office.zhou, {
      name: '第12次常务会议纪要.docx',
      bytes: await buildDocx(MINUTES),
      mime: DOCX_MIME,
    });
    await expect.poll(async () => (await draftsOf(h, id)).length, { timeout: 10_000 }).toBe(3);
    const drafts = await draftsOf(h, id);
    expect(drafts.map((d) => d.lead_unit_id)).toEqual([housing, finance, transport]);
    expect(drafts.map((d) => d.deadline_explicit)).toEqual(['2026-07-31', '2026-06-30', '2026-08-31']);
    expect(drafts.every((d) => d.source === 'county_meeting')).toBe(true);
    expect(drafts[2]?.text).not.toContain('抄送');
    const ack = await sent(h, (m) => m.reply_to === id);
    expect(text(ack)).toContain('3 份拟办单');
    // The document is kept once and shown on each draft.
    expect(await storedFor(id)).toHaveLength(1);
    await sent(h, (m) => text(m).includes('第12次常务会议纪要.docx') && text(m).includes('并入上一事项'));

    const third = drafts[2];
    const second = drafts[1];
    if (!third || !second) throw new Error('drafts missing');
    const refused = await click(h, SAMPLE.leaders.li, { a: 'merge_draft', i: third.id, v: third.version });
    expect(refused.toast?.type).toBe('error');
    const merged = await click(h, SAMPLE.office.chen, { a: 'merge_draft', i: third.id, v: third.version });
    expect(merged.toast?.type).toBe('success');
    // A second press of the same card merges nothing more (one click, one effect).
    const again = await click(h, SAMPLE.office.chen, { a: 'merge_draft', i: third.id, v: third.version });
    expect(again.toast?.type).toBe('warning');
    expect((await itemRow(h.deps.db, third.id)).state).toBe('discarded');
    expect((await itemRow(h.deps.db, second.id)).text).toContain('农村公路养护');
    expect(await eventsOf(h.deps.db, second.id)).toEqual(['create', 'merge']);
    expect(await eventsOf(h.deps.db, third.id)).toEqual(['create', 'merge']);
  });

  it('a .pdf with a text layer becomes a draft', async () => {
    const id = await sendFile(h, SAMPLE.leaders.wang, {
      name: '批示件.pdf',
      bytes: buildPdf(['关于城区内涝点整治的批示', '请县住建局牵头，7月15日前完成城区内涝点整治。']),
      mime: 'application/pdf',
    });
    await expect.poll(async () => (await draftsOf(h, id)).length, { timeout: 10_000 }).toBe(1);
    const [draft] = await draftsOf(h, id);
    expect(draft?.lead_unit_id).toBe(housing);
    expect(draft?.deadline_explicit).toBe('2026-07-15');
  });

  it('a scanned PDF becomes a draft that says it could not be read, the file kept', async () => {
    const bytes = buildPdf([]);
    const id = await sendFile(h, SAMPLE.leaders.zhang, {
      name: '扫描件.pdf',
      bytes,
      mime: 'application/pdf',
    });
    await expect.poll(async () => (await draftsOf(h, id)).length, { timeout: 10_000 }).toBe(1);
    const [draft] = await draftsOf(h, id);
    expect(draft?.text).toContain('无法识别文字，请督查室据附件填写');
    expect(draft?.lead_unit_id).toBeNull();
    const [file] = await storedFor(id);
    expect(file?.size).toBe(bytes.length);
    await sent(h, (m) => text(m).includes('扫描件.pdf') && text(m).includes('获取'));
  });

  it('another file type gets a reply naming what is read', async () => {
    const id = await sendFile(h, SAMPLE.leaders.li, {
      name: '台账.xlsx',
      bytes: Buffer.from('not read'),
      mime: 'application/octet-stream',
    });
    const line = await sent(h, (m) => m.reply_to === id);
    expect(text(line)).toContain('.docx（Word）和 .pdf');
    expect(await draftsOf(h, id)).toEqual([]);
    expect(
      h.fake.requests.some((r) => r.path.endsWith(`/${id}/resources/file_v3_00${id.slice(-6)}_test`)),
    ).toBe(false);
  });
});

describe('attachments of reports are kept by the bot', () => {
  it('a report file is stored once, shown on the item, and sent back only to those who may see it', async () => {
    const item = await h.deps.db
      .insertInto('items')
      .values({
        tenant_key: SAMPLE.tenantKey,
        title: '燃气管道隐患排查',
        text: '燃气管道隐患排查',
        created_by: SAMPLE.office.zhou,
        state: 'in_progress',
        lead_unit_id: housing,
        number: '督〔2026〕901号',
        deadline: '2026-07-20',
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const bytes = await buildDocx(['燃气管道隐患排查进展：已排查12个小区。']);
    const file = { name: '排查进展.docx', bytes, mime: DOCX_MIME };
    const first = await sendFile(h, SAMPLE.housing.head, file);
    await expect.poll(async () => (await storedFor(first)).length, { timeout: 10_000 }).toBe(1);
    const second = await sendFile(h, SAMPLE.housing.liaison, file);
    await expect.poll(async () => (await storedFor(second)).length, { timeout: 10_000 }).toBe(1);
    const [a] = await storedFor(first);
    const [b] = await storedFor(second);
    expect(a?.file_id).toBe(b?.file_id);
    const copies = await h.deps.db
      .selectFrom('stored_files')
      .select('id')
      .where('sha256', '=', a?.sha256 ?? '')
      .execute();
    expect(copies).toHaveLength(1);
    await expect
      .poll(
        async () =>
          (await h.deps.db.selectFrom('item_reports').select('id').where('item_id', '=', item.id).execute())
            .length,
      )
      .toBe(2);

    expect(
      (await click(h, SAMPLE.housing.head, { a: 'detail', i: item.id, v: item.version })).toast?.type,
    ).toBe('success');
    await sent(
      h,
      (m) =>
        m.msg_type === 'interactive' && text(m).includes('事项详情') && text(m).includes('排查进展.docx'),
    );

    const fileId = a?.file_id ?? 0;
    const outsider = await click(h, SAMPLE.finance.head, { a: 'file', i: item.id, f: fileId });
    expect(outsider.toast?.type).toBe('error');
    // A double click asks once: one message with the file, however the two presses interleave.
    const [asked] = await Promise.all([
      click(h, SAMPLE.housing.liaison, { a: 'file', i: item.id, f: fileId }),
      click(h, SAMPLE.housing.liaison, { a: 'file', i: item.id, f: fileId }),
    ]);
    expect(asked.toast?.type).toBe('success');
    const rows = await h.deps.db
      .selectFrom('outbox')
      .select('id')
      .where('purpose', '=', 'attachment')
      .execute();
    expect(rows).toHaveLength(1);
    await h.fake.waitFor(() => h.fake.uploads().length === 1);
    expect(h.fake.uploads()[0]?.bytes.equals(bytes)).toBe(true);
    const delivered = await sent(h, (m) => m.msg_type === 'file' && m.receive_id === SAMPLE.housing.liaison);
    expect(delivered.content).toEqual({ file_key: h.fake.uploads()[0]?.file_key });
    expect(h.fake.uploads()).toHaveLength(1);
  });
});
