import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseLockfile, type Lockfile } from '../baseline/lockfile.js';
import type { CiEndpoint } from '../config/ci-config.js';
import { waitProblem } from '../config/ci-config.js';
import { loadCiConfig } from '../config/load-ci-config.js';
import { unwritable } from '../util/writable-path.js';
import type { CiRunOptions, EndpointPlan } from '../ci/run-ci-check.js';
import { configuredCallsOf } from '../ci/run-ci-check.js';
import { parseDurationMs } from './duration.js';
import { readProbeFlags } from './probe-flags.js';
import { UsageError } from './usage-error.js';
import type { CheckArgs } from './check.js';
import { targetUrl } from './check.js';

/**
 * Flags given on the command line, as opposed to yargs defaults: only those override a
 * configuration file (precedence: flag > endpoint in the config > top of the config > default).
 */
export function explicitFlags(argv: readonly string[], names: readonly string[]): Set<string> {
  const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const given = new Set<string>();
  for (const name of names) {
    for (const spelling of new Set([name, camel(name)])) {
      if (argv.some((arg) => arg === `--${spelling}` || arg.startsWith(`--${spelling}=`))) given.add(name);
    }
  }
  return given;
}

const OVERRIDABLE = ['timeout', 'slow-ms', 'min-protocol', 'call-tools', 'fail-on', 'wait-ms'] as const;

/** `127.0.0.1:3000/mcp`: an endpoint's name when nothing names it. */
function nameOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}

function endpointsOf(args: CheckArgs, env: NodeJS.ProcessEnv): { endpoints: CiEndpoint[]; config: ReturnType<typeof loadCiConfig> | null } {
  const url = args.url === undefined ? undefined : targetUrl(args.url);
  const bare = (u: string): CiEndpoint => ({
    name: nameOf(u),
    url: u,
    headers: {},
    expectTools: [],
    toolCalls: [],
    baselinePath: null,
    failOn: undefined,
    callTools: undefined,
    thresholds: {},
  });
  if (args.config === undefined) {
    if (url === undefined) throw new UsageError('Not enough non-option arguments: give the endpoint URL, or --config FILE');
    return { endpoints: [bare(url)], config: null };
  }
  const loaded = loadCiConfig(args.config, env);
  if (!loaded.ok) throw new UsageError(`invalid configuration:\n  ${loaded.problems.join('\n  ')}`);
  const listed = loaded.config.endpoints;
  if (url === undefined) {
    if (listed.length === 0) throw new UsageError(`${args.config}: lists no endpoints; add "endpoints", or give the URL on the command line`);
    return { endpoints: listed, config: loaded };
  }
  // A URL on the command line (a port chosen at run time) takes the place of a config's single endpoint.
  if (listed.length > 1) throw new UsageError(`${args.config} lists ${listed.length} endpoints; a URL on the command line can replace only a single one`);
  const only = listed[0];
  return { endpoints: [only ? { ...only, url, name: only.name } : bare(url)], config: loaded };
}

