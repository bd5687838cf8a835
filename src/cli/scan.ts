import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { DEFAULTS } from '../config/defaults.js';
import { resultRecord } from '../report/result-record.js';
import { JsonLinesWriter, RunJsonWriter } from '../report/result-writers.js';
import { renderScanSummary, summaryOf } from '../report/scan-summary.js';
import { cachingLookup } from '../scan/dns-cache.js';
import { createProgress } from '../scan/progress.js';
import { Scheduler } from '../scan/scheduler.js';
import { loadSources, type LoadedSources } from '../sources/load-sources.js';
import { locationText, type Target } from '../sources/target.js';
import { DEFAULT_DB_PATH, openDatabase, type Db } from '../store/database.js';
import { getRun, newestUnfinishedRun, probedUrls, pendingUrls } from '../store/queries.js';
import { RunRecorder, type ProbeOutcome, type RunInputs } from '../store/run-recorder.js';
import { ThreadedRecorder } from '../store/threaded-recorder.js';
import { buildReportModel } from '../report/view-model.js';
import { checkReportTargets, writeReports } from './report.js';
import { readProbeFlags, withProbeFlags, type ProbeFlagValues } from './probe-flags.js';
import { useColor } from './terminal.js';
import { UsageError } from './usage-error.js';

export const SCAN_DEFAULTS = {
  /** Probes at once (see docs/performance.md for the measurement behind it). */
  concurrency: 64,
  perHost: 2,
  /** Connection-level failures in a row before a host's other endpoints are judged without contact. */
  hostFailureLimit: 2,
  /** How long a name's answer is reused within one scan. */
  dnsCacheMs: 60_000,
} as const;

export function scanBuilder(yargs: Argv) {
  return withProbeFlags(
    yargs.positional('inputs', { type: 'string', array: true, describe: 'Lists of endpoints: .txt, .csv, .json, server.json, registry responses; - for stdin' }),
  )
    .option('registry', { type: 'string', describe: 'Also read a live MCP registry (base URL, e.g. https://registry.modelcontextprotocol.io)' })
    .option('db', { type: 'string', default: DEFAULT_DB_PATH, describe: 'SQLite history database' })
    .option('concurrency', { type: 'number', default: SCAN_DEFAULTS.concurrency, describe: 'Endpoints probed at once' })
    .option('per-host', { type: 'number', default: SCAN_DEFAULTS.perHost, describe: 'Endpoints of one host probed at once' })
    .option('jsonl', { type: 'string', describe: 'Write one JSON result per line as each completes (- for stdout)' })
    .option('json', { type: 'string', describe: 'Write the whole run as one JSON document (- for stdout)' })
    .option('html', { type: 'string', describe: 'Also write the HTML report (as mcp-health report does) to this file at the end' })
    .option('resume', { type: 'boolean', default: false, describe: 'Continue the newest unfinished run, skipping endpoints it already has' })
    .option('progress', { type: 'boolean', default: true, describe: 'Progress on stderr (a bar on a TTY, a line every 5 s otherwise)' })
    .option('color', { type: 'boolean', describe: 'Force colour on or off' })
    .example('$0 scan endpoints.txt', 'Probe every URL in a list, store the verdicts in data/mcp-health.db')
    .example('$0 scan servers.csv registry.json --concurrency 128 --jsonl results.jsonl', 'Several inputs; JSON lines as results come')
    .example('$0 scan --registry https://registry.modelcontextprotocol.io', 'Every remote of a live MCP registry')
    .example('cat urls.txt | $0 scan - --json run.json --db /tmp/h.db', 'From stdin, into another database')
    .example('$0 scan --resume', 'Finish the run a Ctrl+C (or a crash) interrupted')
    .example('$0 scan endpoints.txt --html reports/index.html', 'Scan, then write the HTML report');
}

type ScanArgs = ProbeFlagValues & {
  inputs?: string[] | undefined;
  registry?: string | undefined;
  db: string;
  concurrency: number;
  'per-host': number;
  jsonl?: string | undefined;
  json?: string | undefined;
  html?: string | undefined;
  resume: boolean;
  progress: boolean;
  color?: boolean | undefined;
};

function positiveInteger(flag: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`--${flag} must be a whole number ≥ 1 (got ${value})`);
  return value;
}

function openDb(path: string): Db {
  try {
    return openDatabase(path);
  } catch (err) {
    throw new UsageError(`cannot open the database ${path}: ${(err as Error).message}`);
  }
}

