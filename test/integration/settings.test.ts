/** Tenant settings from the CLI and the 设置 card: validated, recorded, and open items replanned at once. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateCard } from '../../cards/schema.ts';
import { settingFieldName } from '../../cards/settings.ts';
import { beijingInstant } from '../../src/domain/calendar/index.ts';
import { cliIn } from '../support/cli-process.ts';
import { SAMPLE } from '../support/directory.ts';
import { followupRig, housingUnitId, type Rig, seedItems } from '../support/followup-seed.ts';
import type { Harness } from '../support/harness.ts';
import { createHarness } from '../support/harness.ts';
import { click, say, sent, text } from '../support/lifecycle.ts';

let h: Harness;
let rig: Rig;
let itemId: number;

beforeAll(async () => {
  h = await createHarness();
  rig = followupRig(h);
  rig.setClock(beijingInstant('2026-11-23', '10:00'));
  const housing = await housingUnitId(h.deps.db);
  [itemId = 0] = await seedItems(h.deps.db, [
    { leadUnitId: housing, deadline: '2026-12-10', issuedAt: beijingInstant('2026-11-20', '10:00') },
  ]);
  await rig.reschedule(itemId);
});
afterAll(async () => {
  await rig.close();
  await h.close();
});

const cli = (...args: string[]) => cliIn(h.testDb.url, args, h.deps.now());

const next = async () =>
  h.deps.db
    .selectFrom('items')
    .select(['next_action_step', 'next_action_at'])
    .where('id', '=', itemId)
    .executeTakeFirstOrThrow();
const changes = async () =>
  (await h.deps.db
    .selectFrom('settings_changes' as never)
    .selectAll()
    .execute()) as unknown as Array<{
    key: string;
    old_value: unknown;
    new_value: unknown;
    changed_by: string;
  }>;

describe('duban settings', () => {
  it('shows every key of the schema with its value and what it accepts', async () => {
    const r = await cli('settings', 'show', '--tenant', SAMPLE.tenantKey);
    expect(r.code).toBe(0);
    expect(r.out).toContain('followup.sendAt = 09:00  # 自动提醒发送时间');
    expect(r.out).toContain('extensionApprover = office');
    expect(r.out).toContain('followup.remindWorkdaysBefore = 3,1');
    expect(r.out).toContain('bulletin.weekday = 5');
  });

  it('a follow-up change replans the open items in the same command and is recorded', async () => {
    expect((await next()).next_action_at).toEqual(beijingInstant('2026-12-07', '09:00'));
    const r = await cli('settings', 'set', 'followup.sendAt', '08:30', '--tenant', SAMPLE.tenantKey);
    expect(r.code).toBe(0);
    expect(r.out).toContain('followup.sendAt: 09:00 → 08:30');
    expect(await next()).toEqual({
      next_action_step: 'remind-3@2026-12-07',
      next_action_at: beijingInstant('2026-12-07', '08:30'),
    });
    expect(await changes()).toEqual([
      expect.objectContaining({
        key: 'followup.sendAt',
        old_value: '09:00',
        new_value: '08:30',
        changed_by: expect.stringMatching(/^cli/),
      }),
    ]);
    const lists = await cli(
      'settings',
      'set',
      'followup.remindWorkdaysBefore',
      '5,2',
      '--tenant',
      SAMPLE.tenantKey,
    );
    expect(lists.code).toBe(0);
    expect((await next()).next_action_step).toBe('remind-5@2026-12-03');
  });

  it('refuses a bad key or value naming the key and what it accepts, changing nothing', async () => {
    const before = await changes();
    const cases: Array<[string, string, RegExp]> = [
      ['followup.sendAt', '25:00', /设置项 followup\.sendAt 的值“25:00”无效：时间格式应为 HH:MM/],
      ['extensionApprover', 'boss', /extensionApprover.*office 或 leader_in_charge/],
      ['deadlines.forwarded', '0', /deadlines\.forwarded.*1–250 的整数/],
      ['followup.digest', 'maybe', /followup\.digest.*true 或 false/],
      [
        'followup.sendtime',
        '08:00',
        /没有设置项 followup\.sendtime.*followup\.sendAt|没有设置项 followup\.sendtime/,
      ],
    ];
    for (const [key, value, message] of cases) {
      const r = await cli('settings', 'set', key, value, '--tenant', SAMPLE.tenantKey);
      expect(r.code, key).toBe(2);
      expect(r.err, key).toMatch(message);
    }
    expect(await changes()).toEqual(before);
    expect((await cli('settings', 'set', 'followup.sendAt', '--tenant', SAMPLE.tenantKey)).code).toBe(2);
    expect((await cli('settings', 'show', '--tenant', 'nobody')).code).toBe(1);
  });
});

describe('the 设置 card', () => {
  it('an office member opens it with 设置 and saves a change; others may not', async () => {
    await say(h, SAMPLE.office.zhou, '设置');
    const shown = await sent(h, (m) => text(m).includes('督查督办设置'));
    const card = shown.content;
    expect(validateCard(card).ok).toBe(true);
    expect(text(shown)).toContain('逾期提请分管领导督促');
    const version = (await changes()).length;

    const form = {
      [settingFieldName('followup.escalateAfterWorkdays')]: '2',
      [settingFieldName('followup.sendAt')]: '08:30',
    };
    const saved = await click(h, SAMPLE.office.zhou, { a: 'settings_save', v: version }, { formValue: form });
    expect(saved.toast).toEqual({ type: 'success', content: '设置已保存' });
    expect(JSON.stringify(saved.card)).toContain('逾期提请分管领导督促（工作日，0 为不提请） 3 → 2');
    const recorded = await changes();
    expect(recorded.at(-1)).toMatchObject({
      key: 'followup.escalateAfterWorkdays',
      changed_by: SAMPLE.office.zhou,
    });

    // The same click again (a stale version) changes nothing; a bad value is refused in Chinese.
    const again = await click(
      h,
      SAMPLE.office.zhou,
      { a: 'settings_save', v: version },
      { formValue: { ...form, [settingFieldName('followup.escalateAfterWorkdays')]: '4' } },
    );
    expect(again.toast?.type).toBe('warning');
    const bad = await click(
      h,
      SAMPLE.office.zhou,
      { a: 'settings_save', v: version + 1 },
      { formValue: { [settingFieldName('bulletin.time')]: '下午四点' } },
    );
    expect(bad.toast).toMatchObject({ type: 'error', content: expect.stringContaining('bulletin.time') });
    const byUnit = await click(
      h,
      SAMPLE.housing.head,
      { a: 'settings_save', v: version + 1 },
      { formValue: form },
    );
    expect(byUnit.toast?.content).toContain('只有督查室');
    expect((await changes()).length).toBe(recorded.length);
  });
});