function readBaseline(path: string, shownAs: string, update: boolean): Lockfile | null {
  if (!existsSync(path)) {
    if (update) return null;
    throw new UsageError(`${shownAs}: ${path} does not exist; create it with --update-baseline and commit it`);
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`${shownAs}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const parsed = parseLockfile(text);
  if (!parsed.ok) {
    if (update) return null;
    throw new UsageError(`${shownAs}: ${path} ${parsed.problem}`);
  }
  return parsed.lock;
}

/** Everything a check run needs, from flags, the config file and the environment; UsageError when unusable. */
export function planCiCheck(args: CheckArgs, argv: readonly string[], env: NodeJS.ProcessEnv): Omit<CiRunOptions, 'log'> {
  const { options, thresholds } = readProbeFlags(args, env);
  const { endpoints, config } = endpointsOf(args, env);
  const cfg = config?.ok ? config.config : null;
  const given = explicitFlags(argv, OVERRIDABLE);
  const pick = <T>(flag: (typeof OVERRIDABLE)[number], fromFlag: T, ...fromConfig: Array<T | undefined>): T => {
    if (given.has(flag)) return fromFlag;
    return fromConfig.find((v) => v !== undefined) ?? fromFlag;
  };

  if (args.baseline !== undefined && endpoints.length > 1) {
    throw new UsageError(`--baseline names one lock file, but ${args.config} lists ${endpoints.length} endpoints: give each its own "baseline" in the config`);
  }
  if (args['update-baseline'] && args.baseline === undefined && !endpoints.some((e) => e.baselinePath !== null)) {
    throw new UsageError('--update-baseline needs a lock file: --baseline FILE, or "baseline" in the config');
  }

  const secrets = [...(cfg?.secrets ?? []), ...(options.secrets ?? [])];
  const junitPath = args.junit ?? null;
  // Checked before anything is probed (exit 2 means "nothing was probed", docs/ci.md).
  if (junitPath !== null) {
    const problem = unwritable(junitPath);
    if (problem) throw new UsageError(`--junit: ${problem}`);
  }

  const plans: EndpointPlan[] = endpoints.map((endpoint, i) => {
    const baselinePath = args.baseline !== undefined ? resolve(args.baseline) : endpoint.baselinePath;
    const shownAs = args.baseline !== undefined ? '--baseline' : `${args.config}: endpoints[${i}].baseline`;
    return {
      name: endpoint.name,
      probeOptions: {
        ...options,
        url: endpoint.url,
        // A header on the command line replaces the config's of the same name.
        headers: { ...withoutNames(endpoint.headers, Object.keys(options.headers)), ...options.headers },
        // Redacted inside the probe, before any server text is quoted or cut.
        secrets,
        deadlineMs: pick('timeout', options.deadlineMs, endpoint.thresholds.deadlineMs, cfg?.thresholds.deadlineMs),
        callTools: pick('call-tools', options.callTools, endpoint.callTools, cfg?.callTools),
        ...(endpoint.toolCalls.length > 0 ? { configuredCalls: configuredCallsOf(endpoint.toolCalls) } : {}),
      },
      thresholds: {
        ...thresholds,
        slowMs: pick('slow-ms', thresholds.slowMs, endpoint.thresholds.slowMs, cfg?.thresholds.slowMs),
        minProtocolVersion: pick('min-protocol', thresholds.minProtocolVersion, endpoint.thresholds.minProtocolVersion, cfg?.thresholds.minProtocolVersion),
      },
      failOn: pick('fail-on', args['fail-on'], endpoint.failOn, cfg?.failOn),
      expectTools: endpoint.expectTools,
      toolCalls: endpoint.toolCalls,
      baseline: baselinePath === null ? null : { path: baselinePath, lock: readBaseline(baselinePath, shownAs, args['update-baseline']) },
    };
  });
  if (args['update-baseline']) {
    for (const plan of plans) {
      const problem = plan.baseline ? unwritable(plan.baseline.path) : null;
      if (problem) throw new UsageError(`${args.baseline !== undefined ? '--baseline' : `${args.config}: baseline of ${plan.name}`}: ${problem}`);
    }
  }

  let waitMs: number | null = cfg?.waitMs ?? null;
  if (args['wait-ms'] !== undefined) {
    const parsed = parseDurationMs(args['wait-ms']);
    if (!parsed.ok) throw new UsageError(`--wait-ms: ${parsed.message}`);
    const problem = waitProblem(parsed.ms);
    if (problem) throw new UsageError(`--wait-ms: ${problem}`);
    waitMs = parsed.ms;
  }

  return {
    endpoints: plans,
    waitMs,
    updateBaseline: args['update-baseline'],
    secrets,
    junitPath,
  };
}

function withoutNames(headers: Record<string, string>, names: readonly string[]): Record<string, string> {
  const drop = new Set(names.map((n) => n.toLowerCase()));
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !drop.has(name.toLowerCase())));
}
