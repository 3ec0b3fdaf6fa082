import { describe, expect, it } from 'vitest';
import { readsAsResult } from '../../src/domain/reply.ts';

describe('readsAsResult', () => {
  it.each([
    '违法用地已全部整改到位，已办结',
    '该事项已办结',
    '摸底工作已全部完成。',
    '任务已完成',
    '已按要求完成并形成书面报告',
    '整改工作已完成',
  ])('reads "%s" as a result', (text) => expect(readsAsResult(text)).toBe(true));

  it.each([
    '已完成3个乡镇的实地核查',
    '已完成12个小区入户摸底',
    '已检查燃气用户320户，发现隐患5处正在整改',
    '尚未完成，预计下周完成',
    '基本完成，剩余收尾工作',
    '已完成部分整改',
    '本周已召开推进会，明确了分工',
    '已完成三个乡镇的核查',
  ])('reads "%s" as progress', (text) => expect(readsAsResult(text)).toBe(false));
});
