import { err, type Failure, fail, ok, type Result } from '../../lib/result.ts';
import type { ItemState } from '../item.ts';
import { actorIs, isLeadMember } from './guards.ts';
import { stateRefusal } from './messages.ts';
import { proposalDateRefusal, proposalRefusal } from './proposal-rules.ts';
import { TRANSITIONS } from './table.ts';
import {
  type Actor,
  DEFAULT_SETTINGS,
  ITEM_ACTIONS,
  type ItemAction,
  type ItemEventName,
  type ItemFacts,
  type LifecycleCommand,
  type LifecycleErrorCode,
  type LifecycleSettings,
  type StandIn,
  type Transition,
} from './types.ts';
import { validateInput } from './validate.ts';

export type LifecycleFailure = Failure<LifecycleErrorCode>;

function forbiddenMessage(action: ItemAction, settings: LifecycleSettings): string {
  if (action === 'decide_extension' && settings.extensionApprover === 'office') {
    return '只有督查室可以审批延期申请';
  }
  return TRANSITIONS[action].forbidden;
}

/** The actor as they act in a lent place: their own identity, the delegator's roles and units there. */
const inPlaceOf = (actor: Actor, s: StandIn): Actor => ({
  openId: actor.openId,
  roles: s.roles,
  unitIds: s.unitIds,
  leaderOfUnitIds: [],
});

/**
 * Whose authority the action is taken under: the actor's own first; else a place lent to them by a
 * delegation running now, recorded as acting for its delegator. Null when neither allows it.
 */
function authority(
  item: ItemFacts,
  actor: Actor,
  action: ItemAction,
  settings: LifecycleSettings,
): { actor: Actor; onBehalfOf: string | null } | null {
  const who = TRANSITIONS[action].who;
  if (actorIs(who, item, actor, settings)) return { actor, onBehalfOf: null };
  const lent = actor.standIns?.find((s) => actorIs(who, item, inPlaceOf(actor, s), settings));
  return lent ? { actor: inPlaceOf(actor, lent), onBehalfOf: lent.for } : null;
}

type Access = { to: ItemState; actor: Actor; onBehalfOf: string | null };

/** State, permission and pending-request checks shared by `decide` and `allowedActions`. */
function checkAccess(
  item: ItemFacts,
  actor: Actor,
  action: ItemAction,
  settings: LifecycleSettings,
): Result<Access, LifecycleFailure> {
  const rule = TRANSITIONS[action];
  const to = rule.moves[item.state];
  // The state comes first: "该事项已办结" tells anyone more than "you may not".
  if (to === undefined) return fail('ILLEGAL_TRANSITION', stateRefusal(item.state, action));
  const acting = authority(item, actor, action, settings);
  if (!acting) return fail('FORBIDDEN', forbiddenMessage(action, settings));
  switch (action) {
    case 'request_extension':
      if (item.pendingExtension) return fail('CONFLICT', '已有待审批的延期申请，请等待审批结果');
      break;
    case 'decide_extension':
      if (!item.pendingExtension) return fail('ILLEGAL_TRANSITION', '该事项没有待审批的延期申请');
      break;
    case 'request_coordination':
      if (item.pendingCoordination) return fail('CONFLICT', '已有待答复的协调申请，请等待分管领导答复');
      break;
    case 'answer_coordination':
      if (!item.pendingCoordination) return fail('ILLEGAL_TRANSITION', '该事项没有待答复的协调申请');
      break;
    default:
      break;
  }
  const refusal = proposalRefusal(item, action);
  if (refusal) return refusal;
  return ok({ to, ...acting });
}

function eventFor(command: LifecycleCommand): ItemEventName {
  switch (command.type) {
    case 'decide_extension':
      return command.approve ? 'extension_approved' : 'extension_refused';
    case 'answer_coordination':
      return command.toTopicMeeting ? 'coordination_to_topic_meeting' : 'coordination_answered';
    default:
      return command.type;
  }
}

/**
 * Decides whether `actor` may apply `command` to `item`, and what follows: the new state, the
 * event to record, and events it implies. Pure; refusals are values with a Chinese message.
 */
export function decide(
  item: ItemFacts,
  actor: Actor,
  command: LifecycleCommand,
  settings: LifecycleSettings = DEFAULT_SETTINGS,
): Result<Transition, LifecycleFailure> {
  const access = checkAccess(item, actor, command.type, settings);
  if (!access.ok) return access;
  if (
    TRANSITIONS[command.type].checkVersion &&
    command.version !== undefined &&
    command.version !== item.version
  ) {
    return fail('STALE', '该事项已有新的办理情况，请以最新卡片为准');
  }
  const invalid = validateInput(item, command) ?? proposalDateRefusal(item, command);
  if (invalid) return err(invalid);

  let to = access.value.to;
  let implied: ItemEventName[] = [];
  // 不满意 → 重办: back to 办理中 with a new time limit.
  if (command.type === 'rate' && command.satisfaction === 'unsatisfied') to = 'in_progress';
  if (item.state === 'issued' && (command.type === 'report' || command.type === 'submit')) {
    if (isLeadMember(item, access.value.actor)) {
      implied = ['accept'];
    } else {
      // A co-unit's report does not accept on the lead unit's behalf.
      to = 'issued';
    }
  }
  return ok({ from: item.state, to, event: eventFor(command), implied, onBehalfOf: access.value.onBehalfOf });
}

/**
 * Actions `actor` may take now (state, permission, pending requests; not the text they will
 * type). Cards use it to show only buttons that can work; the server still calls `decide`.
 */
export function allowedActions(
  item: ItemFacts,
  actor: Actor,
  settings: LifecycleSettings = DEFAULT_SETTINGS,
): ItemAction[] {
  return ITEM_ACTIONS.filter((action) => checkAccess(item, actor, action, settings).ok);
}

/** Who a shared card is for: a stand-in actor for `allowedActions` when many people see one card. */
export type Audience = 'lead_unit' | 'co_unit' | 'office' | 'leader_in_charge';

export function audienceActor(item: ItemFacts, audience: Audience): Actor {
  const base: Actor = { openId: '', roles: [], unitIds: [], leaderOfUnitIds: [] };
  switch (audience) {
    case 'lead_unit':
      return { ...base, roles: ['unit_head'], unitIds: item.leadUnitId === null ? [] : [item.leadUnitId] };
    case 'co_unit':
      return { ...base, roles: ['unit_head'], unitIds: item.coUnitIds.slice(0, 1) };
    case 'office':
      return { ...base, roles: ['office'] };
    case 'leader_in_charge': {
      const unitId = item.coordinationUnitId ?? item.leadUnitId;
      return { ...base, roles: ['leader'], leaderOfUnitIds: unitId === null ? [] : [unitId] };
    }
  }
}
