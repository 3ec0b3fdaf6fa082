/**
 * 建议提案清单 sent to the bot: what was imported as drafts, which rows were not and why, and one
 * button that issues the whole batch (批量交办). After the press the card says what was issued.
 */
import type { Card, CardElement } from './components.ts';
import { md } from './escape.ts';
import { button, buttonRow, card, markdown, notation } from './ui.ts';

export type ProposalImportCardInput = {
  fileName: string;
  year: number;
  batch: string | null;
  suggestions: number;
  proposals: number;
  /** "第 11 行：…" lines. */
  errors: string[];
  /** Set once the batch was issued: the line saying what happened. */
  issued: string | null;
};

/** Enough to fix the sheet; the rest is counted (the CLI's --dry-run lists every row). */
const SHOWN_ERRORS = 30;

export function buildProposalImportCard(input: ProposalImportCardInput): Card {
  const total = input.suggestions + input.proposals;
  const elements: CardElement[] = [
    markdown(
      md`**${input.fileName}**：${String(input.year)}年建议提案清单，已生成拟办 **${String(total)}** 件（建议 ${String(input.suggestions)} 件、提案 ${String(input.proposals)} 件）。`,
    ),
  ];
  if (input.errors.length > 0) {
    const shown = input.errors.slice(0, SHOWN_ERRORS).map((e) => md`- ${e}`);
    const more = input.errors.length - SHOWN_ERRORS;
    elements.push(
      markdown(
        [md`<font color='red'>**有误 ${String(input.errors.length)} 行，未导入：**</font>`, ...shown]
          .concat(more > 0 ? [md`……另有 ${String(more)} 行`] : [])
          .join('\n'),
      ),
      notation('请改正后重新发送清单：已导入的编号不会重复导入。'),
    );
  }
  if (input.issued) elements.push(markdown(md`<font color='green'>${input.issued}</font>`));
  else if (input.batch && total > 0)
    elements.push(
      notation('核对无误后可一键交办：各件按清单所列主办、会办单位交办，办理时限按建议提案的规定计算。'),
      buttonRow([
        button(`批量交办（${total} 件）`, { a: 'proposal_batch', b: input.batch }, { type: 'primary' }),
      ]),
    );
  const title = input.issued ? '建议提案已批量交办' : '建议提案清单已导入';
  return card({ title, template: input.errors.length > 0 ? 'orange' : 'blue' }, title, elements);
}
