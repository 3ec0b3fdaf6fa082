import { describe, expect, it } from 'vitest';
import {
  CardActionSchema,
  commandAction,
  commandFromCard,
  DraftFormSchema,
  ExtensionRequestFormSchema,
  ITEM_CARD_ACTIONS,
  type ItemCardAction,
  itemAction,
  pageAction,
  parseForm,
  ReassignFormSchema,
  replyDecision,
  replyTo,
} from '../../cards/index.ts';

const roundTrip = (value: unknown) => CardActionSchema.safeParse(JSON.parse(JSON.stringify(value)));

describe('CardActionSchema', () => {
  it('round-trips every kind of value', () => {
    const values = [
      itemAction('accept', { id: 17, version: 3 }),
      replyTo(5, 17),
      replyDecision('reply_result', 5),
      pageAction('overdue', 2),
      commandAction('stats'),
    ];
    for (const value of values) expect(roundTrip(value)).toEqual({ success: true, data: value });
  });

  it('parses every item action', () => {
    for (const a of ITEM_CARD_ACTIONS) expect(roundTrip({ a, i: 1, v: 0 }).success).toBe(true);
  });

  it('refuses anything naming who acts, and anything unknown', () => {
    expect(roundTrip({ a: 'accept', i: 17, v: 3, operator: 'ou_x' }).success).toBe(false);
    expect(roundTrip({ a: 'accept', i: 17, v: 3, role: 'office' }).success).toBe(false);
    expect(roundTrip({ a: 'accept', i: 17, v: 3, u: 1 }).success).toBe(false);
    expect(roundTrip({ a: 'delete_everything', i: 17, v: 3 }).success).toBe(false);
    expect(roundTrip({ a: 'accept', i: 0, v: 3 }).success).toBe(false);
    expect(roundTrip({ a: 'accept', i: 17 }).success).toBe(false);
    expect(roundTrip({ a: 'page', k: 'mine', p: 0 }).success).toBe(false);
  });

  it('accepts digit strings, in case a client stringifies numbers', () => {
    expect(roundTrip({ a: 'accept', i: '17', v: '3' })).toEqual({
      success: true,
      data: { a: 'accept', i: 17, v: 3 },
    });
    expect(roundTrip({ a: 'accept', i: '17abc', v: '3' }).success).toBe(false);
  });

  it('refuses the free-form value of the shared fixtures', () => {
    expect(roundTrip({ action: 'accept', item_id: '2026-017' }).success).toBe(false);
  });
});

describe('form values', () => {
  it('normalises the date picker format', () => {
    const parsed = parseForm(ExtensionRequestFormSchema, { date: '2026-07-15 +0800', text: ' 汛期提前 ' });
    expect(parsed).toEqual({ ok: true, value: { date: '2026-07-15', text: '汛期提前' } });
    expect(parseForm(ExtensionRequestFormSchema, { date: '2026-13-01 +0800', text: 'x' })).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '日期格式不正确' },
    });
    expect(parseForm(ExtensionRequestFormSchema, { text: 'x' })).toMatchObject({
      ok: false,
      error: { message: '请选择延期后的办理时限' },
    });
  });

  it('reads the draft form', () => {
    const parsed = parseForm(DraftFormSchema, {
      title: ' 防汛物资检查 ',
      lead: '1',
      co: ['2', '3'],
      kind: 'co_handled',
      deadline: '2026-07-01 +0800',
      source: 'leader_instruction',
      priority: 'urgent',
    });
    expect(parsed).toEqual({
      ok: true,
      value: {
        title: '防汛物资检查',
        leadUnitId: 1,
        coUnitIds: [2, 3],
        kind: 'co_handled',
        deadline: '2026-07-01',
        source: 'leader_instruction',
        priority: 'urgent',
      },
    });
  });

  it('refuses a draft whose co-units include the lead unit, or with no lead unit', () => {
    const form = { title: 'x', lead: '1', co: ['1'], kind: 'office', source: 'other', priority: 'normal' };
    expect(parseForm(DraftFormSchema, form)).toMatchObject({
      ok: false,
      error: { message: '协办单位不能包含牵头单位' },
    });
    expect(parseForm(DraftFormSchema, { ...form, lead: '', co: [] })).toMatchObject({
      ok: false,
      error: { message: '请选择牵头单位' },
    });
    expect(parseForm(DraftFormSchema, { ...form, co: [], kind: '' })).toMatchObject({
      ok: false,
      error: { message: '请选择办理类型' },
    });
    expect(parseForm(DraftFormSchema, { ...form, co: [], title: ' ' })).toMatchObject({
      ok: false,
      error: { message: '请填写事项标题' },
    });
    const noDeadline = parseForm(DraftFormSchema, { ...form, co: undefined, deadline: '', priority: '' });
    expect(noDeadline.ok && noDeadline.value).toMatchObject({
      deadline: null,
      coUnitIds: [],
      priority: 'normal',
    });
  });

  it('reads the reassign form', () => {
    expect(parseForm(ReassignFormSchema, { unit: '4', text: '' })).toEqual({
      ok: true,
      value: { unit: 4, text: undefined },
    });
  });
});

describe('commandFromCard', () => {
  const from = (a: ItemCardAction, formValue: unknown) => commandFromCard({ a, i: 17, v: 3 }, formValue);

  it('maps card actions and forms to lifecycle commands', () => {
    expect(from('accept', undefined)).toEqual({ ok: true, value: { type: 'accept', version: 3 } });
    expect(from('report', { text: '进展', date: '' })).toEqual({
      ok: true,
      value: { type: 'report', text: '进展', version: 3 },
    });
    expect(from('request_extension', { text: '理由', date: '2026-07-15 +0800' })).toEqual({
      ok: true,
      value: { type: 'request_extension', date: '2026-07-15', reason: '理由', version: 3 },
    });
    expect(from('refuse_extension', { text: '不充分' })).toEqual({
      ok: true,
      value: { type: 'decide_extension', approve: false, comment: '不充分', version: 3 },
    });
    expect(from('approve_extension', {})).toEqual({
      ok: true,
      value: { type: 'decide_extension', approve: true, version: 3 },
    });
    expect(from('to_topic_meeting', { text: '' })).toEqual({
      ok: true,
      value: { type: 'answer_coordination', toTopicMeeting: true, version: 3 },
    });
    expect(from('reassign', { unit: '4', text: '职责调整' })).toEqual({
      ok: true,
      value: { type: 'reassign', leadUnitId: 4, reason: '职责调整', version: 3 },
    });
  });

  it('refuses missing text with a Chinese message', () => {
    expect(from('return', { text: '   ' })).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '请填写退回重办的理由' },
    });
    expect(from('refuse_extension', {})).toMatchObject({
      ok: false,
      error: { message: '请填写不同意延期的理由' },
    });
    expect(from('detail', undefined).ok).toBe(false);
  });
});
