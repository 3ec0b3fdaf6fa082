import type { CardAction } from '../../cards/actions.ts';
import { CardActionSchema } from '../../cards/actions.ts';
import { commandFromCard, DraftFormSchema, parseForm } from '../../cards/forms.ts';
import { sendableCard } from '../../cards/sendable.ts';
import type { CallbackResponse } from '../../cards/toast.ts';
import { failureToast, toast, toastWithCard } from '../../cards/toast.ts';
import { recordLarkEvent } from '../db/queries/lark-events.ts';
import {
  findOutboxByMessageId,
  insertOutbox,
  markHeldPatchAnswered,
  releaseHeldPatch,
} from '../db/queries/outbox.ts';
import type { Person } from '../db/queries/people.ts';
import { findPerson } from '../db/queries/people.ts';
import type { Deps } from '../deps.ts';
import { jobIds } from '../jobs/catalog.ts';
import type { CardActionEvent } from '../lark/card-action.ts';
import { CardActionEventSchema } from '../lark/card-action.ts';
import type { LarkEnvelope } from '../lark/inbound.ts';
import type { Logger } from '../lib/logger.ts';
import type { Result } from '../lib/result.ts';
import { decideHeldReply } from './chat/held-reply.ts';
import { sendItemDetail } from './chat/item-detail.ts';
import { runCardCommand } from './commands/card-commands.ts';
import { delegationFromCard } from './delegation/card.ts';
import { withStandIns } from './delegation/stand-ins.ts';
import { bindChatFromCard } from './directory/bind-chat.ts';
import { mergeDraft } from './intake/merge-draft.ts';
import { sendStoredFile } from './intake/send-file.ts';
import type { ActionDone, ActionFailure } from './lifecycle/apply-action.ts';
import { applyItemAction } from './lifecycle/apply-action.ts';
import type { ClickedCard } from './lifecycle/clicked-card.ts';
import { clickedCard } from './lifecycle/clicked-card.ts';
import { answerExpiredClick, clickedExpired } from './lifecycle/expired-click.ts';
import { issueDraft } from './lifecycle/issue-draft.ts';
import { resolveUnitFields } from './lifecycle/unit-names.ts';
import { cardMessage } from './outbox-message.ts';
import { issueBatchFromCard } from './proposals/batch-card.ts';
import { officeUrgent } from './reach/office-urgent.ts';
import { markProblemHandled } from './reach/problem-done.ts';
import { saveSettingsFromCard } from './settings-card.ts';

export type CardCallbackResponse = CallbackResponse;

/** Feishu gives up on a callback after 3 s; answer before that even if the work is still committing. */
const ANSWER_WITHIN_MS = 2_500;
const answerDeadline = (): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ANSWER_WITHIN_MS).unref());

/** What a click did, and how the clicked card gets its new look when the answer goes out first. */
type Handled = {
  response: CallbackResponse;
  clicked: ClickedCard | null;
  /** Item actions commit an update of the clicked card with the transition (heldAnswerPatch). */
  heldPatchId: string | null;
  /** Other answers' cards are sent as an update of the clicked card afterwards. */
  patchLate: boolean;
};

const only = (response: CallbackResponse): Handled => ({
  response,
  clicked: null,
  heldPatchId: null,
  patchLate: false,
});

/**
 * Answers a card click. The operator is the verified identity in the callback, never anything the
 * button carries; the button names only the item, the action and the version the card showed.
 */
export async function handleCardAction(
  deps: Deps,
  envelope: LarkEnvelope,
  logger: Logger,
): Promise<CardCallbackResponse> {
  // The deadline runs from arrival: under load even recording the event may wait for a connection,
  // and an answer after 3 s is an error in the client (200341) whatever it says.
  const deadline = (deps.cardAnswerDeadline ?? answerDeadline)().then(() => null);
  const parsed = CardActionEventSchema.safeParse((envelope.payload as { event?: unknown }).event);
  if (!parsed.success) {
    const { inserted } = await recordLarkEvent(deps.db, envelope.tenantKey, envelope, 'done');
    return inserted ? toast('error', '无法识别的卡片操作') : {};
  }
  const event = parsed.data;
  const log = logger.child({
    tenantKey: envelope.tenantKey,
    eventId: envelope.eventId,
    operator: event.operator.open_id,
  });
  const work = (async (): Promise<Handled | 'repeat'> => {
    const { inserted } = await recordLarkEvent(deps.db, envelope.tenantKey, envelope, 'done');
    if (!inserted) return 'repeat';
    return dispatch(deps, envelope.tenantKey, event, log);
  })().catch((e: unknown) => {
    log.error({ err: e }, 'card action failed');
    return only(toast('error', '系统繁忙，操作未完成，请稍后重试'));
  });
  const inTime = await Promise.race([work, deadline]);
  if (inTime === 'repeat') return {};
  if (inTime) {
    if (inTime.heldPatchId && inTime.clicked) {
      await markHeldPatchAnswered(deps.db, inTime.heldPatchId, inTime.clicked.messageId).catch((e: unknown) =>
        log.warn({ err: e }, 'held card update not settled; the sweep sends it'),
      );
    }
    return sendableAnswer(inTime.response, log);
  }
  void work.then((late) =>
    (late === 'repeat' ? Promise.resolve() : updateClickedLate(deps, envelope, late)).catch((e: unknown) =>
      log.error({ err: e }, 'clicked card not updated after a late answer'),
    ),
  );
  return toast('info', '正在处理，请稍后刷新查看结果');
}

