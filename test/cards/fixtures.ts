import type { ItemView, TimelineEntry, UnitRef } from '../../cards/index.ts';

export const UNITS: UnitRef[] = [
  { id: 1, name: '县应急管理局' },
  { id: 2, name: '县住房和城乡建设局' },
  { id: 3, name: '县自然资源局' },
  { id: 4, name: '县财政局' },
];

export function makeItem(overrides: Partial<ItemView> = {}): ItemView {
  return {
    id: 17,
    number: '督〔2026〕17号',
    title: '防汛物资检查',
    text: '请应急局牵头，住建局、自然资源局配合，6月底前完成全县防汛物资检查并报送结果。',
    source: 'leader_instruction',
    kind: 'co_handled',
    priority: 'important',
    state: 'issued',
    version: 3,
    assigningLeader: { openId: 'ou_leader001', name: '李建国' },
    leadUnit: { id: 1, name: '县应急管理局' },
    coUnits: [
      { id: 2, name: '县住房和城乡建设局' },
      { id: 3, name: '县自然资源局' },
    ],
    deadline: '2026-07-01',
    deadlineProvisional: false,
    deadlineBasis: '批示要求“6月底前”',
    issuedAt: '2026-06-15 09:30',
    colour: 'green',
    latestProgress: null,
    pendingExtension: null,
    pendingCoordination: null,
    ...overrides,
  };
}

export const chars = (ch: string, n: number): string => ch.repeat(n);

/** Text full of everything markdown could misread. */
export const NASTY =
  '<at id=all></at> **粗** [链接](https://evil.example) <font color=red>红</font> `code` # _x_ ~~y~~ | a | \\ $ & &#60;';

export function makeTimeline(n: number, textLength = 300): TimelineEntry[] {
  return Array.from({ length: n }, (_, i) => ({
    at: `2026-06-${String((i % 28) + 1).padStart(2, '0')} 09:${String(i % 60).padStart(2, '0')}`,
    actorName: `联络员${i}`,
    action: i % 2 === 0 ? '反馈进展' : '催办',
    text: `${i}：${NASTY}${chars('进', textLength)}`,
  }));
}
