import JSZip from 'jszip';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulletinDecision } from '../../cards/actions.ts';
import type { Card } from '../../cards/schema.ts';
import { findPerson } from '../../src/db/queries/people.ts';
import { loadTenantContext } from '../../src/db/queries/tenants.ts';
import { decideBulletinCard, issueBulletin } from '../../src/services/bulletin-flow.ts';
import { elementsOf, markdownOf } from '../cards/helpers.ts';
import { SAMPLE } from '../support/directory.ts';
import { NOW, seedScenario, WEEK } from '../support/figures-scenario.ts';
import { createHarness, type Harness } from '../support/harness.ts';

const T = SAMPLE.tenantKey;
const HOST = 'https://county.feishu.cn';
let h: Harness;

beforeAll(async () => {
  h = await createHarness({ sample: false });
  await seedScenario(h.deps.db);
  h.startEngine({ sweepIntervalMs: 200 });
});
afterAll(async () => h.close());

async function setWritten(written: object): Promise<void> {
  await sql`update tenants set settings = settings || ${JSON.stringify({ writtenBulletin: written })}::jsonb
            where tenant_key = ${T}`.execute(h.deps.db);
}

/** A scheduled bulletin, decided by the office; returns the card the leaders' group got. */
async function decided(period: { from: string; to: string }, decision: 'bulletin_publish' | 'bulletin_drop') {
  const ctx = await loadTenantContext(h.deps.db, T);
  const issued = await issueBulletin(h.deps.db, ctx, period, NOW, { origin: 'scheduled' });
  expect(issued.record.status).toBe('draft');
  const written = () =>
    h.deps.db
      .selectFrom('outbox')
      .select('id')
      .where('msg_type', '=', 'bulletin_written')
      .where('content', '=', JSON.stringify({ bulletinId: issued.record.id }))
      .execute();
  // Named criticism is in it: nothing written goes out before the office decides.
  expect(await written()).toHaveLength(0);
  const zhou = await findPerson(h.deps.db, T, SAMPLE.office.zhou);
  if (!zhou) throw new Error('no office member');
  await decideBulletinCard(h.deps.db, ctx, zhou, bulletinDecision(decision, issued.record.id), NOW);
  expect(await written()).toHaveLength(1);
  const row = await h.deps.db
    .selectFrom('outbox')
    .select('content')
    .where('purpose', '=', 'bulletin')
    .where('content', 'like', `%${period.to}%`)
    .executeTakeFirstOrThrow();
  return { card: JSON.parse(row.content) as Card, record: issued.record };
}

/** The figures the card shows: the summary numbers and each charted unit's rate. */
function cardFigures(card: Card) {
  const text = markdownOf(card).replace(/\*\*/g, '');
  const summary =
    /共 (\d+) 件.*?新交办 (\d+) 件，办结 (\d+) 件（按时办结率 ([^）]+)），当前逾期 (\d+) 件/s.exec(text);
  const bars = elementsOf(card).flatMap((e) =>
    e.tag === 'chart' && e.chart_spec.type === 'bar' && e.chart_spec.yField === 'unit'
      ? e.chart_spec.data.values
      : [],
  );
  return { summary: summary?.slice(1), rates: bars.map((v) => [v.unit, `${v.rate}%`]) };
}

function docFigures(text: string, table: string[][]) {
  const summary =
    /共 (\d+) 件.*?新交办 (\d+) 件，办结 (\d+) 件（按时办结率 ([^）]+)），当前逾期 (\d+) 件/s.exec(text);
  const rateColumn = table[0]?.indexOf('按时办结率') ?? -1;
  const rates = table.slice(1).flatMap((row) => (row[rateColumn] === '—' ? [] : [[row[0], row[rateColumn]]]));
  return { summary: summary?.slice(1), rates };
}

