/** Rules for counted periods (15个工作日内, 7日内, 为期一个月), urgency words and long-term words. */
import { countedPeriod, num, type Rule } from './deadline-parts.ts';
import { NUM } from './text.ts';

export const PERIOD_RULES: Rule[] = [
  {
    re: new RegExp(`(?<!第)(${NUM})个?工作日(?:内|以内|之内)`, 'g'),
    kind: 'date',
    resolve: (m, ctx) => {
      const n = num(m[1]);
      if (!(n >= 1 && n <= 250)) return null;
      const due = ctx.calendar.addWorkdays(ctx.issued, n);
      const tail = due.provisional ? '；节假日安排未公布，暂按预计假日推算' : '';
      return {
        date: due.date,
        note: `自${ctx.issued}起算，至${due.date}${tail}`,
        provisional: due.provisional,
        rule: { count: 'workdays', from: ctx.issued, days: n },
      };
    },
  },
  {
    re: new RegExp(`(?<![月\\d])(${NUM}|半)个?(月|周|星期|日|天|自然日|小时|年)(?:内|以内|之内)`, 'g'),
    kind: 'date',
    resolve: (m, ctx) => countedPeriod(m[1], m[2] ?? '', ctx),
  },
  {
    // A campaign "为期一个月" runs from the 交办 date.
    re: new RegExp(`为期(${NUM}|半)个?(月|周|星期|日|天)的?`, 'g'),
    kind: 'date',
    resolve: (m, ctx) => countedPeriod(m[1], m[2] ?? '', ctx),
  },
  {
    re: /立即|马上|即刻|立刻|当即/g,
    kind: 'urgent',
    resolve: (_m, ctx) => {
      const next = ctx.calendar.addWorkdays(ctx.issued, 1);
      return {
        date: next.date,
        note: `按次一工作日${next.date}反馈`,
        provisional: next.provisional,
        rule: { count: 'workdays', from: ctx.issued, days: 1 },
      };
    },
  },
  {
    re: /(?<!超)长期(?!以来|存在|未|没有|困扰|拖欠|闲置|失修|积累|得不到)|持续(?!多|了|数|近|时间|[0-9一二两三四五六七八九十几])|常态化/g,
    kind: 'long_term',
    resolve: () => ({ date: null, note: '长期事项' }),
  },
];
