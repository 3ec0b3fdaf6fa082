/** What a group serves, in words, and the binding card built from the tables. */

import { buildChatBindingCard } from '../../../cards/chat-binding.ts';
import type { Card } from '../../../cards/components.ts';
import type { Db } from '../../db/client.ts';
import type { Binding, BotChat } from '../../db/queries/chat-bindings.ts';
import { bindingKey, bindingOf, lastBinding } from '../../db/queries/chat-bindings.ts';
import { listUnits, personNames } from '../../db/queries/units.ts';
import { beijingStamp } from '../item-view.ts';
import { GROUP_LABELS } from './import-bindings.ts';

export const bindingLabel = (b: Binding): string =>
  b.kind === 'unit' ? `${b.unitName}工作群` : GROUP_LABELS[b.kind];

export async function chatBindingCard(
  db: Db,
  tenantKey: string,
  chat: BotChat,
  note: string | null = null,
): Promise<Card> {
  const [current, last, units] = await Promise.all([
    bindingOf(db, tenantKey, chat.chatId),
    lastBinding(db, tenantKey, chat.chatId),
    listUnits(db, tenantKey),
  ]);
  // Who bound it is shown only when the last recorded change made it what it is now.
  const madeHere = last && current && last.after === bindingKey(current) ? last : null;
  const names = await personNames(
    db,
    tenantKey,
    [chat.addedBy, madeHere?.actor].filter((x): x is string => Boolean(x)),
  );
  return buildChatBindingCard({
    chat: { id: chat.id, name: chat.name },
    addedBy: chat.addedBy ? (names.get(chat.addedBy) ?? null) : null,
    current: current ? bindingLabel(current) : null,
    boundBy: madeHere
      ? { name: names.get(madeHere.actor) ?? madeHere.actor, at: beijingStamp(madeHere.at) }
      : null,
    units: units.map((u) => ({ id: u.id, name: u.name })),
    note,
  });
}
