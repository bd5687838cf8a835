import { randomUUID } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Argv } from 'yargs';
import { DEFAULTS } from '../config/defaults.js';
import { startDemoFleet, type DemoFleet, type DemoRound } from '../demo/demo-servers.js';
import { probeOptions } from '../probe/probe.js';
import { renderScanSummary, summaryOf } from '../report/scan-summary.js';
import { buildReportModel } from '../report/view-model.js';
import { Scheduler } from '../scan/scheduler.js';
import type { Target } from '../sources/target.js';
import { openDatabase, openDatabaseForReading, type Db } from '../store/database.js';
import { RunRecorder } from '../store/run-recorder.js';
import { checkReportTargets, writeReports } from './report.js';
import { SCAN_DEFAULTS } from './scan.js';
import { useColor } from './terminal.js';
import { UsageError } from './usage-error.js';

export const DEMO_DEFAULTS = {
  db: 'data/demo.db',
  out: 'reports/demo.html',
  runs: 3,
  /** A lower slow threshold than the default, so the demo's slow server is slow within a second. */
  slowMs: 500,
} as const;

export function demoBuilder(yargs: Argv) {
  return yargs
    .option('db', { type: 'string', default: DEMO_DEFAULTS.db, describe: 'Demo database (made anew; replaces only an earlier demo database)' })
    .option('out', { alias: 'o', type: 'string', default: DEMO_DEFAULTS.out, describe: 'Where to write the HTML report' })
    .option('runs', { type: 'number', default: DEMO_DEFAULTS.runs, describe: 'Scans of the example fleet (1–10)' })
    .option('color', { type: 'boolean', describe: 'Force colour on or off' })
    .example('$0 demo', 'Scan the local example fleet 3 times and write reports/demo.html')
    .example('$0 demo --runs 5 --out /tmp/demo.html', 'More history, another file');
}

type DemoArgs = { db: string; out: string; runs: number; color?: boolean | undefined };

/**
 * `mcp-health demo` (issue 4): the main job on a fresh machine, without the internet. Starts
 * example MCP servers of every kind on 127.0.0.1, scans them `runs` times with the real
 * scheduler and recorder into a fresh database, and writes the HTML report.
 */
/**
 * Whether `path` may be replaced by a new demo database: nothing there, or an mcp-health
 * history whose every run the demo made (`options.demo`). Anything else (a real history, a
 * file that is not a history) is refused: `demo --db data/mcp-health.db` must not wipe a fleet.
 */
export function replaceableByDemo(path: string): { ok: true } | { ok: false; problem: string } {
  if (!existsSync(path)) return { ok: true };
  const opened = openDatabaseForReading(path);
  if (!opened.ok) return { ok: false, problem: `${path} ${opened.problem}; the demo replaces only its own databases` };
  try {
    const foreign = opened.db.prepare("SELECT count(*) FROM runs WHERE json_extract(options, '$.demo') IS NOT 1").pluck().get() as number;
    if (foreign > 0) return { ok: false, problem: `${path} holds ${foreign} run${foreign === 1 ? '' : 's'} not made by the demo; not replacing it (give the demo another --db)` };
    return { ok: true };
  } finally {
    opened.db.close();
  }
}

/** Moves the finished demo database into place: its old WAL files go first, so they cannot be applied to the new file. */
function moveIntoPlace(from: string, to: string): void {
  for (const suffix of ['-wal', '-shm']) rmSync(`${to}${suffix}`, { force: true });
  renameSync(from, to);
}

