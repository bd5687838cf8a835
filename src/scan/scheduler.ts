import pLimit from 'p-limit';
import { expandEnv } from '../util/expand-env.js';
import { classify, type Thresholds } from '../classify/classify.js';
import { failure, type Failure } from '../probe/failure.js';
import { emptyProbeResult, type ProbeResult } from '../probe/probe-result.js';
import { dispatcherOptionsOf, probe, type ProbeOptions } from '../probe/probe.js';
import type { Target } from '../sources/target.js';
import type { ProbeOutcome } from '../store/run-recorder.js';
import { HostFailures } from './host-failures.js';
import { OriginConnections } from './origin-connections.js';

export interface ScanOptions {
  /** Probes running at once, over all hosts. */
  concurrency: number;
  /** Probes running at once against one host. */
  perHost: number;
  /** Connection-level failures in a row after which a host is not contacted again. */
  hostFailureLimit: number;
  /** Options of every probe; its `headers` (from `--header`) go to every target, the target's own win. */
  probeOptions: Omit<ProbeOptions, 'url'>;
  thresholds: Thresholds;
  env: NodeJS.ProcessEnv;
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
    ...emptyProbeResult(url, [], new Date(), deadlineMs),
    failure: failure(condemnedBy.code, `not contacted: the host failed repeatedly in this scan (${condemnedBy.detail})`, {
      ...(condemnedBy.errorCode === undefined ? {} : { errorCode: condemnedBy.errorCode }),
    }),
  };
}

/**
 * Probes many targets: a global concurrency limit, a per-host limit, and a per-host failure
 * budget. `stop()` lets running probes finish and starts no more.
 */
export class Scheduler {
  private stopping = false;
  private readonly failures: HostFailures;

  constructor(private readonly options: ScanOptions) {
    this.failures = new HostFailures(options.hostFailureLimit);
  }

  stop(): void {
    this.stopping = true;
  }

  get stopped(): boolean {
    return this.stopping;
  }

  /**
   * Each host's targets form a queue worked by at most `perHost` chains; each chain holds one
   * global slot and probes its host's targets one after another. So the per-host cap holds by
   * construction, waiting never holds global capacity, and an origin's next probe starts the
   * moment its previous one ends, on the same keep-alive connection.
   */
  async run(targets: readonly Target[]): Promise<ScanTally> {
    const tally: ScanTally = { done: 0, notStarted: 0 };
    const global = pLimit(this.options.concurrency);
    const connections = new OriginConnections(dispatcherOptionsOf(this.options.probeOptions), targets.map((t) => t.url), this.options.concurrency);
    // Per host: its targets and the index of the next one (shift() would be quadratic on a big host).
    const queues = new Map<string, { targets: Target[]; next: number }>();
    for (const target of targets) {
      const host = new URL(target.url).host;
      const queue = queues.get(host);
      if (queue) queue.targets.push(target);
      else queues.set(host, { targets: [target], next: 0 });
    }
    const chain = (host: string, queue: { targets: Target[]; next: number }) => async () => {
      while (queue.next < queue.targets.length) {
        const target = queue.targets[queue.next++]!;
        if (this.stopping) {
          tally.notStarted++;
          await connections.release(target.url, false);
          continue;
        }
        let outcome: { value: ProbeOutcome; contacted: boolean } | undefined;
        try {
          outcome = await this.probeOne(target, host, connections);
          tally.done++;
          this.options.onResult(outcome.value);
        } finally {
          await connections.release(target.url, outcome?.contacted ?? true);
        }
      }
    };
    // First chains of every host, then second chains: every host starts before any gets two slots.
    const starts: Array<() => Promise<void>> = [];
    for (let round = 0; round < this.options.perHost; round++) {
      for (const [host, queue] of queues) if (queue.targets.length > round) starts.push(chain(host, queue));
    }
    try {
      await Promise.all(starts.map((start) => global(start)));
    } finally {
      await connections.closeAll();
    }
    return tally;
  }

  private async probeOne(target: Target, host: string, connections: OriginConnections): Promise<{ value: ProbeOutcome; contacted: boolean }> {
    const condemnedBy = this.failures.condemned(host);
    if (condemnedBy) {
      const result = inferredResult(target.url, condemnedBy, this.options.probeOptions.deadlineMs);
      return { value: { url: target.url, name: target.name, result, verdict: classify(result, this.options.thresholds), inferred: true }, contacted: false };
    }
    const headers: Record<string, string> = { ...this.options.probeOptions.headers };
    const secrets = [...(this.options.probeOptions.secrets ?? [])];
    for (const [name, template] of Object.entries(target.headers ?? {})) {
      const expanded = expandEnv(template, this.options.env);
      // Checked when the sources were loaded; a variable unset since then leaves the header out.
      if (!expanded.ok) continue;
      headers[name] = expanded.value;
      if (expanded.substituted.length > 0) secrets.push(expanded.value, ...expanded.substituted);
    }
    // Values from the environment are replaced in the server's answers before anything is stored.
    const result = await probe({ ...this.options.probeOptions, url: target.url, headers, secrets, connections: connections.acquire(target.url) });
    this.failures.observe(host, result.failure);
    return { value: { url: target.url, name: target.name, result, verdict: classify(result, this.options.thresholds), inferred: false }, contacted: true };
  }
}