describe('the written 专报', () => {
  it('as a Feishu document: once approved, the same figures as the card, shared with the leaders’ group', async () => {
    await setWritten({ format: 'document', documentHost: HOST });
    h.fake.failNext((r) => r.path.endsWith('/descendant'), { status: 500, body: { code: 500, msg: 'busy' } });
    const { card, record } = await decided(WEEK, 'bulletin_publish');
    const message = await (async () => {
      await h.fake.waitFor(
        () => h.fake.messages().some((m) => JSON.stringify(m.content).includes('书面')),
        20_000,
      );
      return h.fake.messages().find((m) => JSON.stringify(m.content).includes('书面'));
    })();
    const [doc] = h.fake.docs.documents();
    if (!doc || !message) throw new Error('no document');
    expect(message.chat_id).toBe(SAMPLE.groups.leaders);
    expect(JSON.stringify(message.content)).toContain(`${HOST}/docx/${doc.document_id}`);
    expect(doc.title).toBe(`督查专报（${WEEK.from} 至 ${WEEK.to}）`);
    expect(doc.members.get(`openchat:${SAMPLE.groups.leaders}`)).toBe('view');
    // The failed insert was retried into the same document, not a second one.
    expect(h.fake.docs.documents()).toHaveLength(1);
    expect(h.fake.requests.filter((r) => r.path === '/open-apis/docx/v1/documents')).toHaveLength(1);

    const blocks = h.fake.docs.blocksOf(doc.document_id);
    const text = blocks.map((b) => h.fake.docs.textOf(b)).join('\n');
    const [table] = h.fake.docs.tablesOf(doc.document_id);
    const fromCard = cardFigures(card);
    expect(fromCard.summary).toHaveLength(5);
    expect(fromCard.rates.length).toBeGreaterThan(0);
    expect(docFigures(text, table ?? [])).toEqual(fromCard);
    expect(blocks.filter((b) => h.fake.docs.textOf(b) === '一、本期概况')).toHaveLength(1);
    // The approved criticism is in it, unit by unit.
    expect(text).toContain('通报批评');
    for (const unit of record.criticism) expect(text).toContain(unit.unitName);
  });

  it('as a .docx file where documents are not allowed; a dropped criticism list stays out', async () => {
    await setWritten({ format: 'file' });
    const period = { from: '2026-10-12', to: '2026-10-18' };
    const { card, record } = await decided(period, 'bulletin_drop');
    expect(record.criticism.length).toBeGreaterThan(0);
    await h.fake.waitFor(() => h.fake.uploads().some((u) => u.file_name.endsWith('.docx')), 20_000);
    const upload = h.fake.uploads().find((u) => u.file_name.endsWith('.docx'));
    if (!upload) throw new Error('no upload');
    expect(upload).toMatchObject({
      file_type: 'doc',
      file_name: `督查专报（${period.from} 至 ${period.to}）.docx`,
    });
    await h.fake.waitFor(() => h.fake.messages().some((m) => m.msg_type === 'file'), 10_000);
    const sentFile = h.fake.messages().find((m) => m.msg_type === 'file');
    expect(sentFile).toMatchObject({
      chat_id: SAMPLE.groups.leaders,
      content: { file_key: upload.file_key },
    });

    const zip = await JSZip.loadAsync(upload.bytes);
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    const paragraphs = [...xml.matchAll(/<w:p[ >].*?<\/w:p>/gs)].map((p) =>
      [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
    );
    const rows = [...xml.matchAll(/<w:tr[ >].*?<\/w:tr>/gs)].map((r) =>
      [...r[0].matchAll(/<w:tc>.*?<\/w:tc>/gs)].map((c) =>
        [...c[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
      ),
    );
    expect(cardFigures(card).rates.length).toBeGreaterThan(0);
    expect(docFigures(paragraphs.join('\n'), rows)).toEqual(cardFigures(card));
    expect(paragraphs).not.toContain('五、通报批评');
    expect(paragraphs.join('\n')).not.toContain('通报批评');
  });
});
