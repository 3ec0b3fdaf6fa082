import type { Who } from './table.ts';
import type { Actor, ItemFacts, LifecycleSettings } from './types.ts';

const isOffice = (actor: Actor): boolean => actor.roles.includes('office');

const isLeadMember = (item: ItemFacts, actor: Actor): boolean =>
  item.leadUnitId !== null && actor.unitIds.includes(item.leadUnitId);

const isCoMember = (item: ItemFacts, actor: Actor): boolean =>
  item.coUnitIds.some((unitId) => actor.unitIds.includes(unitId));

/** Whether the actor is who a rule asks for. Membership comes from the directory, not from roles. */
export function actorIs(who: Who, item: ItemFacts, actor: Actor, settings: LifecycleSettings): boolean {
  switch (who) {
    case 'office':
      return isOffice(actor);
    case 'draft_owner':
      // A leader may throw away a draft made from their own forwarded instruction.
      return isOffice(actor) || (actor.openId === item.createdBy && actor.roles.includes('leader'));
    case 'lead_member':
      return isLeadMember(item, actor);
    case 'unit_member':
      return isLeadMember(item, actor) || isCoMember(item, actor);
    case 'extension_approver':
      return (
        isOffice(actor) ||
        (settings.extensionApprover === 'leader_in_charge' &&
          item.leadUnitId !== null &&
          actor.leaderOfUnitIds.includes(item.leadUnitId))
      );
    case 'co_member':
      return isCoMember(item, actor);
    case 'coordination_leader': {
      const unitId = item.coordinationUnitId ?? item.leadUnitId;
      return unitId !== null && actor.leaderOfUnitIds.includes(unitId);
    }
  }
}

export { isCoMember, isLeadMember };
