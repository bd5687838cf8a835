import pLimit from 'p-limit';
import { expandEnv } from '../util/expand-env.js';
import { classify, type Thresholds } from '../classify/classify.js';
import { failure, type Failure } from '../probe/failure.js';
import type { ProbeResult } from '../probe/probe-result.js';
import { dispatcherOptionsOf, probe, type ProbeOptions } from '../probe/probe.js';
import type { Target } from '../sources/target.js';
import type { ProbeOutcome } from '../store/run-recorder.js';
import { HostGate } from './host-gate.js';
import { OriginConnections } from './origin-connections.js';

export interface ScanOptions {
  /** Probes running at once, over all hosts. */
  concurrency: number;
  /** Probes running at once against one host. */
  perHost: number;
  /** Connection-level failures in a row after which a host is not contacted again. */
  hostFailureLimit: number;
  probeOptions: Omit<ProbeOptions, 'url' | 'headers'>;
  thresholds: Thresholds;
  env: NodeJS.ProcessEnv;
  onStart?: (target: Target) => void;
  onResult: (outcome: ProbeOutcome) => void;
}

export interface ScanTally {
  done: number;
  /** Targets never started because the scan was stopped. */
  notStarted: number;
}

/** A verdict for an endpoint of a host already known to be unreachable, without contacting it. */
export function inferredResult(url: string, condemnedBy: Failure, deadlineMs: number): ProbeResult {
  return {
    url,
    headerNames: [],
    startedAt: new Date().toISOString(),
    durationMs: 0,
    deadlineMs,
    handshake: null,
    failure: failure(condemnedBy.code, `not contacted: the host failed repeatedly in this scan (${condemnedBy.detail})`, {
      ...(condemnedBy.errorCode === undefined ? {} : { errorCode: condemnedBy.errorCode }),
    }),
    auth: null,
    tls: null,
    rateLimited: false,
    sessionRejected: false,
    catalogue: null,
    liveness: null,
    toolCalls: [],
    closed: null,
    steps: [],
  };
}

/**
 * Probes many targets: a global concurrency limit, a per-host limit (a task waits for
 * its host's slot before it takes a global one, so waiting never holds global capacity),
 * and a per-host failure budget. `stop()` lets running probes finish and starts no more.
 */
export class Scheduler {
  private stopping = false;
  private readonly gate: HostGate;

  constructor(private readonly options: ScanOptions) {
    this.gate = new HostGate(options.perHost, options.hostFailureLimit);
  }

  stop(): void {
    this.stopping = true;
  }

  get stopped(): boolean {
    return this.stopping;
  }

  async run(targets: readonly Target[]): Promise<ScanTally> {
    const tally: ScanTally = { done: 0, notStarted: 0 };
    const global = pLimit(this.options.concurrency);
    const connections = new OriginConnections(dispatcherOptionsOf(this.options.probeOptions), targets.map((t) => t.url), this.options.concurrency);
    try {
      await Promise.all(
        groupByOrigin(targets).map((target) => {
          const host = new URL(target.url).host;
          return this.gate.run(host, () =>
            global(async () => {
              if (this.stopping) {
                tally.notStarted++;
                return;
              }
              let outcome: { value: ProbeOutcome; contacted: boolean } | undefined;
              try {
                outcome = await this.probeOne(target, host, connections);
                tally.done++;
                this.options.onResult(outcome.value);
              } finally {
                await connections.release(target.url, outcome?.contacted ?? true);
              }
            }),
          );
        }),
      );
    } finally {
      await connections.closeAll();
    }
    return tally;
  }

  private async probeOne(target: Target, host: string, connections: OriginConnections): Promise<{ value: ProbeOutcome; contacted: boolean }> {
    const condemnedBy = this.gate.condemned(host);
    if (condemnedBy) {
      const result = inferredResult(target.url, condemnedBy, this.options.probeOptions.deadlineMs);
      return { value: { url: target.url, name: target.name, result, verdict: classify(result, this.options.thresholds), inferred: true }, contacted: false };
    }
    this.options.onStart?.(target);
    const headers: Record<string, string> = {};
    for (const [name, template] of Object.entries(target.headers ?? {})) {
      const expanded = expandEnv(template, this.options.env);
      // Checked when the sources were loaded; a variable unset since then leaves the header out.
      if (expanded.ok) headers[name] = expanded.value;
    }
    const result = await probe({ ...this.options.probeOptions, url: target.url, headers, connections: connections.acquire(target.url) });
    this.gate.observe(host, result.failure);
    return { value: { url: target.url, name: target.name, result, verdict: classify(result, this.options.thresholds), inferred: false }, contacted: true };
  }
}

/**
 * The targets with each origin's endpoints together (origins in order of first appearance):
 * an origin's next probe then starts as its previous one ends and reuses its connection,
 * instead of finding it closed after a tour of every other origin.
 */
export function groupByOrigin(targets: readonly Target[]): Target[] {
  const groups = new Map<string, Target[]>();
  for (const target of targets) {
    const origin = new URL(target.url).origin;
    const group = groups.get(origin);
    if (group) group.push(target);
    else groups.set(origin, [target]);
  }
  return [...groups.values()].flat();
}
