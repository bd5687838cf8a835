import { basename } from 'node:path';
import { severity, type Verdict } from '../classify/reasons.js';
import type { ContractDiff } from '../baseline/contract-diff.js';
import type { ToolCallExpectation } from '../config/ci-config.js';
import type { FailOn } from '../config/defaults.js';
import type { ProbeResult } from '../probe/probe-result.js';
import type { WaitOutcome } from '../probe/wait-for-endpoint.js';
import type { BaselineReport, CheckCase } from './ci-report.js';

/**
 * The checks of one endpoint, as pure functions of what the probe saw and what the
 * configuration expects: one per endpoint (its verdict) and one per configured expectation
 * (each expected tool, each tool call, the baseline), as #5 asks of the JUnit report.
 */

/** Worst first: what breaks users outright before what merely slows them. */
const RANK = { dead: 0, breaking: 1, callFailed: 2, toolMissing: 3, degradedFailing: 4, degradedPassing: 5, compatible: 6, ok: 9 } as const;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

export function waitLine(wait: WaitOutcome): string {
  const attempts = plural(wait.attempts, 'attempt');
  return wait.kind === 'up'
    ? `answered after ${seconds(wait.waitedMs)} (${attempts}${wait.status === null ? '' : `, HTTP ${wait.status}`})`
    : `did not answer within ${seconds(wait.waitedMs)} (${attempts}; last: ${wait.lastFailure.code}: ${wait.lastFailure.detail})`;
}

export function verdictCheck(result: ProbeResult, verdict: Verdict, failOn: FailOn, wait: WaitOutcome | null): CheckCase {
  const failed = severity(verdict.status) >= severity(failOn);
  const codes = verdict.reasons.map((r) => r.code);
  const message = codes.length === 0 ? verdict.status : `${verdict.status}: ${codes.join(', ')}`;
  const details = verdict.reasons.map((r) => `${r.code}: ${r.detail}`);
  if (wait) details.unshift(`--wait-ms: ${waitLine(wait)}`);
  const level = failed ? 'error' : verdict.status === 'healthy' ? 'ok' : 'warning';
  const rank = verdict.status === 'dead' ? RANK.dead : failed ? RANK.degradedFailing : level === 'warning' ? RANK.degradedPassing : RANK.ok;
  return { kind: 'verdict', name: `verdict (fails when ${failOn === 'dead' ? 'dead' : 'degraded or dead'})`, level, message, details, durationMs: result.durationMs, rank };
}

function listingMs(result: ProbeResult): number {
  return result.steps.filter((s) => s.name === 'tools/list').reduce((sum, s) => sum + s.durationMs, 0);
}

/** Why there are no tools to look at, or null when the catalogue was listed. */
function noCatalogue(result: ProbeResult): string | null {
  if (!result.handshake) return 'no MCP session (the endpoint is dead or asks for credentials)';
  if (!result.catalogue?.toolsDeclared) return 'the server does not declare the tools capability';
  if (result.catalogue.failure) return `tools/list failed: ${result.catalogue.failure.detail}`;
  return null;
}

export function toolListedChecks(result: ProbeResult, expectTools: readonly string[]): CheckCase[] {
  const listed = new Set(result.catalogue?.tools.map((t) => t.name) ?? []);
  const missingCatalogue = noCatalogue(result);
  return expectTools.map((tool) => {
    const name = `tool ${JSON.stringify(tool)} is listed`;
    const durationMs = listingMs(result);
    if (listed.has(tool)) return { kind: 'tool_listed', name, level: 'ok', message: 'listed', details: [], durationMs, rank: RANK.ok };
    const message = missingCatalogue ?? `not in the catalogue (${listed.size} tool${listed.size === 1 ? '' : 's'} listed${result.catalogue?.truncated ? ', truncated' : ''})`;
    return { kind: 'tool_listed', name, level: 'error', message, details: [], durationMs, rank: RANK.toolMissing };
  });
}

