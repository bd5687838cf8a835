import type { Argv } from 'yargs';
import { severity, type Status } from '../classify/reasons.js';
import type { FailOn } from '../config/defaults.js';
import { normaliseUrl } from '../sources/normalise-url.js';
import { VERSION } from '../version.js';
import { planCiCheck } from './ci-plan.js';
import { writeCiOutputs } from './ci-output.js';
import { runCiCheck } from '../ci/run-ci-check.js';
import { withProbeFlags, type ProbeFlagValues } from './probe-flags.js';
import { UsageError } from './usage-error.js';

export const EXIT = { pass: 0, failed: 1, usage: 2 } as const;

export function checkBuilder(yargs: Argv) {
  return withProbeFlags(
    yargs.positional('url', { type: 'string', describe: 'The MCP endpoint (http or https URL); optional with --config' }),
  )
    .option('json', { type: 'boolean', default: false, describe: 'Print the full probe result and verdict as one JSON document' })
    .option('fail-on', {
      choices: ['degraded', 'dead'] as const,
      default: 'degraded' as FailOn,
      describe: 'Exit 1 when the endpoint is at least this bad (degraded: anything not healthy)',
    })
    .option('color', { type: 'boolean', describe: 'Force colour on or off (default: on a TTY, off with NO_COLOR)' })
    .option('config', { type: 'string', describe: 'CI configuration: endpoints, headers from ${VAR}, thresholds, expected tools, tool calls (docs/ci.md)' })
    .option('baseline', { type: 'string', describe: 'Compare the tool contracts with this lock file; breaking changes fail the check' })
    .option('update-baseline', { type: 'boolean', default: false, describe: 'Write the live tool contracts to the baseline file (and pass its comparison)' })
    .option('junit', { type: 'string', describe: 'Write a JUnit XML report to this file (GitLab, Jenkins, GitHub test reporters)' })
    .option('wait-ms', { type: 'string', describe: 'First wait (bounded) for the endpoint to answer HTTP: for pipelines that just started it' })
    .example('$0 check https://mcp.example.com/mcp', 'Probe and judge one endpoint')
    .example("$0 check https://mcp.example.com/mcp -H 'Authorization: Bearer ${MCP_TOKEN}'", 'Send a token from the environment')
    .example('$0 check http://127.0.0.1:3000/mcp --timeout 10s --slow-ms 500 --fail-on dead', 'Stricter speed, fail only when dead')
    .example('$0 check https://mcp.example.com/mcp --json | jq .verdict', 'Machine-readable output')
    .example('$0 check https://mcp.example.com/mcp --call-tools readonly', 'Also call a few read-only tools')
    .example('$0 check --config mcp-health.config.json --junit report.xml', 'CI: every endpoint, expectation and tool call of a config')
    .example('$0 check http://127.0.0.1:3000/mcp --wait-ms 30s --baseline mcp-tools.lock.json', 'CI: wait for a server just started, guard its tool contracts')
    .example('$0 check http://127.0.0.1:3000/mcp --baseline mcp-tools.lock.json --update-baseline', 'Accept the current tool contracts (commit the file)');
}

export type CheckArgs = ProbeFlagValues & {
  url?: string | undefined;
  json: boolean;
  'fail-on': FailOn;
  color?: boolean | undefined;
  config?: string | undefined;
  baseline?: string | undefined;
  'update-baseline': boolean;
  junit?: string | undefined;
  'wait-ms'?: string | undefined;
};

/** The endpoint URL, validated and normalised as scan inputs are. */
export function targetUrl(text: string): string {
  const normalised = normaliseUrl(text);
  if (!normalised.ok) throw new UsageError(`"${text.slice(0, 200)}": ${normalised.reason}`);
  return normalised.url;
}

export function failsAt(status: Status, failOn: FailOn): boolean {
  return severity(status) >= severity(failOn);
}

/**
 * `check`: one URL as ever, or a CI configuration's endpoints (#5). Both go through the same
 * run: probe, judge, configured expectations, baseline; then the outputs asked for.
 */
export async function runCheck(args: CheckArgs, argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const plan = planCiCheck(args, argv, process.env);
  const report = await runCiCheck({ ...plan, log: (line) => process.stderr.write(`${line}\n`) });
  await writeCiOutputs(report, { args, env: process.env, urlMode: args.config === undefined, version: VERSION });
  return report.passed ? EXIT.pass : EXIT.failed;
}
