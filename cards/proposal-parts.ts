/** 建议提案 (issue #13): its fields, 会办意见, 沟通 and 答复 on the item's cards, and the units' forms. */
import type { ItemAction } from '../src/domain/lifecycle/index.ts';
import {
  ANSWER_CATEGORIES,
  ANSWER_LABELS,
  CATEGORY_LABELS,
  CONTACT_METHOD_LABELS,
  CONTACT_METHODS,
  keyLabel,
  PROPOSER_LABELS,
  proposalFullNumber,
  SATISFACTION_LABELS,
  SATISFACTIONS,
  STAGE_LABELS,
} from '../src/domain/proposal.ts';
import { itemAction } from './actions.ts';
import type { Card, CardElement } from './components.ts';
import { md, quote, trusted } from './escape.ts';
import { FIELDS } from './forms.ts';
import { factsBlock, itemHeader, numberText } from './item-parts.ts';
import type { ItemView, ProposalView } from './types.ts';
import {
  buttonRow,
  card,
  datePicker,
  form,
  hr,
  markdown,
  notation,
  select,
  submitButton,
  textInput,
} from './ui.ts';

const OPINION_MAX = 300;

type Headline = Pick<
  ProposalView,
  'year' | 'category' | 'seq' | 'keyItem' | 'proposers' | 'delegation' | 'topic'
>;

/** Number, deputies or members, 类别 (safe markdown lines); also on the 拟办单 of an imported one. */
export function proposalHeadline(p: Headline): string[] {
  const who = PROPOSER_LABELS[p.category];
  const lines = [
    md`**${CATEGORY_LABELS[p.category]}**：${proposalFullNumber(p.year, p.category, p.seq)}（${keyLabel(p.keyItem)}）`,
    md`**${who.person}**：${p.proposers || '（未填）'}${p.delegation ? `（${p.delegation}）` : ''}`,
  ];
  if (p.topic) lines.push(md`**类别**：${p.topic}`);
  return lines;
}

/** The proposal's own facts: number, proposers, 类别, 重点/一般, stage. */
export function proposalFacts(p: ProposalView): CardElement {
  const lines = proposalHeadline(p);
  lines.push(
    md`**办理阶段**：${STAGE_LABELS[p.stage]}${p.redoCount > 0 ? `（第${p.redoCount}次重办）` : ''}`,
  );
  if (p.opinionsDueOn && p.opinions.length > 0) lines.push(md`**会办意见时限**：${p.opinionsDueOn}`);
  if (p.adjustReason && p.stage === 'adjusting') lines.push(md`**调整理由**：${p.adjustReason}`);
  return markdown(lines.join('\n'));
}

/** 会办意见 as the 主办 unit and the office read them; a co-unit with none yet is named. */
export function opinionsBlock(p: ProposalView): CardElement[] {
  if (p.opinions.length === 0) return [];
  const lines = p.opinions.map((o) =>
    o.text === null
      ? md`- ${o.unit.name}：${trusted("<font color='orange'>尚未提交</font>")}`
      : md`- ${o.unit.name}（${o.by ?? ''}，${o.at ?? ''}）：${trusted(quote(o.text, OPINION_MAX))}${
          o.fileName ? `（附件：${o.fileName}）` : ''
        }`,
  );
  return [markdown([md`**会办意见**`, ...lines].join('\n'))];
}

/** 沟通, 答复 and 满意度 so far. */
export function replyBlock(p: ProposalView): CardElement[] {
  const lines: string[] = [];
  if (p.contact)
    lines.push(
      md`**沟通情况**：${p.contact.on}，${CONTACT_METHOD_LABELS[p.contact.method]}${p.contact.note ? `，${p.contact.note}` : ''}`,
    );
  if (p.answer) {
    lines.push(md`**答复类别**：${ANSWER_LABELS[p.answer.category]}`);
    if (p.answer.followupOn) lines.push(md`**跟踪落实日期**：${p.answer.followupOn}`);
    lines.push(md`**答复函**：${p.answer.fileName ?? '（文件已清理）'}`);
  }
  if (p.satisfaction) lines.push(md`**满意度**：${SATISFACTION_LABELS[p.satisfaction]}`);
  return lines.length > 0 ? [markdown(lines.join('\n'))] : [];
}

