import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Argv } from 'yargs';
import { DEFAULT_DB_PATH } from '../store/database.js';
import { getRun } from '../store/queries.js';
import { buildReportModel, defaultReportRun, partialLabel, type ReportModel } from '../report/view-model.js';
import { checkReportPath, renderReportChunks, writeReport, type ReportFormat } from '../report/write-report.js';
import { openHistoryForReading, sinceIso } from './history.js';
import { UsageError } from './usage-error.js';

export const DEFAULT_REPORT_PATH = 'reports/index.html';

export function reportBuilder(yargs: Argv) {
  return yargs
    .option('db', { type: 'string', default: DEFAULT_DB_PATH, describe: 'SQLite history database' })
    .option('out', { alias: 'o', type: 'string', default: DEFAULT_REPORT_PATH, describe: 'Where to write the report (- for stdout)' })
    .option('format', { choices: ['html', 'markdown', 'json'] as const, default: 'html' as ReportFormat, describe: 'Format of --out' })
    .option('markdown', { type: 'string', describe: 'Also write the Markdown report (for CI job summaries, < 1 MiB) to this file (- for stdout)' })
    .option('json', { type: 'string', describe: 'Also write the JSON report (the view model) to this file (- for stdout)' })
    .option('since', { type: 'string', describe: 'Window for trends, uptime and history (a number and a unit: 30d, 1.5d, 24h); default: all history' })
    .option('run', { type: 'number', describe: 'Report as of this run (default: the newest finished run)' })
    .example('$0 report', 'Write reports/index.html from data/mcp-health.db')
    .example('$0 report --since 30d --out /tmp/fleet.html', 'The last 30 days, to another file')
    .example('$0 report --format markdown --out "$GITHUB_STEP_SUMMARY"', 'A CI job summary')
    .example('$0 report --json report.json --markdown summary.md', 'HTML, JSON and Markdown at once')
    .example('$0 report --run 12 --format json --out - | jq .headline', 'As of run 12, as JSON on stdout');
}

export type ReportArgs = {
  db: string;
  out: string;
  format: ReportFormat;
  markdown?: string | undefined;
  json?: string | undefined;
  since?: string | undefined;
  run?: number | undefined;
};

export interface ReportTarget {
  format: ReportFormat;
  path: string;
  /** The flag that named it, for messages (--out, --markdown, --json, --html). */
  flag: string;
}

/** Refuses, before any work, targets that cannot be files (a directory, a folder that is a file). */
export function checkReportTargets(targets: ReportTarget[]): void {
  for (const target of targets) {
    const checked = checkReportPath(target.path);
    if (!checked.ok) throw new UsageError(`${target.flag}: ${checked.problem}`);
  }
}

/** Renders the model to each target, piece by piece; a note per file on `notes` (stderr when stdout carries a report). */
export function writeReports(model: ReportModel, targets: ReportTarget[], notes: NodeJS.WritableStream): void {
  for (const target of targets) {
    const written = writeReport(renderReportChunks(model, target.format), target.path);
    if (!written.ok) throw new UsageError(`${target.flag}: ${written.problem}`);
    if (target.path === '-') continue;
    const absolute = resolve(target.path);
    const where = target.format === 'html' ? pathToFileURL(absolute).href : absolute;
    const partial = model.run?.partial ? `, ${partialLabel(model.run)}` : '';
    notes.write(`${target.format} report: ${where} (${model.endpoints.length} endpoints${partial}, ${(written.bytes / 1024).toFixed(0)} KiB)\n`);
  }
}

export async function runReport(args: ReportArgs): Promise<number> {
  if (args.run !== undefined && (!Number.isInteger(args.run) || args.run < 1)) throw new UsageError('--run must be a run number (a whole number ≥ 1)');
  const since = sinceIso(args.since, Date.now());
  if (args.out === '' || args.markdown === '' || args.json === '') throw new UsageError('--out, --markdown and --json need a file name (or - for stdout)');
  const targets: ReportTarget[] = [{ format: args.format, path: args.out, flag: '--out' }];
  if (args.markdown !== undefined) targets.push({ format: 'markdown', path: args.markdown, flag: '--markdown' });
  if (args.json !== undefined) targets.push({ format: 'json', path: args.json, flag: '--json' });
  if (targets.filter((t) => t.path === '-').length > 1) throw new UsageError('only one report can go to stdout (-)');
  checkReportTargets(targets);
  const db = openHistoryForReading(args.db);
  try {
    const run = args.run === undefined ? defaultReportRun(db) : getRun(db, args.run);
    if (!run) throw new UsageError(args.run === undefined ? `no scan results in ${args.db} (run mcp-health scan first)` : `no run ${args.run} in ${args.db}`);
    const model = buildReportModel(db, { now: new Date(), sinceIso: since, windowLabel: args.since ? `last ${args.since}` : 'all history', runId: run.id });
    if (model.run?.partial) {
      const why = args.run === undefined ? ' (no run has finished yet)' : '';
      process.stderr.write(`mcp-health: note: run ${run.id} is ${partialLabel(model.run)}${why}; the report says so\n`);
    }
    if (!model.headline) process.stderr.write(`mcp-health: note: run ${run.id} has no results yet; the report is empty\n`);
    const toStdout = targets.some((t) => t.path === '-');
    writeReports(model, targets, toStdout ? process.stderr : process.stdout);
    return 0;
  } finally {
    db.close();
  }
}