/** Callback answers pass the same check as outbox cards; a failing card is a bug, answered with the fallback. */
function sendableAnswer(response: CallbackResponse, log: Logger): CallbackResponse {
  if (!response.card) return response;
  const { card, problem } = sendableCard(response.card.data);
  if (!problem) return response;
  log.error({ problem }, 'answer card failed validation; answering with a fallback card');
  return { ...response, card: { type: 'raw', data: card } };
}

/** The answer went out before the work ended: the clicked card gets its new look as a card update. */
async function updateClickedLate(deps: Deps, envelope: LarkEnvelope, late: Handled): Promise<void> {
  let id: string | null = null;
  if (late.heldPatchId) {
    if (await releaseHeldPatch(deps.db, late.heldPatchId)) id = late.heldPatchId;
  } else if (late.patchLate && late.clicked && late.response.card) {
    const { clicked } = late;
    const row = cardMessage(
      {
        tenantKey: envelope.tenantKey,
        to: clicked.to,
        key: `late:${clicked.outboxId}:${envelope.eventId}`,
        purpose: `update:${clicked.purpose}`,
        itemId: clicked.itemId,
        patchOf: clicked.outboxId,
      },
      late.response.card.data,
    );
    [id = null] = await insertOutbox(deps.db, [row]);
  }
  if (id) await deps.jobs.enqueue('send-message', { outboxId: id }, { jobId: jobIds.sendReleased(id) });
}

async function dispatch(
  deps: Deps,
  tenantKey: string,
  event: CardActionEvent,
  log: Logger,
): Promise<Handled> {
  const found = await findPerson(deps.db, tenantKey, event.operator.open_id);
  if (!found || found.roles.length === 0) return only(toast('error', '您不在本县督查督办名录中，无法办理'));
  // A deputy (委托) may act in the places lent to them while the delegation runs.
  const person = await withStandIns(deps.db, found, deps.now());
  const value = CardActionSchema.safeParse(event.action.value);
  if (!value.success) return only(toast('error', '无法识别的操作，请使用最新的卡片'));
  const messageId = event.context?.open_message_id ?? null;
  const row = messageId ? await findOutboxByMessageId(deps.db, tenantKey, messageId) : undefined;
  // Past Feishu's window the clicked card cannot show the result: a fresh card is sent instead.
  if (clickedExpired(row)) return only(await answerExpiredClick(deps, person, row));
  const clicked = messageId && row ? clickedCard(row, messageId) : null;
  log.info({ action: value.data.a }, 'card action');
  return route(deps, person, value.data, event.action.form_value ?? {}, clicked);
}

async function route(
  deps: Deps,
  person: Person,
  value: CardAction,
  formValue: Record<string, unknown>,
  clicked: ClickedCard | null,
): Promise<Handled> {
  const other = (response: CallbackResponse): Handled => ({
    response,
    clicked,
    heldPatchId: null,
    patchLate: true,
  });
  switch (value.a) {
    case 'reply_to':
    case 'reply_result':
    case 'reply_progress':
    case 'reply_drop':
      return other(await decideHeldReply(deps, person, value));
    case 'page':
    case 'cmd':
    case 'bulletin_publish':
    case 'bulletin_drop':
      return other(await runCardCommand(deps, person, value, clicked));
    case 'detail':
      return only(await sendItemDetail(deps, person, value.i));
    case 'file':
      return only(await sendStoredFile(deps, person, value));
    case 'merge_draft':
      return other(await mergeDraft(deps, person, value));
    case 'settings_save':
      return other(await saveSettingsFromCard(deps, person, value, formValue));
    case 'bind_chat':
      return other(await bindChatFromCard(deps, person, value, formValue));
    case 'delegate':
    case 'delegate_end':
      return other(await delegationFromCard(deps, person, value, formValue));
    case 'urgent':
      return only(await officeUrgent(deps, person, value));
    case 'proposal_batch':
      return other(await issueBatchFromCard(deps, person, value));
    case 'problem_done':
      return other(await markProblemHandled(deps, person, value, clicked?.messageId ?? null));
    default: {
      // Big directories name units in words on the card; they become ids before the usual checks.
      const resolved = await resolveUnitFields(deps.db, person.tenantKey, formValue);
      if (!resolved.ok) return only(failureToast(resolved.error));
      if (value.a === 'issue') {
        const form = parseForm(DraftFormSchema, resolved.value);
        if (!form.ok) return only(failureToast(form.error));
        const req = { itemId: value.i, version: value.v, form: form.value, clicked };
        return answer(await issueDraft(deps, person, req), clicked);
      }
      const command = commandFromCard(value, resolved.value);
      if (!command.ok) return only(failureToast(command.error));
      const req = { itemId: value.i, command: command.value, clicked };
      return answer(await applyItemAction(deps, person, req), clicked);
    }
  }
}

function answer(res: Result<ActionDone, ActionFailure>, clicked: ClickedCard | null): Handled {
  if (!res.ok) {
    const refusal = failureToast(res.error);
    return only(res.error.card ? { ...refusal, card: { type: 'raw', data: res.error.card } } : refusal);
  }
  const { card, heldPatchId } = res.value;
  const response = card ? toastWithCard('success', res.value.toast, card) : toast('success', res.value.toast);
  return { response, clicked, heldPatchId, patchLate: false };
}
