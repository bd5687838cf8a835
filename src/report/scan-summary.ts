import { Chalk, type ChalkInstance } from 'chalk';
import type { Status } from '../classify/reasons.js';
import type { Db } from '../store/database.js';
import {
  changesBetween,
  getRun,
  previousFinishedRun,
  protocolMix,
  runTotals,
  slowestEndpoints,
  topReasons,
  type Count,
  type EndpointLatency,
  type RunTotals,
  type StatusChange,
} from '../store/queries.js';
import { sanitizeForTerminal } from './sanitize.js';

/** What the terminal summary of a run shows; built from the database by `summaryOf`. */
export interface ScanSummaryView {
  runId: number;
  state: string;
  /** Targets registered with the run (the totals count those with a result). */
  targetCount: number;
  durationMs: number;
  totals: RunTotals;
  previous: { runId: number; totals: RunTotals } | null;
  topReasons: Count[];
  eras: Count[];
  versions: Count[];
  transports: Count[];
  slowest: EndpointLatency[];
  changes: StatusChange[];
  inputProblems: number;
  duplicates: number;
  notStarted: number;
}

const LIST_LIMIT = 10;

export function summaryOf(db: Db, runId: number, extra: Pick<ScanSummaryView, 'durationMs' | 'inputProblems' | 'duplicates' | 'notStarted'>): ScanSummaryView {
  const run = getRun(db, runId);
  // Compared with the newest finished run: an interrupted one has only some of the fleet.
  const previous = previousFinishedRun(db, runId);
  const mix = protocolMix(db, runId);
  return {
    runId,
    state: run?.state ?? 'unknown',
    targetCount: run?.targetCount ?? 0,
    totals: runTotals(db, runId),
    previous: previous ? { runId: previous.id, totals: runTotals(db, previous.id) } : null,
    topReasons: topReasons(db, runId, LIST_LIMIT),
    eras: mix.eras,
    versions: mix.versions,
    transports: mix.transports,
    slowest: slowestEndpoints(db, runId, 5),
    changes: previous ? changesBetween(db, previous.id, runId) : [],
    ...extra,
  };
}

const paint = (chalk: ChalkInstance, status: Status, text: string) =>
  status === 'healthy' ? chalk.green(text) : status === 'degraded' ? chalk.yellow(text) : chalk.red(text);

function share(part: number, whole: number): string {
  return whole === 0 ? '   -' : `${((100 * part) / whole).toFixed(1).padStart(5)}%`;
}

function delta(now: number, before: number | undefined): string {
  if (before === undefined) return '';
  const change = now - before;
  return change === 0 ? '±0' : change > 0 ? `+${change}` : String(change);
}

const counts = (items: Count[]) => items.map((c) => `${c.key} ${c.count}`).join(' · ') || '-';

/** The summary a person wants after a scan. Pure: view in, text out. */
export function renderScanSummary(view: ScanSummaryView, options: { color: boolean }): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const { totals } = view;
  const lines: string[] = [];
  const seconds = view.durationMs / 1000;
  const rate = seconds > 0 ? ` (${(totals.total / seconds).toFixed(1)}/s)` : '';
  const partial = view.state !== 'finished' || totals.total < view.targetCount ? ` (partial: ${totals.total} of ${view.targetCount} targets)` : '';
  lines.push(chalk.bold(`Run ${view.runId} · ${view.state} · ${totals.total} endpoints${partial} in ${seconds.toFixed(1)} s${rate}`));
  if (view.notStarted > 0) lines.push(chalk.yellow(`  ${view.notStarted} not probed (stopped); mcp-health scan --resume finishes the run`));
  if (view.inputProblems > 0 || view.duplicates > 0) {
    lines.push(chalk.dim(`  input: ${view.inputProblems} rejected entries, ${view.duplicates} duplicates merged`));
  }
  const previous = view.previous?.totals;
  const since = view.previous ? chalk.dim(`  (change since run ${view.previous.runId})`) : '';
  lines.push(`${''.padEnd(2)}${''.padEnd(10)}${'count'.padStart(7)}  share${since}`);
  for (const status of ['healthy', 'degraded', 'dead'] as const) {
    const note = status === 'healthy' ? chalk.dim(`  open ${totals.healthy - totals.healthyAuth}, auth required ${totals.healthyAuth}`) : '';
    lines.push(`  ${paint(chalk, status, status.padEnd(10))}${String(totals[status]).padStart(7)} ${share(totals[status], totals.total)} ${delta(totals[status], previous?.[status]).padStart(6)}${note}`);
  }
  lines.push('', chalk.bold('Top reasons'), `  ${counts(view.topReasons)}`);
  lines.push('', `${chalk.bold('Eras')}        ${counts(view.eras)}`, `${chalk.bold('Revisions')}   ${counts(view.versions)}`, `${chalk.bold('Transports')}  ${counts(view.transports)}`);
  if (view.slowest.length > 0) {
    lines.push('', chalk.bold('Slowest handshakes'));
    for (const slow of view.slowest) lines.push(`  ${String(slow.handshakeMs).padStart(7)} ms  ${sanitizeForTerminal(slow.url, 160)}`);
  }
  if (view.previous) {
    lines.push('', chalk.bold(`Changed since run ${view.previous.runId}: ${view.changes.length}`));
    for (const change of view.changes.slice(0, LIST_LIMIT)) {
      const from = change.from ?? 'new';
      lines.push(`  ${from} → ${paint(chalk, change.to, change.to)}  ${sanitizeForTerminal(change.url, 160)}  ${chalk.dim(change.reasonCodes.join(', '))}`);
    }
    if (view.changes.length > LIST_LIMIT) lines.push(chalk.dim(`  … and ${view.changes.length - LIST_LIMIT} more (mcp-health history <url>)`));
  }
  return `${lines.join('\n')}\n`;
}
