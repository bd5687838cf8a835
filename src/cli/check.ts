import type { Argv } from 'yargs';
import { classify } from '../classify/classify.js';
import { severity, type Status } from '../classify/reasons.js';
import type { FailOn } from '../config/defaults.js';
import { probe } from '../probe/probe.js';
import { renderCheckText } from '../report/check-text.js';
import { normaliseUrl } from '../sources/normalise-url.js';
import { VERSION } from '../version.js';
import { readProbeFlags, withProbeFlags, type ProbeFlagValues } from './probe-flags.js';
import { useColor } from './terminal.js';
import { UsageError } from './usage-error.js';

export const EXIT = { pass: 0, failed: 1, usage: 2 } as const;

export function checkBuilder(yargs: Argv) {
  return withProbeFlags(
    yargs.positional('url', { type: 'string', demandOption: true, describe: 'The MCP endpoint (http or https URL)' }),
  )
    .option('json', { type: 'boolean', default: false, describe: 'Print the full probe result and verdict as one JSON document' })
    .option('fail-on', {
      choices: ['degraded', 'dead'] as const,
      default: 'degraded' as FailOn,
      describe: 'Exit 1 when the endpoint is at least this bad (degraded: anything not healthy)',
    })
    .option('color', { type: 'boolean', describe: 'Force colour on or off (default: on a TTY, off with NO_COLOR)' })
    .example('$0 check https://mcp.example.com/mcp', 'Probe and judge one endpoint')
    .example("$0 check https://mcp.example.com/mcp -H 'Authorization: Bearer ${MCP_TOKEN}'", 'Send a token from the environment')
    .example('$0 check http://127.0.0.1:3000/mcp --timeout 10s --slow-ms 500 --fail-on dead', 'Stricter speed, fail only when dead')
    .example('$0 check https://mcp.example.com/mcp --json | jq .verdict', 'Machine-readable output')
    .example('$0 check https://mcp.example.com/mcp --call-tools readonly', 'Also call a few read-only tools');
}

type CheckArgs = ProbeFlagValues & { url: string; json: boolean; 'fail-on': FailOn; color?: boolean | undefined };

/** The endpoint URL, validated and normalised as scan inputs are. */
export function targetUrl(text: string): string {
  const normalised = normaliseUrl(text);
  if (!normalised.ok) throw new UsageError(`"${text.slice(0, 200)}": ${normalised.reason}`);
  return normalised.url;
}

export function failsAt(status: Status, failOn: FailOn): boolean {
  return severity(status) >= severity(failOn);
}

export async function runCheck(args: CheckArgs): Promise<number> {
  const url = targetUrl(args.url);
  const { options, thresholds } = readProbeFlags(args, process.env);
  const result = await probe({ ...options, url });
  const verdict = classify(result, thresholds);
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ mcpHealth: VERSION, url, verdict, thresholds, result }, null, 2)}\n`);
  } else {
    process.stdout.write(renderCheckText(result, verdict, { color: useColor(process.stdout, process.env, args.color) }));
  }
  return failsAt(verdict.status, args['fail-on']) ? EXIT.failed : EXIT.pass;
}
