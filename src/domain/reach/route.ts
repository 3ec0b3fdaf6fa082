/**
 * Where a message goes when Feishu will not deliver it (issue #12): a unit's group → the unit's
 * responsible people privately → the office; a person → their unit's group, else the office; the
 * office's group → its members privately. Pure: the directory facts in, the hops out, in order.
 */

/** What the recipient that could not be reached is in the directory. */
export type RecipientRole =
  | { kind: 'unit_group'; unitId: number }
  | { kind: 'unit_person'; unitId: number }
  | { kind: 'office_group' }
  | { kind: 'office_person' }
  /** A leader, the leaders' group, anyone else: the office takes it. */
  | { kind: 'other' };

export type Hop =
  | { kind: 'unit_people'; unitId: number }
  | { kind: 'unit_group'; unitId: number }
  /** The supervision group, else the office members privately. */
  | { kind: 'office' }
  | { kind: 'office_people' }
  | { kind: 'office_group' };

export function routeFrom(role: RecipientRole): Hop[] {
  switch (role.kind) {
    case 'unit_group':
      return [{ kind: 'unit_people', unitId: role.unitId }, { kind: 'office' }];
    case 'unit_person':
      return [{ kind: 'unit_group', unitId: role.unitId }, { kind: 'office' }];
    case 'office_group':
      return [{ kind: 'office_people' }];
    case 'office_person':
      return [{ kind: 'office_group' }];
    case 'other':
      return [{ kind: 'office' }];
  }
}

/**
 * Messages people asked for (answers in their chat, files, a detail, a toast-like note) are not
 * re-routed: the asker is the only one they are for. Their failure is still reported to the office.
 */
const ANSWER_PURPOSES: ReadonlySet<string> = new Set([
  'ack',
  'refusal',
  'help',
  'choose',
  'confirm_result',
  'detail',
  'attachment',
  'ledger_export',
  'draft_ack',
]);

/** The message kinds the sender copies as they are. */
const COPYABLE_TYPES: ReadonlySet<string> = new Set(['text', 'post', 'interactive']);

export function isRouted(row: { purpose: string; reply_to: string | null; msg_type: string }): boolean {
  if (row.reply_to !== null || !COPYABLE_TYPES.has(row.msg_type)) return false;
  return !ANSWER_PURPOSES.has(row.purpose) && !row.purpose.startsWith('command:');
}
