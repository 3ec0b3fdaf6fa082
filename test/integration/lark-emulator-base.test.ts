import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EmulatorClient } from '../../src/lark/emulator/client.ts';
import { createEmulatorClient } from '../../src/lark/emulator/client.ts';
import { rateLimited } from '../../src/lark/emulator/http.ts';
import type { LarkEmulator } from '../../src/lark/emulator/server.ts';
import { startLarkEmulator } from '../../src/lark/emulator/server.ts';

const APP = 'bascnEmulator000000001';
const TABLE = 'tblEmulator01';
const path = { app_token: APP, table_id: TABLE };

let fake: LarkEmulator;
let sdk: EmulatorClient;
beforeAll(async () => {
  fake = await startLarkEmulator();
  sdk = createEmulatorClient(fake);
});
afterAll(async () => fake.close());
beforeEach(() => {
  fake.reset();
  fake.base.createTable(APP, TABLE);
});

const field = (name: string, type: number) =>
  sdk.client.bitable.v1.appTableField.create({ path, data: { field_name: name, type } });
const create = (fields: Record<string, string | number | string[]>[], app = APP, table = TABLE) =>
  sdk.client.bitable.v1.appTableRecord.batchCreate({
    path: { app_token: app, table_id: table },
    data: { records: fields.map((f) => ({ fields: f })) },
  });

/** The HTTP status inside an SDK error (axios throws on any non-2xx). */
async function statusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 200;
  } catch (e) {
    const response = typeof e === 'object' && e !== null && 'response' in e ? e.response : undefined;
    return typeof response === 'object' && response !== null && 'status' in response
      ? Number(response.status)
      : 0;
  }
}

describe('Base (bitable) in the emulator, through the SDK', () => {
  it('creates fields, refuses duplicates and lists them', async () => {
    expect((await field('办理时限', 5)).code).toBe(0);
    expect((await field('办理时限', 1)).code).toBe(1254014);
    const listed = await sdk.client.bitable.v1.appTableField.list({ path, params: { page_size: 100 } });
    expect(listed.data?.items?.map((f) => [f.field_name, f.type])).toEqual([
      ['多行文本', 1],
      ['办理时限', 5],
    ]);
  });

  it('answers Base’s own codes: unknown app or table, unknown field, wrong value type, too many records', async () => {
    await field('办理时限', 5);
    expect((await create([{ 多行文本: 'x' }], 'bascnNoSuchApp0000001')).code).toBe(1254040);
    expect((await create([{ 多行文本: 'x' }], APP, 'tblNoSuchTable')).code).toBe(1254041);
    expect((await create([{ 没有的字段: 'x' }])).code).toBe(1254045);
    expect((await create([{ 办理时限: '2026-12-01' }])).code).toBe(1254064);
    expect((await create(Array.from({ length: 1001 }, () => ({ 多行文本: 'x' })))).code).toBe(1254104);
    const missing = await sdk.client.bitable.v1.appTableRecord.batchUpdate({
      path,
      data: { records: [{ record_id: 'recNoSuchRecord', fields: { 多行文本: 'y' } }] },
    });
    expect(missing.code).toBe(1254043);
    expect(fake.base.records(APP, TABLE)).toHaveLength(0);
  });

  it('reads text back as segments, pages records, and adds select options as Base does', async () => {
    await field('状态', 3);
    const made = await create(
      Array.from({ length: 3 }, (_, i) => ({ 多行文本: `第${i}条`, 状态: '办理中' })),
    );
    expect(made.data?.records).toHaveLength(3);
    const page = await sdk.client.bitable.v1.appTableRecord.search({
      path,
      params: { page_size: 2 },
      data: {},
    });
    expect(page.data).toMatchObject({ has_more: true, total: 3 });
    expect(page.data?.items?.[0]?.fields).toEqual({
      多行文本: [{ type: 'text', text: '第0条' }],
      状态: '办理中',
    });
    const rest = await sdk.client.bitable.v1.appTableRecord.search({
      path,
      params: { page_size: 2, page_token: page.data?.page_token ?? '' },
      data: {},
    });
    expect(rest.data?.items).toHaveLength(1);
    expect(
      fake.base
        .fields(APP, TABLE)
        .find((f) => f.field_name === '状态')
        ?.property?.options?.map((o) => o.name),
    ).toEqual(['办理中']);
  });

  it('injects 429 and 5xx, and can lose the answer of a write it applied', async () => {
    fake.failNext((r) => r.path.endsWith('/batch_create'), rateLimited(50, 1));
    expect(await statusOf(create([{ 多行文本: 'x' }]))).toBe(429);
    fake.base.loseNextWriteAnswers(1);
    expect(await statusOf(create([{ 多行文本: 'x' }]))).toBe(500);
    expect(fake.base.records(APP, TABLE)).toHaveLength(1);
  });
});

describe('documents in the emulator, through the SDK', () => {
  it('creates a document, inserts nested blocks once per client token, refuses an empty table cell', async () => {
    const doc = await sdk.client.docx.v1.document.create({ data: { title: '督查专报' } });
    const id = doc.data?.document?.document_id ?? '';
    const text = (content: string) => ({ elements: [{ text_run: { content } }] });
    const insert = (clientToken: string, cellChildren: string[]) =>
      sdk.client.docx.v1.documentBlockDescendant.create({
        path: { document_id: id, block_id: id },
        params: { document_revision_id: -1, client_token: clientToken },
        data: {
          children_id: ['h', 't'],
          descendants: [
            { block_id: 'h', block_type: 4, heading2: text('一、本期概况') },
            {
              block_id: 't',
              block_type: 31,
              table: { property: { row_size: 1, column_size: 1 } },
              children: ['c'],
            },
            { block_id: 'c', block_type: 32, table_cell: {}, children: cellChildren },
            { block_id: 'x', block_type: 2, text: text('县财政局') },
          ],
        },
      });
    expect(await statusOf(insert('11111111-1111-4111-8111-111111111111', []))).toBe(400);
    expect((await insert('22222222-2222-4222-8222-222222222222', ['x'])).code).toBe(0);
    expect((await insert('22222222-2222-4222-8222-222222222222', ['x'])).code).toBe(0);
    expect(fake.docs.blocksOf(id).map((b) => fake.docs.textOf(b))).toEqual([
      '一、本期概况',
      '',
      '',
      '县财政局',
    ]);
    expect(fake.docs.tablesOf(id)).toEqual([[['县财政局']]]);
  });
});
