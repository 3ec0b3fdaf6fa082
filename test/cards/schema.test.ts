import { describe, expect, it } from 'vitest';
import { type Card, MAX_CARD_BYTES, validateCard } from '../../cards/index.ts';

const base = (elements: unknown[]): Record<string, unknown> => ({
  schema: '2.0',
  config: { update_multi: true, summary: { content: '测试' } },
  header: { title: { tag: 'plain_text', content: '测试' }, template: 'blue' },
  body: { elements },
});

const md = (content: string) => ({ tag: 'markdown', content });
const submit = (name: string) => ({
  tag: 'button',
  name,
  form_action_type: 'submit',
  text: { tag: 'plain_text', content: '提交' },
  behaviors: [{ type: 'callback', value: { a: 'report', i: 1, v: 1 } }],
});
const input = (name: string) => ({
  tag: 'input',
  name,
  placeholder: { tag: 'plain_text', content: '请填写' },
});

const message = (card: unknown): string => {
  const result = validateCard(card);
  return result.ok ? 'ok' : result.error.message;
};

describe('validateCard', () => {
  it('accepts a small valid card', () => {
    const card = base([md('**你好**'), { tag: 'form', name: 'f', elements: [input('text'), submit('go')] }]);
    expect(validateCard(card)).toEqual({ ok: true, value: card as Card });
  });

  it('rejects unknown properties anywhere (2.0 does)', () => {
    expect(message({ ...base([md('x')]), elements: [] })).toMatch(/卡片结构不合规/);
    expect(message(base([{ ...md('x'), color: 'red' }]))).toMatch(/body\.elements\.0/);
    expect(
      message(base([{ tag: 'form', name: 'f', elements: [{ ...input('t'), foo: 1 }, submit('go')] }])),
    ).not.toBe('ok');
  });

  it('rejects the 1.0 action and note modules', () => {
    const action = {
      tag: 'action',
      actions: [
        { tag: 'button', text: { tag: 'plain_text', content: '签收' }, value: { a: 'accept', i: 1, v: 1 } },
      ],
    };
    expect(message(base([action]))).toMatch(/卡片结构不合规/);
    expect(message(base([{ tag: 'note', elements: [] }]))).toMatch(/卡片结构不合规/);
  });

  it('requires schema 2.0 and shared updates', () => {
    expect(message({ ...base([md('x')]), schema: '1.0' })).not.toBe('ok');
    expect(message({ ...base([md('x')]), config: { update_multi: false } })).not.toBe('ok');
  });

  it('rejects duplicate or empty form field names', () => {
    const dup = base([{ tag: 'form', name: 'f', elements: [input('text'), input('text'), submit('go')] }]);
    expect(message(dup)).toMatch(/name 重复：text/);
    const acrossForms = base([
      { tag: 'form', name: 'f', elements: [input('text'), submit('a')] },
      { tag: 'form', name: 'g', elements: [input('text'), submit('b')] },
    ]);
    expect(message(acrossForms)).toMatch(/name 重复：text/);
    expect(message(base([{ tag: 'form', name: 'f', elements: [input(''), submit('go')] }]))).not.toBe('ok');
  });

  it('requires a submit button in every form, and named buttons inside forms', () => {
    expect(message(base([{ tag: 'form', name: 'f', elements: [input('text')] }]))).toMatch(/没有提交按钮/);
    const { name: _name, ...unnamed } = submit('x');
    expect(message(base([{ tag: 'form', name: 'f', elements: [input('text'), unnamed] }]))).toMatch(
      /缺少 name/,
    );
  });

  it('keeps forms at the root and fields inside forms', () => {
    const panel = {
      tag: 'collapsible_panel',
      header: { title: { tag: 'plain_text', content: '面板' } },
      elements: [{ tag: 'form', name: 'f', elements: [input('text'), submit('go')] }],
    };
    expect(message(base([panel]))).toMatch(/表单只能放在卡片根节点/);
    expect(message(base([input('text')]))).toMatch(/必须放在表单内/);
  });

  it('rejects a card over 30 KB', () => {
    const big = base([md('督'.repeat(Math.ceil(MAX_CARD_BYTES / 3) + 10))]);
    expect(message(big)).toMatch(/超过 30 KB/);
  });

  it('rejects more than 200 components', () => {
    expect(message(base(Array.from({ length: 201 }, () => md('x'))))).toMatch(/组件数 201 超过 200/);
  });

  it('rejects nesting deeper than 5 levels', () => {
    let inner: unknown = md('深');
    for (let i = 0; i < 3; i += 1)
      inner = { tag: 'column_set', columns: [{ tag: 'column', elements: [inner] }] };
    expect(message(base([inner]))).toMatch(/嵌套超过 5 层/);
  });

  it('checks element_id', () => {
    expect(message(base([{ ...md('x'), element_id: '1bad' }]))).not.toBe('ok');
    expect(message(base([{ ...md('x'), element_id: 'a'.repeat(21) }]))).not.toBe('ok');
    expect(
      message(
        base([
          { ...md('x'), element_id: 'same' },
          { ...md('y'), element_id: 'same' },
        ]),
      ),
    ).toMatch(/element_id 重复/);
    expect(message(base([{ ...md('x'), element_id: 'notice_1' }]))).toBe('ok');
  });

  it('refuses a button whose value carries more than the action', () => {
    const button = {
      tag: 'button',
      text: { tag: 'plain_text', content: '签收' },
      behaviors: [{ type: 'callback', value: { a: 'accept', i: 1, v: 1, operator: 'ou_x' } }],
    };
    expect(message(base([button]))).not.toBe('ok');
    const legacy = {
      ...button,
      behaviors: [{ type: 'callback', value: { action: 'accept', item_id: '2026-017' } }],
    };
    expect(message(base([legacy]))).not.toBe('ok');
  });
});
