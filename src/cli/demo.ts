import { rmSync } from 'node:fs';
import type { Argv } from 'yargs';
import { DEFAULTS } from '../config/defaults.js';
import { startDemoFleet, type DemoRound } from '../demo/demo-servers.js';
import { probeOptions } from '../probe/probe.js';
import { renderScanSummary, summaryOf } from '../report/scan-summary.js';
import { buildReportModel } from '../report/view-model.js';
import { Scheduler } from '../scan/scheduler.js';
import type { Target } from '../sources/target.js';
import { openDatabase } from '../store/database.js';
import { RunRecorder } from '../store/run-recorder.js';
import { writeReports } from './report.js';
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
    .option('db', { type: 'string', default: DEMO_DEFAULTS.db, describe: 'Demo database (deleted and made anew)' })
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
export async function runDemo(args: DemoArgs): Promise<number> {
  if (!Number.isInteger(args.runs) || args.runs < 1 || args.runs > 10) throw new UsageError(`--runs must be a whole number from 1 to 10 (got ${args.runs})`);
  if (args.out === '' || args.out === '-') throw new UsageError('--out needs a file name for the HTML report');
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${args.db}${suffix}`, { force: true });
  const db = openDatabase(args.db);
  const state: DemoRound = { round: 1 };
  const fleet = await startDemoFleet(state, DEMO_DEFAULTS.slowMs);
  const out = process.stdout;
  const color = useColor(out, process.env, args.color);
  try {
    out.write(`mcp-health demo: ${fleet.endpoints.length} example MCP servers on 127.0.0.1, scanned ${args.runs} times into ${args.db}\n`);
    for (const endpoint of fleet.endpoints) out.write(`  ${endpoint.kind.padEnd(15)} ${endpoint.url}  ${endpoint.name}\n`);
    const targets: Target[] = fleet.endpoints.map((e) => ({ url: e.url, name: e.name, source: { file: 'demo' } }));
    const { url: _unused, ...options } = probeOptions('http://127.0.0.1/', { deadlineMs: 10_000, requestTimeoutMs: 5_000 });
    const thresholds = { slowMs: DEMO_DEFAULTS.slowMs, minProtocolVersion: DEFAULTS.minProtocolVersion, certificateWarningDays: DEFAULTS.certificateWarningDays };
    let lastRun = 0;
    let lastDurationMs = 0;
    for (let round = 1; round <= args.runs; round++) {
      state.round = round;
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
    writeReports(model, [{ format: 'html', path: args.out, flag: '--out' }], out);
    out.write(`Open it in a browser. Also try: mcp-health report --db ${args.db} --format markdown --out -\n`);
    out.write(`                               mcp-health history ${fleet.endpoints[0]!.url} --db ${args.db}\n`);
    return 0;
  } finally {
    await fleet.close();
    db.close();
  }
}
