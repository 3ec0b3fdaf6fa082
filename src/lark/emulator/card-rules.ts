import type { LarkReply } from './http.ts';
import { isRecord, larkError } from './http.ts';

/**
 * The card checks Feishu's server makes (feishu-cards.md §1–2), written from the platform's rules
 * rather than the bot's own schema so the two can disagree: a card the bot thinks is fine but
 * Feishu refuses fails here as it would in production (HTTP 400, code 230099 with an ErrCode).
 */

const MAX_ELEMENTS = 200;
const MAX_TABLES = 5;
/** 1.0 components that 2.0 removed (ErrCode 200861). */
const REMOVED_IN_V2 = new Set(['action', 'note']);
/** Components that send a value and so need a card-unique name inside a form. */
const FORM_FIELDS = new Set([
  'input',
  'select_static',
  'multi_select_static',
  'select_person',
  'multi_select_person',
  'date_picker',
  'picker_time',
  'picker_datetime',
  'checker',
]);

const cardError = (errCode: number, message: string, path: string): LarkReply =>
  larkError(
    400,
    230099,
    `Failed to create card content, ext=ErrCode: ${errCode}; ErrMsg: ${message}; ErrPath: ${path}`,
  );

type Walk = { elements: number; tables: number; names: Set<string>; problem?: LarkReply };

function visit(walk: Walk, elements: unknown, path: string, inForm: boolean): void {
  if (!Array.isArray(elements)) {
    walk.problem ??= cardError(200621, 'parse card json err: elements must be an array', path);
    return;
  }
  elements.forEach((el: unknown, index) => {
    const at = `${path} -> [${index}]`;
    if (walk.problem) return;
    if (!isRecord(el) || typeof el.tag !== 'string') {
      walk.problem = cardError(200621, 'parse card json err: element without tag', at);
      return;
    }
    const { tag } = el;
    walk.elements += 1;
    if (REMOVED_IN_V2.has(tag)) {
      walk.problem = cardError(
        200861,
        `cards of schema V2 no longer support this capability; unsupported tag ${tag}`,
        `${at}(tag: ${tag})`,
      );
      return;
    }
    if (tag === 'table') walk.tables += 1;
    if (tag === 'form' && (inForm || path !== 'ROOT -> body -> elements')) {
      walk.problem = cardError(200861, 'form must be at the root of the card body', at);
      return;
    }
    if (inForm && (FORM_FIELDS.has(tag) || tag === 'button' || tag === 'form')) {
      const name = typeof el.name === 'string' ? el.name : '';
      if (name === '' || walk.names.has(name)) {
        walk.problem = cardError(200530, `component name empty or repeated: "${name}"`, at);
        return;
      }
      walk.names.add(name);
    }
    const nested = tag === 'form' || inForm;
    if (tag === 'form') walk.names.add(typeof el.name === 'string' ? el.name : '');
    if (Array.isArray(el.elements)) visit(walk, el.elements, `${at} -> elements`, nested);
    if (Array.isArray(el.columns))
      el.columns.forEach((col: unknown, i) => {
        if (isRecord(col)) visit(walk, col.elements, `${at} -> columns -> [${i}] -> elements`, nested);
      });
  });
}

/** Why Feishu would refuse to send or store `card`, or undefined when it accepts it. */
export function checkCard(card: unknown): LarkReply | undefined {
  if (!isRecord(card)) return cardError(200621, 'parse card json err: card is not an object', 'ROOT');
  // A template reference is expanded by Feishu from the card kit; nothing to check here.
  if (card.type === 'template') return undefined;
  if (card.schema !== '2.0') return undefined;
  const config = isRecord(card.config) ? card.config : {};
  if (config.update_multi === false)
    return cardError(200861, 'update_multi must be true for cards of schema V2', 'ROOT -> config');
  if (!isRecord(card.body)) return cardError(200621, 'parse card json err: body is required', 'ROOT -> body');
  const walk: Walk = { elements: 0, tables: 0, names: new Set() };
  visit(walk, card.body.elements, 'ROOT -> body -> elements', false);
  if (walk.problem) return walk.problem;
  if (walk.elements > MAX_ELEMENTS)
    return cardError(11310, `card has ${walk.elements} components, more than ${MAX_ELEMENTS}`, 'ROOT');
  if (walk.tables > MAX_TABLES)
    return cardError(11310, `card has ${walk.tables} tables, more than ${MAX_TABLES}`, 'ROOT');
  return undefined;
}

const isShared = (card: unknown): boolean =>
  isRecord(card) && (card.schema === '2.0' || (isRecord(card.config) && card.config.update_multi === true));

/**
 * A PATCH or a callback's card replacing `before`: the new card must pass, both must be shared
 * (update_multi) and a 2.0 card may not turn into a 1.0 one.
 */
export function checkCardUpdate(before: unknown, after: unknown): LarkReply | undefined {
  const problem = checkCard(after);
  if (problem) return problem;
  if (!isShared(before) || !isShared(after))
    return larkError(400, 230001, 'card update needs config.update_multi=true on the old and the new card');
  if (isRecord(before) && before.schema === '2.0' && isRecord(after) && after.schema !== '2.0')
    return cardError(200830, 'a card of schema V2 cannot be updated to schema V1', 'ROOT');
  return undefined;
}
