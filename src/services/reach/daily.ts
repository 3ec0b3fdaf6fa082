/**
 * The office's daily count of what is still undelivered (issue #12): a line in the office's digest
 * when it takes one that morning, otherwise a 每日投递情况 card, on working days after the morning's
 * reminders. Rides on the engine's minute tick; one card per tenant and day (its id is the day's key).
 */
import {
  buildDailyUndeliveredCard,
  type UndeliveredSummary,
  undeliveredLine,
} from '../../../cards/delivery-problem.ts';
import type { Db } from '../../db/client.ts';
import type { TenantContext } from '../../db/queries/tenants.ts';
import type { Deps } from '../../deps.ts';
import { beijingDate, beijingInstant } from '../../domain/calendar/index.ts';
import { explainFailure, subjectChannel } from '../../domain/reach/delivery-errors.ts';
import { followupDb } from '../followup/store.ts';
import { officeRecipients } from '../lifecycle/recipients.ts';
import { sendOfficeDailyCard } from '../office-daily.ts';
import type { Recipient } from '../outbox-message.ts';
import { recipientFacts } from './recipient-facts.ts';
import { type ProblemRow, reachDb } from './store.ts';

/** After the morning's sendAt by this much, so the digests (which carry the line) have gone out. */
const AFTER_SEND_AT_MS = 30 * 60_000;
/** The window in which the card is written; a morning the engine missed entirely is not made up. */
const WINDOW_MS = 60 * 60_000;
const DAILY_PURPOSE = 'undelivered_daily';

type Problem = { recipient: string; reason: string; failures: number };

const openProblems = (db: Db, tenantKey: string) =>
  reachDb(db)
    .selectFrom('delivery_problems')
    .selectAll()
    .where('tenant_key', '=', tenantKey)
    .where('status', '=', 'open')
    .orderBy('failures', 'desc')
    .orderBy('id')
    .execute();

function summarize(open: readonly ProblemRow[]): UndeliveredSummary {
  const failures = (channel: 'message' | 'urgent') =>
    open.filter((p) => subjectChannel(p.subject) === channel);
  const total = (rows: readonly ProblemRow[]) => rows.reduce((n, p) => n + p.failures, 0);
  return {
    messages: total(failures('message')),
    recipients: failures('message').length,
    urgentFailures: total(failures('urgent')),
  };
}

/** Each open problem as the daily card lists it: whom, why, how often. */
function describe(db: Db, ctx: Pick<TenantContext, 'tenantKey' | 'groups'>, open: readonly ProblemRow[]) {
  return Promise.all(
    open.map(async (p): Promise<Problem> => {
      const channel = subjectChannel(p.subject);
      const explained = explainFailure(channel, p.code, p.last_error);
      const who =
        p.receive_id_type && p.receive_id && explained.scope !== 'app'
          ? (await recipientFacts(db, ctx, { type: p.receive_id_type, id: p.receive_id })).name
          : '整个应用';
      return {
        recipient: channel === 'urgent' ? `${who}（加急）` : who,
        reason: explained.reason,
        failures: p.failures,
      };
    }),
  );
}

/**
 * The undelivered line for each digest card of one run: only the office's digest carries it. The
 * office and the open problems are read once per run, however many cards it writes.
 */
export function officeDigestLines(db: Db, ctx: TenantContext): (to: Recipient) => Promise<string | null> {
  let office: Promise<Recipient[]> | undefined;
  let line: Promise<string | null> | undefined;
  return async (to) => {
    office ??= officeRecipients(db, ctx.tenantKey, ctx.groups.supervision);
    if (!(await office).some((o) => o.type === to.type && o.id === to.id)) return null;
    line ??= openProblems(db, ctx.tenantKey).then((open) => undeliveredLine(summarize(open)));
    return line;
  };
}

/**
 * Whether an office digest already carried today's count: a digest entry of the office's, gathered
 * today (by the engine's clock, as entries are), went out on a card with the line.
 */
async function digestCarried(
  db: Db,
  tenantKey: string,
  office: readonly Recipient[],
  since: Date,
): Promise<boolean> {
  const row = await followupDb(db)
    .selectFrom('followup_digest_entries as e')
    .innerJoin('outbox as o', 'o.id', 'e.outbox_id')
    .select('o.id')
    .where('e.tenant_key', '=', tenantKey)
    .where('e.status', '=', 'sent')
    .where(
      'e.receive_id',
      'in',
      office.map((o) => o.id),
    )
    .where('e.created_at', '>=', since)
    .where('o.content', 'like', '%投递异常%')
    .executeTakeFirst();
  return row !== undefined;
}

/** The tenant's 每日投递情况 card, in its morning window when something is undelivered; true when written. */
export async function writeUndeliveredReport(
  deps: Pick<Deps, 'db' | 'jobs' | 'now'>,
  ctx: TenantContext,
  now: Date,
): Promise<boolean> {
  const today = beijingDate(now);
  if (!ctx.calendar.isWorkday(today)) return false;
  const sendAt = beijingInstant(today, ctx.settings.followup.sendAt);
  const from = sendAt.getTime() + AFTER_SEND_AT_MS;
  if (now.getTime() < from || now.getTime() >= from + WINDOW_MS) return false;
  const day = { name: 'undelivered-daily', date: today, purpose: DAILY_PURPOSE };
  return sendOfficeDailyCard(deps, ctx, day, async (office) => {
    if (await digestCarried(deps.db, ctx.tenantKey, office, beijingInstant(today, '00:00'))) return null;
    const open = await openProblems(deps.db, ctx.tenantKey);
    const summary = summarize(open);
    if (undeliveredLine(summary) === null) return null;
    const problems = await describe(deps.db, ctx, open);
    return buildDailyUndeliveredCard({ date: today, summary, problems });
  });
}
