/**
 * Feishu's window for a sent 2.0 card: it can be updated (PATCH, callback answers) and clicked for
 * 14 days from sending (reference/feishu-cards.md §1, and the PATCH page: 仅支持更新 14 天内发送的消息).
 * The bot stays a day inside it, so a patch queued on day 13 still lands, and re-sends a live card a few
 * days before, when the item next changes, so the card people look at can always be updated.
 */
const DAY_MS = 24 * 60 * 60 * 1000;

/** Feishu's own limit. */
export const FEISHU_CARD_WINDOW_MS = 14 * DAY_MS;
/** No card update is sent for a message older than this (a day of margin). */
export const PATCHABLE_FOR_MS = 13 * DAY_MS;
/** A live card older than this is re-sent as a new message at the item's next change. */
export const RESEND_AFTER_MS = 10 * DAY_MS;

/** Whether a card sent at `sentAt` may still be updated at `now`; unsent cards are not aged. */
export const cardPatchable = (sentAt: Date | null, now: Date): boolean =>
  sentAt === null || now.getTime() - sentAt.getTime() < PATCHABLE_FOR_MS;

/** Whether a live card should be replaced by a new message at the item's next change. */
export const cardAgeing = (sentAt: Date | null, now: Date): boolean =>
  sentAt !== null && now.getTime() - sentAt.getTime() >= RESEND_AFTER_MS;