export function toolCallChecks(result: ProbeResult, expectations: readonly ToolCallExpectation[]): CheckCase[] {
  const calls = result.configuredCalls ?? [];
  return expectations.map((expected, i) => {
    const call = calls[i];
    const details = [`tools/call ${expected.tool} with ${JSON.stringify(expected.arguments).slice(0, 500)}`];
    const fail = (message: string, durationMs = 0): CheckCase => ({ kind: 'tool_call', name: expected.label, level: 'error', message, details, durationMs, rank: RANK.callFailed });
    if (!call) return fail(`not called: ${noCatalogue(result) ?? 'the probe ended before the call'}`);
    details.push(`answer: ${call.outcome} in ${call.durationMs} ms${call.detail ? ` (${call.detail})` : ''}`);
    const problems: string[] = [];
    if (call.outcome === 'not_listed') return fail('not called: the catalogue does not list this tool');
    if (call.outcome === 'failed') problems.push(`the call failed: ${call.detail ?? ''}`);
    const isError = call.outcome === 'tool_error';
    if (call.outcome !== 'failed' && isError !== expected.isError) {
      problems.push(expected.isError ? 'isError was false, expected true' : `isError was true: ${call.detail ?? ''}`);
    }
    if (call.outcome === 'output_schema_mismatch') {
      const against = expected.outputSchema === 'declared' ? 'the declared outputSchema' : 'the configured outputSchema';
      problems.push(`structuredContent does not match ${against}: ${call.detail ?? ''}`);
    }
    if (expected.maxLatencyMs !== null && call.durationMs > expected.maxLatencyMs) {
      problems.push(`took ${call.durationMs} ms, over the budget of ${expected.maxLatencyMs} ms`);
    }
    if (problems.length > 0) {
      details.push(...problems.slice(1));
      return fail(problems[0]!, call.durationMs);
    }
    const checked = [`isError ${String(expected.isError)}`];
    if (expected.outputSchema !== 'none' && !expected.isError) checked.push(expected.outputSchema === 'declared' ? 'structuredContent as declared' : 'structuredContent as configured');
    if (expected.maxLatencyMs !== null) checked.push(`within ${expected.maxLatencyMs} ms`);
    return { kind: 'tool_call', name: expected.label, level: 'ok', message: `ok: ${checked.join(', ')}`, details, durationMs: call.durationMs, rank: RANK.ok };
  });
}

/** The per-tool diff as lines for a CI log: a header per tool, one line per change, breaking first. */
export function diffLines(diff: ContractDiff): string[] {
  const lines: string[] = [];
  for (const tool of diff.tools) {
    const breaking = tool.changes.filter((c) => c.breaking).length;
    lines.push(`tool ${tool.tool}: ${breaking > 0 ? `${breaking} breaking` : 'compatible'}`);
    for (const change of tool.changes) lines.push(`  ${change.breaking ? 'BREAKING  ' : 'compatible'} ${change.detail}`);
  }
  return lines;
}

export function baselineCheck(baseline: BaselineReport): CheckCase {
  const name = `tool contracts match ${basename(baseline.path)}`;
  if (baseline.mode === 'unavailable') {
    return { kind: 'baseline', name, level: 'error', message: baseline.problem, details: [], durationMs: 0, rank: RANK.breaking };
  }
  if (baseline.mode === 'updated') {
    const what = baseline.diff === null ? 'created' : baseline.diff.tools.length === 0 ? 'unchanged' : `updated (${plural(baseline.diff.breaking, 'breaking change')}, ${plural(baseline.diff.compatible, 'compatible change')} accepted)`;
    const details = baseline.diff ? diffLines(baseline.diff) : [];
    return { kind: 'baseline', name, level: 'ok', message: `${what}: ${plural(baseline.toolCount, 'tool')} written to ${baseline.path}`, details, durationMs: 0, rank: RANK.ok };
  }
  const { diff } = baseline;
  const details = diffLines(diff);
  if (diff.breaking > 0) {
    const tools = diff.tools.filter((t) => t.changes.some((c) => c.breaking)).map((t) => t.tool);
    return { kind: 'baseline', name, level: 'error', message: `${plural(diff.breaking, 'breaking change')} (${tools.join(', ')})${diff.compatible > 0 ? `, ${plural(diff.compatible, 'compatible change')}` : ''}`, details, durationMs: 0, rank: RANK.breaking };
  }
  if (diff.compatible > 0) {
    return { kind: 'baseline', name, level: 'warning', message: `${plural(diff.compatible, 'compatible change')}; run with --update-baseline to accept`, details, durationMs: 0, rank: RANK.compatible };
  }
  return { kind: 'baseline', name, level: 'ok', message: 'no changes', details, durationMs: 0, rank: RANK.ok };
}

/** Names made unique within an endpoint: a configured label may repeat a built-in one. */
export function uniqueNames(checks: CheckCase[]): CheckCase[] {
  const used = new Set<string>();
  return checks.map((check) => {
    let name = check.name;
    // At most checks.length candidates can be taken, so this ends within that many steps.
    for (let n = 2; used.has(name); n++) name = `${check.name} (${n})`;
    used.add(name);
    return name === check.name ? check : { ...check, name };
  });
}
