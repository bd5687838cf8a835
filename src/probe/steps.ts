import type { FailureCode } from './failure.js';
import type { HttpFacts } from './transport/http-facts.js';
import type { RpcOutcome } from './transport/streamable-post.js';

/** One timed exchange of a probe, as it happened. */
export interface Step {
  /** What was attempted: an MCP method (`initialize`, `tools/list` ...) or a transport action (`sse:open`, `session:delete`, `auth:resource-metadata` ...). */
  name: string;
  /** Milliseconds from the start of the probe. */
  startedAtMs: number;
  durationMs: number;
  /** `ok`, `rpc_error` (a JSON-RPC error answer) or the failure code. */
  outcome: 'ok' | 'rpc_error' | FailureCode;
  http?: { status: number; contentType: string; bytes: number; url: string };
  rpcCode?: number;
  detail?: string;
  /**
   * A call a CI configuration asked for (#5): shown with the other steps, but judged only by the
   * configuration's own expectations (its latency budget), never by the verdict's `slow` rule.
   */
  configured?: true;
}

/** Collects steps with their timings; step times are relative to the probe's start. */
export class StepLog {
  readonly steps: Step[] = [];

  constructor(private readonly probeStartedAtMs: number) {}

  now(): number {
    return performance.now();
  }

  /** Times one JSON-RPC exchange and records what it showed. */
  async rpc(name: string, run: () => Promise<RpcOutcome>, marks: Pick<Step, 'configured'> = {}): Promise<RpcOutcome> {
    const startedAt = performance.now();
    const outcome = await run();
    const step: Step = {
      name,
      startedAtMs: Math.round(startedAt - this.probeStartedAtMs),
      durationMs: Math.round(performance.now() - startedAt),
      outcome: outcome.ok ? (outcome.answer.kind === 'result' ? 'ok' : 'rpc_error') : outcome.failure.code,
      ...marks,
    };
    if (outcome.http) step.http = httpOf(outcome.http);
    if (outcome.ok && outcome.answer.kind === 'error') {
      step.rpcCode = outcome.answer.error.code;
      step.detail = outcome.answer.error.message.slice(0, 200);
    }
    if (!outcome.ok) {
      step.detail = outcome.failure.detail;
      if (outcome.failure.rpcCode !== undefined) step.rpcCode = outcome.failure.rpcCode;
    }
    this.steps.push(step);
    return outcome;
  }

  /** Records a step timed by the caller. */
  add(step: Omit<Step, 'startedAtMs' | 'durationMs'>, startedAt: number): void {
    this.steps.push({
      ...step,
      startedAtMs: Math.round(startedAt - this.probeStartedAtMs),
      durationMs: Math.round(performance.now() - startedAt),
    });
  }
}

export function httpOf(http: HttpFacts): NonNullable<Step['http']> {
  return { status: http.status, contentType: http.contentType, bytes: http.bytes, url: http.url };
}
