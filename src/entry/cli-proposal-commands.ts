/** The `duban proposals …` commands (建议提案, issue #13), kept apart from the shared command table. */
import type { CliCommand } from './cli.ts';
import {
  PROPOSALS_EXPORT_HELP,
  PROPOSALS_REPORT_HELP,
  runProposalExport,
  runProposalReport,
} from './cli-proposal-report.ts';
import {
  PROPOSALS_IMPORT_HELP,
  PROPOSALS_ISSUE_HELP,
  parseYear,
  runProposalImport,
  runProposalIssue,
} from './cli-proposals.ts';
import { usageError } from './cli-usage.ts';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

const proposalsImport: CliCommand = {
  name: 'proposals import',
  synopsis:
    "  proposals import FILE.xlsx [--tenant KEY] [--year YYYY] [--dry-run]\n                           the year's 建议/提案 list as drafts; bad rows listed, nothing imported twice",
  help: PROPOSALS_IMPORT_HELP,
  options: { tenant: { type: 'string' }, year: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  async run(input) {
    const [file, ...extra] = input.positionals;
    if (!file || extra.length > 0) return usageError(input, this, 'needs exactly one FILE.xlsx');
    const year = parseYear(input.values.year, input.now);
    if (year === null) return usageError(input, this, '--year must be a year such as 2027');
    const dryRun = input.values['dry-run'] === true;
    const tenant = str(input.values.tenant);
    return input.withRuntime((rt) =>
      runProposalImport(rt.deps.db, input.io, { file, tenant, year, dryRun, now: input.now }),
    );
  },
};

const proposalsIssue: CliCommand = {
  name: 'proposals issue',
  synopsis:
    '  proposals issue --batch ID [--tenant KEY]\n                           issue (交办) every draft of an imported batch',
  help: PROPOSALS_ISSUE_HELP,
  options: { tenant: { type: 'string' }, batch: { type: 'string' } },
  async run(input) {
    if (input.positionals.length > 0) return usageError(input, this, 'takes no arguments');
    const batch = str(input.values.batch);
    if (!batch) return usageError(input, this, '--batch ID is required');
    const tenant = str(input.values.tenant);
    return input.withRuntime((rt) => runProposalIssue(rt.deps, input.io, { batch, tenant }));
  },
};

const proposalsReport: CliCommand = {
  name: 'proposals report',
  synopsis:
    '  proposals report [--year YYYY] [--tenant KEY]\n                           建议提案办理情况 per unit (table)',
  help: PROPOSALS_REPORT_HELP,
  options: { tenant: { type: 'string' }, year: { type: 'string' } },
  async run(input) {
    if (input.positionals.length > 0) return usageError(input, this, 'takes no arguments');
    const year = parseYear(input.values.year, input.now);
    if (year === null) return usageError(input, this, '--year must be a year such as 2027');
    const tenant = str(input.values.tenant);
    return input.withRuntime((rt) => runProposalReport(rt.deps.db, input.io, { year, tenant }));
  },
};

const proposalsExport: CliCommand = {
  name: 'proposals export',
  synopsis:
    '  proposals export --out FILE.xlsx [--year YYYY] [--tenant KEY] [--force]\n                           建议提案办理台账 (sheets 建议, 提案, 单位统计)',
  help: PROPOSALS_EXPORT_HELP,
  options: {
    tenant: { type: 'string' },
    year: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
  },
  async run(input) {
    if (input.positionals.length > 0) return usageError(input, this, 'takes no arguments');
    const year = parseYear(input.values.year, input.now);
    if (year === null) return usageError(input, this, '--year must be a year such as 2027');
    const out = str(input.values.out);
    if (!out) return usageError(input, this, '--out FILE.xlsx is required');
    const tenant = str(input.values.tenant);
    const force = input.values.force === true;
    return input.withRuntime((rt) => runProposalExport(rt.deps.db, input.io, { year, tenant, out, force }));
  },
};

export const PROPOSAL_COMMANDS: readonly CliCommand[] = [
  proposalsImport,
  proposalsIssue,
  proposalsReport,
  proposalsExport,
];
