import type { Card } from '../../../cards/components.ts';
import type { NewOutbox, OutboxRow } from '../../db/database.ts';
import type { Recipient } from '../outbox-message.ts';
import { cardMessage, recipientOf } from '../outbox-message.ts';

/** The card message a person clicked, as the outbox sent it. */
export type ClickedCard = {
  outboxId: string;
  messageId: string;
  purpose: string;
  itemId: number | null;
  to: Recipient;
};

export const clickedCard = (row: OutboxRow, messageId: string): ClickedCard => ({
  outboxId: row.id,
  messageId,
  purpose: row.purpose,
  itemId: row.item_id,
  to: recipientOf(row),
});

/**
 * How long a held update of the clicked card waits before the sweep may send it anyway. The callback
 * settles it within seconds; this matters only when the process died in between, and then the card
 * gets the same content twice, which is harmless.
 */
export const HELD_ANSWER_MS = 30_000;

/** The business key of a clicked card's held update for one item version (the refresh skips that card). */
export const heldAnswerKey = (outboxId: string, version: number): string => `answer:${outboxId}:v${version}`;

/**
 * The clicked card's new look as a card update that commits with the transition, held back: when the
 * callback answer carries the card in time the row is marked delivered by it, otherwise it is released
 * and sent. Either way the clicked card ends up current, and any later update of it is newer than this.
 */
export function heldAnswerPatch(
  tenantKey: string,
  clicked: ClickedCard,
  item: { id: number; version: number },
  card: Card,
): NewOutbox {
  return cardMessage(
    {
      tenantKey,
      to: clicked.to,
      key: heldAnswerKey(clicked.outboxId, item.version),
      purpose: `update:${clicked.purpose}`,
      itemId: item.id,
      patchOf: clicked.outboxId,
      // Wall-clock time, like every outbox timestamp (the sender compares it with the database's now()).
      notBefore: new Date(Date.now() + HELD_ANSWER_MS),
    },
    card,
  );
}
