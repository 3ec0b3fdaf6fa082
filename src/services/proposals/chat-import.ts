/**
 * An .xlsx sent to the bot that is a 建议提案 list (known by its headers): from the office it is
 * imported as drafts (the same checks as `duban proposals import`) and answered with the summary card
 * and its 批量交办 button; from a unit member (whose files are kept as report attachments) it is
 * refused. A leader's .xlsx is not downloaded and gets the usual line naming what the bot reads.
 * The file was downloaded and stored before this transaction (prepare-message.ts, the #10 path).
 */
import { buildProposalImportCard } from '../../../cards/proposal-import.ts';
import type { Db } from '../../db/client.ts';
import type { NewOutbox } from '../../db/database.ts';
import type { Person } from '../../db/queries/people.ts';
import { messageSheetBytes } from '../../db/queries/proposal-batches.ts';
import { beijingDate } from '../../domain/calendar/index.ts';
import { errorLine } from '../../domain/proposal-sheet.ts';
import type { IncomingMessage } from '../../lark/message.ts';
import { unsupportedFile } from '../intake/draft-instruction.ts';
import { INTAKE_FAILURES, intentOf } from '../intake/intake.ts';
import { cardMessage, textMessage } from '../outbox-message.ts';
import { importProposals } from './import-proposals.ts';
import { isSpreadsheetName, readProposalWorkbook } from './read-workbook.ts';

export const NOT_OFFICE_SHEET = '建议提案清单只能由县政府督查室导入，请将清单交督查室办理。';

/** Null when the message is not a proposals list (the caller handles it as any other message). */
export async function proposalSheetFromChat(
  trx: Db,
  person: Person,
  msg: IncomingMessage,
  now: Date,
): Promise<NewOutbox[] | null> {
  const name = msg.attachments[0]?.name;
  if (msg.messageType !== 'file' || !isSpreadsheetName(name)) return null;
  const spec = {
    tenantKey: person.tenantKey,
    to: { type: 'chat_id' as const, id: msg.chatId },
    key: `reply:${msg.messageId}`,
    replyTo: msg.messageId,
  };
  const bytes = await messageSheetBytes(trx, person.tenantKey, msg.messageId);
  const workbook = bytes ? await readProposalWorkbook(bytes) : null;
  const office = person.roles.includes('office');
  if (!workbook) {
    // A unit's spreadsheet is a report's attachment; a leader's is not downloaded (the usual line).
    if (!office || intentOf(person, msg) !== 'instruction') return null;
    const line = bytes ? unsupportedFile(name ?? '') : INTAKE_FAILURES.unavailable;
    return [textMessage({ ...spec, purpose: 'note' }, line)];
  }
  if (!person.roles.includes('office'))
    return [textMessage({ ...spec, purpose: 'refusal' }, NOT_OFFICE_SHEET)];
  const today = beijingDate(now);
  const year = Number(today.slice(0, 4));
  const outcome = await importProposals(
    trx,
    {
      tenantKey: person.tenantKey,
      year,
      today,
      actor: person.openId,
      messageId: msg.messageId,
      dryRun: false,
    },
    workbook,
  );
  const card = buildProposalImportCard({
    fileName: name ?? '',
    year,
    batch: outcome.batch,
    suggestions: outcome.rows.filter((r) => r.category === 'npc_suggestion').length,
    proposals: outcome.rows.filter((r) => r.category === 'cppcc_proposal').length,
    errors: outcome.errors.map(errorLine),
    issued: null,
  });
  return [cardMessage({ ...spec, purpose: 'proposal_import' }, card)];
}
