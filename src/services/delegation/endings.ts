/**
 * A delegation ends by itself (every check reads its period); this pass only tells both people once it
 * has: the delegator that their notices come back to them, the deputy that they no longer act. Run by
 * the sweep with the engine's clock; a delegation's end falls at office-hours start, so the note does too.
 */

import { markEndTold, untoldEndings } from '../../db/queries/delegations.ts';
import { insertOutbox } from '../../db/queries/outbox.ts';
import { personNames } from '../../db/queries/units.ts';
import type { Deps } from '../../deps.ts';
import { queueMessages } from '../lifecycle/followup-hooks.ts';
import { textMessage } from '../outbox-message.ts';
import { placeWords } from './delegate.ts';

const BATCH = 200;

export async function tellEndedDelegations(
  deps: Pick<Deps, 'db' | 'jobs' | 'logger' | 'now'>,
): Promise<number> {
  const now = deps.now();
  const { ids, told } = await deps.db.transaction().execute(async (trx) => {
    const ended = await untoldEndings(trx, now, BATCH);
    const rows = [];
    for (const d of ended) {
      const names = await personNames(trx, d.tenantKey, [d.delegator, d.deputy]);
      const place = await placeWords(trx, d.tenantKey, [d]);
      const note = (to: string, who: string, text: string) =>
        textMessage(
          {
            tenantKey: d.tenantKey,
            to: { type: 'open_id', id: to },
            key: `delegation:${d.id}:ended:${who}`,
            purpose: 'delegation',
          },
          text,
        );
      rows.push(
        note(
          d.delegator,
          'delegator',
          `您委托${names.get(d.deputy) ?? ''}代办${place}督查事项的期限（至 ${d.endsOn}）已到，委托已结束：通知和提醒自即日起恢复发给您本人。`,
        ),
        note(
          d.deputy,
          'deputy',
          `${names.get(d.delegator) ?? ''}委托您代办${place}督查事项的期限（至 ${d.endsOn}）已到，委托已结束，您不再代为接收和办理。`,
        ),
      );
    }
    await markEndTold(
      trx,
      ended.map((d) => d.id),
      now,
    );
    return { ids: await insertOutbox(trx, rows), told: ended.length };
  });
  await queueMessages(deps, ids);
  if (told > 0) deps.logger.info({ delegations: told }, 'delegation endings told');
  return told;
}