function reportProblems(loaded: LoadedSources): void {
  for (const problem of loaded.problems) {
    const text = problem.text ? `: ${JSON.stringify(problem.text)}` : '';
    process.stderr.write(`mcp-health: ${locationText(problem)}: ${problem.reason}${text}\n`);
  }
}

/** The non-secret options of a run, kept with it (header names only). */
function runOptions(args: ScanArgs, thresholds: object): Record<string, unknown> {
  return {
    concurrency: args.concurrency,
    perHost: args['per-host'],
    timeout: args.timeout,
    callTools: args['call-tools'],
    headerNames: args.header.map((h) => h.split(':')[0]!.trim()),
    thresholds,
  };
}

/** Where a scan's results go as they complete: the writer thread, or (an in-memory database) this thread's recorder. */
interface ResultSink {
  record(outcome: ProbeOutcome): void;
  /** Stores what is queued before the process exits (a second Ctrl+C). */
  flushNow(): void;
  finish(state: 'finished' | 'interrupted'): Promise<void>;
}

function inThread(recorder: RunRecorder): ResultSink {
  return {
    record: (outcome) => recorder.record(outcome),
    flushNow: () => recorder.flush(),
    finish: async (state) => recorder.finish(state),
  };
}

export async function runScan(args: ScanArgs): Promise<number> {
  const concurrency = positiveInteger('concurrency', args.concurrency);
  const perHost = positiveInteger('per-host', args['per-host']);
  const { options: probeOptions, thresholds } = readProbeFlags(args, process.env);
  if (args.html !== undefined && (args.html === '' || args.html === '-')) throw new UsageError('--html needs a file name for the HTML report');
  if (args.html !== undefined) checkReportTargets([{ format: 'html', path: args.html, flag: '--html' }]);
  const files = args.inputs ?? [];
  if (files.filter((f) => f === '-').length > 1) throw new UsageError('stdin (-) can be read only once');
  const db = openDb(args.db);
  // The writer thread boots while the inputs are read. A failed write stops the scan (no result
  // would be kept); what was written stays, and --resume finishes the run.
  let writeFailure: string | null = null;
  let onWriteFailure = (message: string) => {
    writeFailure = message;
  };
  // ':memory:' and '' are private to one connection (SQLite: in memory, and a temporary file): written here.
  const writer = args.db === ':memory:' || args.db === '' ? null : ThreadedRecorder.open(args.db, (message) => onWriteFailure(message));
  try {
    let recorder: RunRecorder;
    let targets: Target[];
    let loaded: LoadedSources;
    if (args.resume) {
      const run = newestUnfinishedRun(db);
      if (!run) throw new UsageError(`nothing to resume: every run in ${args.db} finished`);
      if (files.length > 0 || args.registry !== undefined) throw new UsageError('--resume reads the inputs of the run it resumes; give no inputs with it');
      loaded = await loadSources({ files: run.inputs.files.filter((f) => f !== '-'), ...(run.inputs.registry ? { registry: run.inputs.registry } : {}), env: process.env });
      reportProblems(loaded);
      const done = probedUrls(db, run.id);
      const known = new Set(loaded.targets.map((t) => t.url));
      // Targets registered with the run but no longer in its inputs (stdin, edited files) are probed by URL alone.
      const orphans = pendingUrls(db, run.id).filter((url) => !known.has(url)).map((url): Target => ({ url, source: { file: `run ${run.id}` } }));
      targets = [...loaded.targets.filter((t) => !done.has(t.url)), ...orphans];
      recorder = RunRecorder.resume(db, run.id);
      recorder.addTargets(targets);
      process.stderr.write(`mcp-health: resuming run ${run.id}: ${done.size} endpoints done, ${targets.length} to go\n`);
    } else {
      if (files.length === 0 && args.registry === undefined) throw new UsageError('name at least one input file (or - for stdin), or --registry');
      loaded = await loadSources({ files, ...(args.registry ? { registry: args.registry } : {}), env: process.env });
      reportProblems(loaded);
      if (loaded.targets.length === 0) throw new UsageError(`no valid target in the input (${loaded.problems.length} rejected entries)`);
      targets = loaded.targets;
      // Absolute paths, so --resume finds the inputs from any directory.
      const inputs: RunInputs = { files: files.map((f) => (f === '-' ? f : resolve(f))), ...(args.registry ? { registry: args.registry } : {}) };
      recorder = RunRecorder.start(db, inputs, runOptions(args, thresholds), targets);
    }

    writer?.attach(recorder.runId);
    const sink: ResultSink = writer ?? inThread(recorder);
    const jsonl = args.jsonl ? new JsonLinesWriter(args.jsonl) : null;
    const json = args.json ? new RunJsonWriter(args.json, { id: recorder.runId, startedAt: new Date().toISOString() }) : null;
    const resultsOnStdout = args.jsonl === '-' || args.json === '-';
    const counts = { done: 0, total: targets.length, healthy: 0, degraded: 0, dead: 0 };
    const progress = createProgress(process.stderr, targets.length, args.progress ? 'auto' : 'off');
    const scheduler = new Scheduler({
      concurrency,
      perHost,
      hostFailureLimit: SCAN_DEFAULTS.hostFailureLimit,
      probeOptions: { ...probeOptions, lookup: cachingLookup(SCAN_DEFAULTS.dnsCacheMs) },
      thresholds,
      env: process.env,
      onResult: (outcome) => {
        sink.record(outcome);
        if (jsonl || json) {
          const record = resultRecord(outcome);
          jsonl?.write(record);
          json?.write(record);
        }
        counts.done++;
        counts[outcome.verdict.status]++;
        progress.update(counts);
      },
    });

    onWriteFailure = (message) => {
      if (writeFailure === null) process.stderr.write(`\nmcp-health: stopping: the history ${args.db} could not be written: ${message}\n`);
      writeFailure = message;
      scheduler.stop();
    };
    if (writeFailure !== null) onWriteFailure(writeFailure);

    let interrupts = 0;
    const onInterrupt = () => {
      interrupts++;
      if (interrupts === 1) {
        scheduler.stop();
        progress.stop();
        process.stderr.write('\nmcp-health: stopping: finishing the probes under way, then saving (Ctrl+C again to abort)\n');
        return;
      }
      sink.flushNow();
      // Aborted while the writer was saving the run's end (the last probe had finished): it may be saved.
      let saved = false;
      try {
        saved = getRun(db, recorder.runId)?.state !== 'running';
      } catch {
        // The history cannot be read now: say what --resume would do.
      }
      process.stderr.write(saved ? `mcp-health: aborted; run ${recorder.runId} had been saved\n` : 'mcp-health: aborted; mcp-health scan --resume finishes the run\n');
      process.exit(130);
    };
    process.on('SIGINT', onInterrupt);
    const startedAt = performance.now();
    let tally;
    let stopped: boolean;
    // Ctrl+C is ours until the run is saved: the writer may still be storing results after the
    // last probe ends, and a second Ctrl+C then waits for it as it does during the scan.
    try {
      try {
        tally = await scheduler.run(targets);
      } finally {
        progress.stop();
      }
      stopped = scheduler.stopped && tally.notStarted > 0;
      await sink.finish(stopped ? 'interrupted' : 'finished');
    } catch (err) {
      if (writeFailure === null) throw err;
      process.stderr.write(
        `mcp-health: the history ${args.db} could not be written: ${writeFailure}; what was written is kept, and mcp-health scan --resume finishes the run\n`,
      );
      // The result files end as well-formed documents, with what they got.
      await jsonl?.close();
      await json?.close({ runId: recorder.runId, state: 'failed', error: `the history could not be written: ${writeFailure}` });
      return 1;
    } finally {
      process.off('SIGINT', onInterrupt);
    }
    const view = summaryOf(db, recorder.runId, {
      durationMs: performance.now() - startedAt,
      inputProblems: loaded.problems.length,
      duplicates: loaded.duplicates,
      notStarted: tally.notStarted,
    });
    await jsonl?.close();
    await json?.close({ runId: view.runId, state: view.state, totals: view.totals, topReasons: view.topReasons });
    const out = resultsOnStdout ? process.stderr : process.stdout;
    out.write(renderScanSummary(view, { color: useColor(out, process.env, args.color) }));
    if (args.html !== undefined) {
      const model = buildReportModel(db, { now: new Date(), sinceIso: null, windowLabel: 'all history', runId: recorder.runId });
      writeReports(model, [{ format: 'html', path: args.html, flag: '--html' }], process.stderr);
    }
    return stopped ? 130 : 0;
  } finally {
    await writer?.close();
    db.close();
  }
}
