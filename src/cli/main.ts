#!/usr/bin/env node
// First: sizes libuv's thread pool before anything starts it.
import './threadpool.js';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { VERSION } from '../version.js';
import { joinDashValues } from './argv.js';
import { checkBuilder, EXIT, runCheck } from './check.js';
import { historyBuilder, runHistory } from './history.js';
import { demoBuilder, runDemo } from './demo.js';
import { reportBuilder, runReport } from './report.js';
import { repeatedFlag } from './repeated-flags.js';
import { runScan, scanBuilder } from './scan.js';
import { UsageError } from './usage-error.js';

/** Thin wiring: parse, dispatch, map errors to exit codes. Commands live in their own files. */
async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.pass;
  const parser = yargs(joinDashValues(argv))
    .scriptName('mcp-health')
    .usage('$0 <command> [options]\n\nTells which remote MCP servers actually work.')
    .command(
      'check [url]',
      'Probe one MCP endpoint and judge it: healthy, degraded or dead',
      (y) => checkBuilder(y),
      async (args) => {
        exitCode = await runCheck(args as never);
      },
    )
    .command(
      'scan [inputs..]',
      'Probe many endpoints (lists, registry data) politely and store the verdicts in SQLite',
      (y) => scanBuilder(y),
      async (args) => {
        exitCode = await runScan(args as never);
      },
    )
    .command(
      'history <url>',
      "An endpoint's verdicts over time: uptime, latency, catalogue changes",
      (y) => historyBuilder(y),
      async (args) => {
        exitCode = await runHistory(args as never);
      },
    )
    .command(
      'report',
      'Write the fleet report from the history: one self-contained HTML file (or Markdown, JSON)',
      (y) => reportBuilder(y),
      async (args) => {
        exitCode = await runReport(args as never);
      },
    )
    .command(
      'demo',
      'Start local example MCP servers, scan them a few times, and write the HTML report (no internet needed)',
      (y) => demoBuilder(y),
      async (args) => {
        exitCode = await runDemo(args as never);
      },
    )
    .middleware((args) => {
      // getOptions() is yargs' public API (docs/api.md), missing from @types/yargs 17.
      const { array } = (parser as unknown as { getOptions(): { array: string[] } }).getOptions();
      const flag = repeatedFlag(args, new Set(array));
      if (flag) throw new UsageError(`${flag} was given more than once; give it once`);
    })
    .demandCommand(1, 'Name a command (check, scan, history, report, demo).')
    .strict()
    .recommendCommands()
    .version(VERSION)
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .fail((message, err) => {
      throw err ?? new UsageError(message);
    });
  try {
    await parser.parseAsync();
  } catch (err) {
    if (err instanceof UsageError || (err instanceof Error && err.name === 'YError')) {
      process.stderr.write(`mcp-health: ${err.message}\nRun "mcp-health --help" for usage.\n`);
      return EXIT.usage;
    }
    throw err;
  }
  return exitCode;
}

main(hideBin(process.argv)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`mcp-health: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = EXIT.usage + 1;
  },
);
