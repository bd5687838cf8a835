import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { classify, type Thresholds } from '../classify/classify.js';
import { diffContracts } from '../baseline/contract-diff.js';
import { renderLockfile, snapshotOf, type Lockfile } from '../baseline/lockfile.js';
import type { ToolCallExpectation } from '../config/ci-config.js';
import type { FailOn } from '../config/defaults.js';
import { probe, type ProbeOptions } from '../probe/probe.js';
import type { ProbeResult } from '../probe/probe-result.js';
import type { ConfiguredCall } from '../probe/tool-sampling.js';
import { waitForEndpoint, type WaitOutcome } from '../probe/wait-for-endpoint.js';
import { redactor } from '../util/redact.js';
import { baselineCheck, toolCallChecks, toolListedChecks, uniqueNames, verdictCheck, waitLine } from './checks.js';
import type { BaselineReport, CiReport, EndpointReport } from './ci-report.js';

/** One endpoint to check, with everything resolved: flags over config over defaults. */
export interface EndpointPlan {
  name: string;
  probeOptions: ProbeOptions;
  thresholds: Thresholds;
  failOn: FailOn;
  expectTools: string[];
  toolCalls: ToolCallExpectation[];
  /** The lock file and its parsed contents (null: it does not exist yet, only with updateBaseline). */
  baseline: { path: string; lock: Lockfile | null } | null;
}

export interface CiRunOptions {
  endpoints: EndpointPlan[];
  /** Poll each endpoint until it answers, at most this long (null: judge at once). */
  waitMs: number | null;
  updateBaseline: boolean;
  /** Redacted from everything the run returns or writes. */
  secrets: string[];
  junitPath: string | null;
  /** Progress for people (stderr). */
  log: (line: string) => void;
}

/** The probe's calls for a configuration's expectations: `none` turns the schema check off. */
export function configuredCallsOf(expectations: readonly ToolCallExpectation[]): ConfiguredCall[] {
  return expectations.map((e) => ({
    tool: e.tool,
    arguments: e.arguments,
    ...(e.outputSchema === 'none' ? { outputSchema: false as const } : e.outputSchema === 'declared' ? {} : { outputSchema: e.outputSchema }),
  }));
}

/** Why a catalogue cannot serve as a snapshot, or null when it can. */
function unsnapshotable(result: ProbeResult): string | null {
  if (!result.handshake) return 'no MCP session, so no catalogue';
  if (!result.catalogue?.toolsDeclared) return 'the server does not declare the tools capability';
  if (result.catalogue.failure) return `tools/list failed: ${result.catalogue.failure.detail}`;
  if (result.catalogue.truncated) return 'the catalogue was truncated (raise --max-pages / --max-tools)';
  return null;
}

function baselineOf(plan: EndpointPlan, result: ProbeResult, update: boolean, log: (line: string) => void): BaselineReport | null {
  if (!plan.baseline) return null;
  const { path, lock } = plan.baseline;
  const problem = unsnapshotable(result);
  if (problem) return { mode: 'unavailable', path, problem: `cannot ${update ? 'update' : 'compare'} the baseline: ${problem}` };
  const live = snapshotOf(result.catalogue!.tools);
  const diff = lock ? diffContracts(lock, live) : null;
  if (!update) return { mode: 'compared', path, diff: diff! };
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, renderLockfile(live));
  } catch (err) {
    // Checked before probing, but a disk can fill or a folder vanish since: a failed check, not a crash.
    return { mode: 'unavailable', path, problem: `cannot write the baseline to ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  log(`mcp-health: ${plan.name}: wrote ${Object.keys(live.tools).length} tool contracts to ${path}`);
  return { mode: 'updated', path, diff, toolCount: Object.keys(live.tools).length };
}

async function checkEndpoint(plan: EndpointPlan, options: CiRunOptions, redact: <T>(value: T) => T): Promise<EndpointReport> {
  const url = plan.probeOptions.url;
  let wait: WaitOutcome | null = null;
  if (options.waitMs !== null) {
    options.log(`mcp-health: ${plan.name}: waiting up to ${Math.round(options.waitMs / 100) / 10} s for ${url} to answer`);
    wait = await waitForEndpoint(url, {
      waitMs: options.waitMs,
      connectTimeoutMs: plan.probeOptions.connectTimeoutMs,
      insecure: plan.probeOptions.insecure,
      ...(plan.probeOptions.caPem ? { caPem: plan.probeOptions.caPem } : {}),
    });
    options.log(`mcp-health: ${plan.name}: ${waitLine(wait)}${wait.kind === 'timed_out' ? '; probing once more to say why' : ''}`);
  }
  // Redacted before anything reads it: a server may echo our credentials back.
  const result = redact(await probe(plan.probeOptions));
  const verdict = classify(result, plan.thresholds);
  const baseline = baselineOf(plan, result, options.updateBaseline, options.log);
  const checks = uniqueNames([
    verdictCheck(result, verdict, plan.failOn, wait),
    ...toolListedChecks(result, plan.expectTools),
    ...toolCallChecks(result, plan.toolCalls),
    ...(baseline ? [baselineCheck(baseline)] : []),
  ]);
  return redact({
    name: plan.name,
    url,
    failOn: plan.failOn,
    thresholds: plan.thresholds,
    wait,
    result,
    verdict,
    baseline,
    checks,
    passed: checks.every((c) => c.level !== 'error'),
  });
}

/** Checks each endpoint in turn (a CI job guards a few of its own, politely, one at a time). */
export async function runCiCheck(options: CiRunOptions): Promise<CiReport> {
  const startedAt = new Date();
  const startedAtPerf = performance.now();
  const redact = redactor(options.secrets);
  const endpoints: EndpointReport[] = [];
  for (const plan of options.endpoints) endpoints.push(await checkEndpoint(plan, options, redact));
  return {
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - startedAtPerf),
    endpoints,
    passed: endpoints.every((e) => e.passed),
    junitPath: options.junitPath,
  };
}