/** Everything about the proposal a card shows; `opinions` for the 主办 unit and the office. */
export function proposalBlock(item: ItemView, opts: { opinions: boolean }): CardElement[] {
  const p = item.proposal;
  if (!p) return [];
  return [proposalFacts(p), ...(opts.opinions ? opinionsBlock(p) : []), ...replyBlock(p)];
}

/** The 主办 unit's 沟通 and 答复 forms, or a co-unit's 会办意见 form, as the lifecycle allows now. */
export function proposalForms(item: ItemView, allowed: readonly ItemAction[], co: boolean): CardElement[] {
  const p = item.proposal;
  if (!p) return [];
  const out: CardElement[] = [];
  if (co && allowed.includes('send_opinion')) {
    out.push(
      form('opinion_form', [
        textInput(FIELDS.opinion, '会办意见（将送主办单位，可先回复本消息附上材料）', {
          required: true,
          multiline: true,
        }),
        buttonRow([
          submitButton('opinion_send', '提交会办意见', itemAction('send_opinion', item), { type: 'primary' }),
        ]),
      ]),
    );
    if (p.opinionsDueOn) out.push(notation(md`请于 ${p.opinionsDueOn} 前提交会办意见。`));
    return out;
  }
  if (co) return out;
  if (allowed.includes('record_contact')) {
    out.push(
      form('contact_form', [
        datePicker(FIELDS.contactDate, '与代表（委员）沟通的日期', { required: true }),
        select(
          FIELDS.contactMethod,
          '沟通方式',
          CONTACT_METHODS.map((m) => ({ label: CONTACT_METHOD_LABELS[m], value: m })),
          { required: true },
        ),
        textInput(FIELDS.contactNote, '沟通情况（选填）'),
        buttonRow([submitButton('contact_save', '记录沟通情况', itemAction('record_contact', item), {})]),
      ]),
    );
  }
  if (allowed.includes('reply')) {
    out.push(
      form('reply_form', [
        select(
          FIELDS.answer,
          '答复类别',
          ANSWER_CATEGORIES.map((c) => ({ label: ANSWER_LABELS[c], value: c })),
          { required: true },
        ),
        datePicker(FIELDS.followup, 'B类答复：承诺事项的跟踪落实日期'),
        textInput(FIELDS.replySummary, '答复内容摘要', { required: true, multiline: true }),
        buttonRow([
          submitButton('reply_send', '提交答复', itemAction('reply', item), {
            type: 'primary_filled',
            confirm: {
              title: '确认提交答复',
              text: '答复函（本事项最近收到的文件）和答复类别将报督查室审核。',
            },
          }),
        ]),
      ]),
    );
  } else if (item.state === 'in_progress') {
    out.push(
      notation(
        p.facts.contacted
          ? '提交答复前，请先将答复函文件回复到本消息。'
          : '答复前须先与代表（委员）沟通并记录沟通日期和方式；答复函文件请回复到本消息。',
      ),
    );
  }
  return out;
}

/** 满意度: the office records the deputy's or member's rating of a sent reply; 不满意 needs a 重办 date. */
export function buildRatingCard(item: ItemView, rated: string | null = null): Card {
  const elements: CardElement[] = [factsBlock(item), ...proposalBlock(item, { opinions: false }), hr()];
  if (rated) {
    elements.push(notation(rated));
  } else {
    elements.push(
      form('rate_form', [
        select(
          FIELDS.satisfaction,
          '代表（委员）的满意度',
          SATISFACTIONS.map((s) => ({ label: SATISFACTION_LABELS[s], value: s })),
          { required: true },
        ),
        datePicker(FIELDS.date, '不满意时：重办答复时限'),
        textInput(FIELDS.text, '备注（选填）'),
        buttonRow([
          submitButton('rate_save', '记录满意度', itemAction('rate', item), { type: 'primary_filled' }),
        ]),
      ]),
      notation('不满意的，将退回主办单位重办，请选择重办时限。'),
    );
  }
  return card(itemHeader(item, '满意度'), `满意度：${item.title}（${numberText(item)}）`, elements);
}