export async function runDemo(args: DemoArgs): Promise<number> {
  if (!Number.isInteger(args.runs) || args.runs < 1 || args.runs > 10) throw new UsageError(`--runs must be a whole number from 1 to 10 (got ${args.runs})`);
  if (args.out === '' || args.out === '-') throw new UsageError('--out needs a file name for the HTML report');
  checkReportTargets([{ format: 'html', path: args.out, flag: '--out' }]);
  const replaceable = replaceableByDemo(args.db);
  if (!replaceable.ok) throw new UsageError(`--db: ${replaceable.problem}`);
  // Built at a path of this process's own next to the target, then renamed into place: two demos
  // at once never delete or write each other's open database.
  const building = join(dirname(args.db), `.${basename(args.db)}.demo-${process.pid}-${randomUUID().slice(0, 8)}.tmp`);
  const state: DemoRound = { round: 1 };
  const out = process.stdout;
  const color = useColor(out, process.env, args.color);
  let db: Db | null = null;
  let fleet: DemoFleet | null = null;
  try {
    db = openDatabase(building);
    fleet = await startDemoFleet(state, DEMO_DEFAULTS.slowMs);
    out.write(`mcp-health demo: ${fleet.endpoints.length} example MCP servers on 127.0.0.1, scanned ${args.runs} times into ${args.db}\n`);
    for (const endpoint of fleet.endpoints) out.write(`  ${endpoint.kind.padEnd(15)} ${endpoint.url}  ${endpoint.name}\n`);
    const targets: Target[] = fleet.endpoints.map((e) => ({ url: e.url, name: e.name, source: { file: 'demo' } }));
    const { url: _unused, ...options } = probeOptions('http://127.0.0.1/', { deadlineMs: 10_000, requestTimeoutMs: 5_000 });
    const thresholds = { slowMs: DEMO_DEFAULTS.slowMs, minProtocolVersion: DEFAULTS.minProtocolVersion, certificateWarningDays: DEFAULTS.certificateWarningDays };
    let lastRun = 0;
    let lastDurationMs = 0;
    for (let round = 1; round <= args.runs; round++) {
      state.round = round;
      // `demo: true` marks the run as the demo's: a later demo may replace this database, a real history it may not.
      const recorder = RunRecorder.start(db, { files: ['(demo)'] }, { demo: true, round, thresholds }, targets);
      const tally = { healthy: 0, degraded: 0, dead: 0 };
      const startedAt = performance.now();
      const scheduler = new Scheduler({
        concurrency: SCAN_DEFAULTS.concurrency,
        perHost: SCAN_DEFAULTS.perHost,
        hostFailureLimit: SCAN_DEFAULTS.hostFailureLimit,
        probeOptions: options,
        thresholds,
        env: {},
        onResult: (outcome) => {
          recorder.record(outcome);
          tally[outcome.verdict.status]++;
        },
      });
      await scheduler.run(targets);
      recorder.finish('finished');
      lastRun = recorder.runId;
      lastDurationMs = performance.now() - startedAt;
      const seconds = (lastDurationMs / 1000).toFixed(1);
      out.write(`  run ${recorder.runId}: ${tally.healthy} healthy · ${tally.degraded} degraded · ${tally.dead} dead (${seconds} s)\n`);
    }
    out.write('\n');
    out.write(renderScanSummary(summaryOf(db, lastRun, { durationMs: lastDurationMs, inputProblems: 0, duplicates: 0, notStarted: 0 }), { color }));
    out.write('\n');
    const model = buildReportModel(db, { now: new Date(), sinceIso: null, windowLabel: 'all history', runId: lastRun });
    // One self-contained file to rename: no WAL beside it.
    db.pragma('journal_mode = DELETE');
    db.close();
    db = null;
    const stillReplaceable = replaceableByDemo(args.db);
    if (!stillReplaceable.ok) throw new UsageError(`--db: ${stillReplaceable.problem}`);
    moveIntoPlace(building, args.db);
    writeReports(model, [{ format: 'html', path: args.out, flag: '--out' }], out);
    out.write(`Open it in a browser. Also try: mcp-health report --db ${args.db} --format markdown --out -\n`);
    out.write(`                               mcp-health history ${fleet.endpoints[0]!.url} --db ${args.db}\n`);
    return 0;
  } finally {
    await fleet?.close();
    db?.close();
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${building}${suffix}`, { force: true });
  }
}
