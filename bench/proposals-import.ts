/**
 * 建议提案 at the size of a county's year (several hundred): an .xlsx of N rows built with exceljs,
 * read, checked and imported in one transaction (the CLI's path), then the batch issued (one
 * transaction per item, notices into the outbox), then the report and the ledger workbook. Prints
 * the time of each step. Redis is needed for the issue step's send jobs (TEST_REDIS_URL's default).
 *   npx tsx bench/proposals-import.ts [--rows 500]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { cliOfficer } from '../src/entry/cli-proposals.ts';
import { createJobQueue } from '../src/jobs/queue.ts';
import { createLarkApi } from '../src/lark/client.ts';
import { startLarkEmulator } from '../src/lark/emulator/server.ts';
import { createLogger } from '../src/lib/logger.ts';
import { createPrometheusMetrics } from '../src/metrics/prometheus.ts';
import { importProposals } from '../src/services/proposals/import-proposals.ts';
import { issueProposalBatch } from '../src/services/proposals/issue-batch.ts';
import { proposalLedgerXlsx } from '../src/services/proposals/ledger-workbook.ts';
import { readProposalWorkbook } from '../src/services/proposals/read-workbook.ts';
import { buildProposalReport } from '../src/services/proposals/report.ts';
import { createTestDb } from '../test/support/db.ts';
import { importSample, SAMPLE } from '../test/support/directory.ts';
import { TEST_REDIS_URL } from '../test/support/env.ts';
import { proposalWorkbook, sheetRow } from '../test/support/proposal-sheet.ts';
import { clearRedisPrefix } from '../test/support/real-process.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '500' } } });
const N = Number(values.rows);
const T = SAMPLE.tenantKey;
const NOW = new Date('2026-03-10T02:00:00Z');

const fake = await startLarkEmulator();
const testDb = await createTestDb();
const logger = createLogger('silent');
const prefix = `bench${randomBytes(4).toString('hex')}`;
const jobs = createJobQueue({ url: TEST_REDIS_URL, prefix }, logger);
const metrics = createPrometheusMetrics();
const deps = {
  db: testDb.db,
  jobs,
  lark: createLarkApi({ appId: fake.appId, appSecret: fake.appSecret, domain: fake.url }, logger, metrics),
  logger,
  secrets: { encryptKey: 'bench', verificationToken: 'bench' },
  now: () => NOW,
  metrics,
};
const time = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
  const start = performance.now();
  const value = await fn();
  console.log(`${label.padEnd(34)} ${(performance.now() - start).toFixed(0).padStart(7)} ms`);
  return value;
};
try {
  await importSample(testDb.db);
  // Numbers 1..N in one category: sheetRow's numbering, renumbered past its 30/20 split.
  const rows = Array.from({ length: N }, (_, i) => {
    const r = sheetRow(i % 50);
    r[0] = '建议';
    r[1] = String(i + 1);
    r[9] = '';
    return r;
  });
  const bytes = await proposalWorkbook(rows);
  console.log(`rows ${N}, workbook ${(bytes.length / 1024).toFixed(0)} KB`);
  const workbook = await time('read workbook', () => readProposalWorkbook(bytes));
  if (!workbook) throw new Error('not read');
  const officer = cliOfficer(T);
  const req = {
    tenantKey: T,
    year: 2026,
    today: '2026-03-10',
    actor: officer.openId,
    messageId: null,
    dryRun: false,
  };
  const outcome = await time('check + import (one transaction)', () =>
    testDb.db.transaction().execute((trx) => importProposals(trx, req, workbook)),
  );
  await time('import again (all refused)', () =>
    testDb.db.transaction().execute((trx) => importProposals(trx, req, workbook)),
  );
  const issued = await time('issue the batch', () => issueProposalBatch(deps, officer, outcome.batch ?? ''));
  const report = await time('report', () => buildProposalReport(testDb.db, T, 2026));
  await time('ledger workbook', () => proposalLedgerXlsx(report.rows, report.units));
  console.log(`imported ${outcome.itemIds.length}, errors ${outcome.errors.length}, issued ${issued.issued}`);
} finally {
  await jobs.close();
  // The send jobs the issue step queued: nobody runs them here.
  await clearRedisPrefix(TEST_REDIS_URL, prefix);
  await testDb.drop();
  await fake.close();
}
