import type { Thresholds } from '../classify/classify.js';
import type { Verdict } from '../classify/reasons.js';
import type { ContractDiff } from '../baseline/contract-diff.js';
import type { FailOn } from '../config/defaults.js';
import type { ProbeResult } from '../probe/probe-result.js';
import type { WaitOutcome } from '../probe/wait-for-endpoint.js';

/**
 * What one CI check found: the model every CI view renders (terminal, JSON, JUnit, Markdown
 * summary, workflow annotations). Built once, redacted once, rendered many times.
 */

export type CheckKind = 'verdict' | 'tool_listed' | 'tool_call' | 'baseline';

/** `error`: fails the check; `warning`: passes, but worth a look; `ok`: nothing to say. */
export type CheckLevel = 'error' | 'warning' | 'ok';

export interface CheckCase {
  kind: CheckKind;
  /** Unique within its endpoint; the JUnit test case name. */
  name: string;
  level: CheckLevel;
  /** One line: what failed, or what was seen. */
  message: string;
  /** Further lines (reasons, the per-tool diff, the call's answer). */
  details: string[];
  durationMs: number;
  /** Worst first when findings are ranked across endpoints (0 is the worst). */
  rank: number;
}

export type BaselineReport =
  | { mode: 'compared'; path: string; diff: ContractDiff }
  | { mode: 'updated'; path: string; diff: ContractDiff | null; toolCount: number }
  | { mode: 'unavailable'; path: string; problem: string };

export interface EndpointReport {
  name: string;
  url: string;
  failOn: FailOn;
  thresholds: Thresholds;
  wait: WaitOutcome | null;
  result: ProbeResult;
  verdict: Verdict;
  baseline: BaselineReport | null;
  checks: CheckCase[];
  passed: boolean;
}

export interface CiReport {
  startedAt: string;
  durationMs: number;
  endpoints: EndpointReport[];
  passed: boolean;
  /** Where the full detail is, for views that must be short (annotations, a truncated summary). */
  junitPath: string | null;
}

export interface RankedFinding {
  endpoint: string;
  check: CheckCase;
}

/** Every failed or noteworthy check of the run, worst first (stable within a rank). */
export function findingsOf(report: CiReport): RankedFinding[] {
  const findings = report.endpoints.flatMap((endpoint) => endpoint.checks.filter((c) => c.level !== 'ok').map((check) => ({ endpoint: endpoint.name, check })));
  const levelOrder = (c: CheckCase) => (c.level === 'error' ? 0 : 1);
  return findings.sort((a, b) => levelOrder(a.check) - levelOrder(b.check) || a.check.rank - b.check.rank);
}

export function countChecks(report: CiReport): { total: number; failed: number; warnings: number } {
  const checks = report.endpoints.flatMap((e) => e.checks);
  return { total: checks.length, failed: checks.filter((c) => c.level === 'error').length, warnings: checks.filter((c) => c.level === 'warning').length };
}
