/**
 * 督查专报（书面）(§四.4): the weekly figures as a document — title, summary, a table per unit,
 * the completed and overdue items in full, and the named criticism only when the office approved
 * it. Plain text and tables, no markup: rendered as a Feishu document or a .docx file.
 */

import type { BulletinFigures, CriticismEntry, CriticismUnit } from '../src/domain/bulletin.ts';
import { rateText } from '../src/domain/figures.ts';
import { averageRate, rankedRates } from './charts.ts';
import { periodText, stateBreakdown } from './figure-parts.ts';

export type WrittenTable = { header: string[]; rows: string[][] };
export type WrittenSection = { heading: string; paragraphs: string[]; table?: WrittenTable };
export type WrittenBulletin = { title: string; subtitle: string; sections: WrittenSection[]; footer: string };

export type WrittenBulletinInput = {
  figures: BulletinFigures;
  criticism: readonly CriticismUnit[];
  /** Only a published bulletin names units for criticism. */
  status: 'draft' | 'published' | 'dropped';
  /** 'YYYY-MM-DD' the document was made. */
  issuedOn: string;
};

const NUMERALS = ['一', '二', '三', '四', '五', '六'];
const label = (i: { number: string | null; title: string }): string =>
  `${i.number ?? '（无编号）'} ${i.title}`;

/** The sentences of the card's summary, as plain text with the same figures. */
export function writtenSummary(f: BulletinFigures): string[] {
  const rate = rateText(
    f.completed.length === 0 ? null : f.completed.filter((c) => c.onTime).length / f.completed.length,
  );
  return [
    `本期涉及督查事项共 ${f.total} 件（期内在办或办结），当前${stateBreakdown(f.counts)}。`,
    `本期新交办 ${f.issuedInPeriod} 件，办结 ${f.completedInPeriod} 件（按时办结率 ${rate}），当前逾期 ${f.overdueNow} 件。`,
    ...(f.proposals ? [f.proposals] : []),
  ];
}

const UNIT_HEADER = ['单位', '牵头', '在办', '办结', '按时办结', '按时办结率', '逾期'];

function unitSection(f: BulletinFigures): Omit<WrittenSection, 'heading'> {
  if (f.rates.length === 0) return { paragraphs: ['本期无牵头事项。'] };
  const ranked = rankedRates(f.rates);
  const rest = f.rates.filter((u) => u.onTimeRate === null);
  const average = averageRate(ranked);
  return {
    paragraphs: [
      average === null
        ? '本期各单位尚无办结事项。'
        : `全县按时办结率 ${rateText(average)}（各单位按时办结件数之和 ÷ 办结件数之和），各单位按按时办结率排列如下。`,
    ],
    table: {
      header: UNIT_HEADER,
      rows: [...ranked, ...rest].map((u) => [
        u.unitName,
        String(u.led),
        String(u.open),
        String(u.completed),
        String(u.completedOnTime),
        rateText(u.onTimeRate),
        String(u.overdueNow),
      ]),
    },
  };
}

function criticismLine(e: CriticismEntry): string {
  const why: string[] = [];
  if (e.overdueWorkdays > 0) why.push(`逾期 ${e.overdueWorkdays} 个工作日`);
  if (e.reason) why.push(`督查室列入通报：${e.reason}`);
  const deadline = e.deadline ? `（时限 ${e.deadline}）` : '';
  return `${label(e)}${deadline}：${why.join('；') || '列入通报'}`;
}

export function buildWrittenBulletin(input: WrittenBulletinInput): WrittenBulletin {
  const f = input.figures;
  const sections: Omit<WrittenSection, 'heading'>[] = [];
  const headings: string[] = [];
  const add = (heading: string, section: Omit<WrittenSection, 'heading'>) => {
    headings.push(heading);
    sections.push(section);
  };
  add('本期概况', { paragraphs: writtenSummary(f) });
  add('各单位按时办结情况', unitSection(f));
  add('本期办结事项', {
    paragraphs:
      f.completed.length === 0
        ? ['本期无办结事项。']
        : f.completed.map(
            (c) => `${label(c)}（${c.unitName}）${c.completedOn} 办结，${c.onTime ? '按时' : '超期'}。`,
          ),
  });
  add('逾期事项', {
    paragraphs:
      f.overdueByUnit.length === 0
        ? ['当前无逾期事项。']
        : f.overdueByUnit.flatMap((u) => [
            `${u.unitName}（${u.items.length} 件）`,
            ...u.items.map((i) => `${label(i)}，时限 ${i.deadline}，已逾期 ${i.overdueWorkdays} 个工作日。`),
          ]),
  });
  if (input.status === 'published' && input.criticism.length > 0) {
    add('通报批评', {
      paragraphs: [
        `经督查室审核，对以下单位予以通报批评（逾期 ${f.criticiseAfterWorkdays} 个工作日以上或经督查室列入通报）：`,
        ...input.criticism.flatMap((u) => [
          `${u.unitName}（${u.items.length} 件）`,
          ...u.items.map(criticismLine),
        ]),
      ],
    });
  }
  return {
    title: `督查专报（${periodText(f.period)}）`,
    subtitle: `督查室 · ${input.issuedOn}`,
    sections: sections.map((s, i) => ({ heading: `${NUMERALS[i] ?? String(i + 1)}、${headings[i]}`, ...s })),
    footer: `数据截至 ${f.today}。逾期按工作日计（扣除节假日，含调休上班日）；按时办结率 = 按时办结件数 ÷ 办结件数。`,
  };
}
