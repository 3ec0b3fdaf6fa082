/** What one follow-up step says, and to whom: outbox rows, or digest entries for those who take a digest. */

import type { Card } from '../../../cards/components.ts';
import { buildEscalationCard, NO_LEADER } from '../../../cards/escalation.ts';
import { buildOverdueNoticeCard } from '../../../cards/overdue-notice.ts';
import { buildUrgeCard } from '../../../cards/reminder.ts';
import type { Db } from '../../db/client.ts';
import type { NewOutbox } from '../../db/database.ts';
import type { ItemRecord } from '../../db/queries/items.ts';
import type { TenantContext } from '../../db/queries/tenants.ts';
import { beijingDate } from '../../domain/calendar/index.ts';
import type { FollowupRules, PlannedStep, StepKind } from '../../domain/followup/index.ts';
import {
  DIGESTIBLE,
  STEP_AUDIENCE,
  stepDescription,
  stepPurpose,
  workdaysLeft,
} from '../../domain/followup/index.ts';
import { urgesStep } from '../../domain/reach/urgent.ts';
import type { UrgentStep } from '../../domain/settings.ts';
import { overdueWorkdays } from '../../domain/warning.ts';
import type { Logger } from '../../lib/logger.ts';
import { buildItemView } from '../item-view.ts';
import { officeRecipients } from '../lifecycle/recipients.ts';
import type { Recipient } from '../outbox-message.ts';
import { cardMessage } from '../outbox-message.ts';
import { responsibleIn, urgentsFor } from '../reach/urgent-rows.ts';
import type { NewDigestEntry } from './digest-store.ts';
import { unitContacts, unitReminderRecipients } from './recipients.ts';
import { urgeCount } from './store.ts';

export type StepOutput = {
  outbox: NewOutbox[];
  digest: NewDigestEntry[];
  /** The item event's data (留痕). */
  event: Record<string, unknown>;
};

type UnitKind = Extract<StepKind, 'accept_urge' | 'remind' | 'due_day' | 'overdue_urge'>;

/** The automatic steps that may 加急 (settings `urgent.steps`). */
const URGENT_STEP_OF: Partial<Record<StepKind, UrgentStep>> = {
  overdue_urge: 'overdue_urge',
  escalate: 'escalate',
};

export const wantsDigest = (rules: FollowupRules, to: Recipient): boolean =>
  rules.digest || rules.digestRecipients.includes(to.id);

export async function produceStep(
  trx: Db,
  ctx: TenantContext,
  rec: ItemRecord,
  step: PlannedStep,
  now: Date,
  logger: Logger,
): Promise<StepOutput> {
  const today = beijingDate(now);
  const facts = {
    workdaysLeft: rec.deadline ? workdaysLeft(rec.deadline, today, ctx.calendar) : null,
    overdueWorkdays: overdueWorkdays(rec.deadline, today, ctx.calendar),
  };
  const text = stepDescription(step.kind, facts);
  let event: Record<string, unknown> = { step: step.key, text, ...facts };
  const audience = STEP_AUDIENCE[step.kind];
  if (audience === 'none') return { outbox: [], digest: [], event: { ...event, reason: text } };

  const [view, contacts] = await Promise.all([
    buildItemView(trx, rec, ctx, now),
    rec.lead_unit_id === null
      ? Promise.resolve(null)
      : unitContacts(trx, ctx.tenantKey, rec.lead_unit_id, now),
  ]);
  let recipients: Recipient[] = [];
  let card: Card;
  if (audience === 'unit') {
    recipients = contacts ? unitReminderRecipients(contacts) : [];
    card = buildUrgeCard({ item: view, kind: step.kind as UnitKind, ...facts });
  } else {
    const urgedTimes = await urgeCount(trx, ctx.tenantKey, rec.id);
    const leader = contacts?.leaderInCharge ?? null;
    if (audience === 'leader') {
      // §四.3: to the 分管领导. A unit with none on record must not be escalated to nobody: the office
      // takes it, and the card and the record say why.
      recipients = leader
        ? [{ type: 'open_id', id: leader.openId }]
        : await officeRecipients(trx, ctx.tenantKey, ctx.groups.supervision);
      card = buildEscalationCard({
        item: view,
        overdueWorkdays: facts.overdueWorkdays,
        leaderName: leader?.name ?? null,
        urgedTimes,
        toOffice: !leader,
      });
      if (!leader)
        event = { ...event, text: `逾期${facts.overdueWorkdays}个工作日，${NO_LEADER}`, to: 'office' };
    } else {
      const rules = ctx.settings.followup;
      const escalated =
        rules.escalateAfterWorkdays > 0 && rules.escalateAfterWorkdays <= facts.overdueWorkdays;
      recipients = await officeRecipients(trx, ctx.tenantKey, ctx.groups.supervision);
      card = buildOverdueNoticeCard({
        item: view,
        overdueWorkdays: facts.overdueWorkdays,
        urgedTimes,
        escalatedTo: escalated ? (leader?.name ?? null) : null,
        criticiseAfterWorkdays: rules.criticiseAfterWorkdays,
      });
    }
  }
  if (recipients.length === 0) {
    // Recorded, not retried: a unit without members or a leader without a name will not fix itself.
    logger.warn(
      { tenantKey: ctx.tenantKey, itemId: rec.id, step: step.key },
      'follow-up step has no recipient',
    );
  }

  const outbox: NewOutbox[] = [];
  const digest: NewDigestEntry[] = [];
  const urged: Recipient[] = [];
  for (const to of recipients) {
    if (DIGESTIBLE.has(step.kind) && wantsDigest(ctx.settings.followup, to)) {
      digest.push({ tenantKey: ctx.tenantKey, itemId: rec.id, step, kind: step.kind, to, facts, at: now });
      continue;
    }
    const spec = {
      tenantKey: ctx.tenantKey,
      to,
      key: `followup:${rec.id}:${step.key}:${to.type}=${to.id}`,
      purpose: stepPurpose(step.kind),
      itemId: rec.id,
    };
    outbox.push(cardMessage(spec, card));
    urged.push(to);
  }
  // 加急 the responsible people on the card just written; an escalation the office took is not buzzed.
  const urgentStep = URGENT_STEP_OF[step.kind];
  const people = audience === 'leader' && !contacts?.leaderInCharge ? [] : responsibleIn(urged);
  if (urgentStep && urgesStep(ctx.settings, urgentStep) && people.length > 0) {
    outbox.push(...urgentsFor(outbox, people, { channel: ctx.settings.urgent.channel, manual: false }));
    event = { ...event, urgent: people };
  }
  return { outbox, digest, event: { ...event, recipients: recipients.length, digest: digest.length } };
}
