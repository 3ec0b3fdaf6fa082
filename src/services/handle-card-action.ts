import type { CardAction } from '../../cards/actions.ts';
import { CardActionSchema } from '../../cards/actions.ts';
import { commandFromCard, DraftFormSchema, parseForm } from '../../cards/forms.ts';
import type { CallbackResponse } from '../../cards/toast.ts';
import { failureToast, toast, toastWithCard } from '../../cards/toast.ts';
import { recordLarkEvent } from '../db/queries/lark-events.ts';
import { findOutboxByMessageId } from '../db/queries/outbox.ts';
import type { Person } from '../db/queries/people.ts';
import { findPerson } from '../db/queries/people.ts';
import type { Deps } from '../deps.ts';
import type { CardActionEvent } from '../lark/card-action.ts';
import { CardActionEventSchema } from '../lark/card-action.ts';
import type { LarkEnvelope } from '../lark/inbound.ts';
import type { Logger } from '../lib/logger.ts';
import type { Result } from '../lib/result.ts';
import { decideHeldReply } from './chat/held-reply.ts';
import { sendItemDetail } from './chat/item-detail.ts';
import { runCardCommand } from './commands/card-commands.ts';
import type { ActionDone, ActionFailure } from './lifecycle/apply-action.ts';
import { applyItemAction } from './lifecycle/apply-action.ts';
import { issueDraft } from './lifecycle/issue-draft.ts';
import { saveSettingsFromCard } from './settings-card.ts';

export type CardCallbackResponse = CallbackResponse;

/** Feishu gives up on a callback after 3 s; answer before that even if the work is still committing. */
const ANSWER_WITHIN_MS = 2_500;

/**
 * Answers a card click. The operator is the verified identity in the callback, never anything the
 * button carries; the button names only the item, the action and the version the card showed.
 */
export async function handleCardAction(
  deps: Deps,
  envelope: LarkEnvelope,
  logger: Logger,
): Promise<CardCallbackResponse> {
  const { inserted } = await recordLarkEvent(deps.db, envelope.tenantKey, envelope, 'done');
  if (!inserted) return {};
  const parsed = CardActionEventSchema.safeParse((envelope.payload as { event?: unknown }).event);
  if (!parsed.success) return toast('error', '无法识别的卡片操作');
  const event = parsed.data;
  const log = logger.child({
    tenantKey: envelope.tenantKey,
    eventId: envelope.eventId,
    operator: event.operator.open_id,
  });
  const work = dispatch(deps, envelope.tenantKey, event, log).catch((e: unknown) => {
    log.error({ err: e }, 'card action failed');
    return toast('error', '系统繁忙，操作未完成，请稍后重试');
  });
  const late = new Promise<CallbackResponse>((resolve) =>
    setTimeout(() => resolve(toast('info', '正在处理，请稍后刷新查看结果')), ANSWER_WITHIN_MS).unref(),
  );
  return Promise.race([work, late]);
}

async function dispatch(
  deps: Deps,
  tenantKey: string,
  event: CardActionEvent,
  log: Logger,
): Promise<CallbackResponse> {
  const person = await findPerson(deps.db, tenantKey, event.operator.open_id);
  if (!person || person.roles.length === 0) return toast('error', '您不在本县督查督办名录中，无法办理');
  const value = CardActionSchema.safeParse(event.action.value);
  if (!value.success) return toast('error', '无法识别的操作，请使用最新的卡片');
  const messageId = event.context?.open_message_id ?? null;
  const clickedRow = messageId ? await findOutboxByMessageId(deps.db, tenantKey, messageId) : undefined;
  const clicked = messageId && clickedRow ? { messageId, purpose: clickedRow.purpose } : null;
  log.info({ action: value.data.a }, 'card action');
  return route(deps, person, value.data, event.action.form_value ?? {}, clicked);
}

async function route(
  deps: Deps,
  person: Person,
  value: CardAction,
  formValue: Record<string, unknown>,
  clicked: { messageId: string; purpose: string } | null,
): Promise<CallbackResponse> {
  switch (value.a) {
    case 'reply_to':
    case 'reply_result':
    case 'reply_progress':
    case 'reply_drop':
      return decideHeldReply(deps, person, value);
    case 'page':
    case 'cmd':
    case 'bulletin_publish':
    case 'bulletin_drop':
      return runCardCommand(deps, person, value);
    case 'detail':
      return sendItemDetail(deps, person, value.i);
    case 'settings_save':
      return saveSettingsFromCard(deps, person, value, formValue);
    case 'issue': {
      const form = parseForm(DraftFormSchema, formValue);
      if (!form.ok) return failureToast(form.error);
      return answer(
        await issueDraft(deps, person, {
          itemId: value.i,
          version: value.v,
          form: form.value,
          clickedMessageId: clicked?.messageId ?? null,
        }),
      );
    }
    default: {
      const command = commandFromCard(value, formValue);
      if (!command.ok) return failureToast(command.error);
      return answer(
        await applyItemAction(deps, person, { itemId: value.i, command: command.value, clicked }),
      );
    }
  }
}

function answer(res: Result<ActionDone, ActionFailure>): CallbackResponse {
  if (res.ok)
    return res.value.card
      ? toastWithCard('success', res.value.toast, res.value.card)
      : toast('success', res.value.toast);
  const refusal = failureToast(res.error);
  return res.error.card ? { ...refusal, card: { type: 'raw', data: res.error.card } } : refusal;
}
