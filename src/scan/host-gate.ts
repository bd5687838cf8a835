import pLimit, { type LimitFunction } from 'p-limit';
import type { Failure, FailureCode } from '../probe/failure.js';

/** Failures that say the host itself cannot be reached, whatever the path. */
const CONNECTION_LEVEL = new Set<FailureCode>([
  'dns',
  'connection_refused',
  'connect_timeout',
  'tls_untrusted',
  'tls_expired',
  'tls_hostname',
  'tls_handshake',
  'not_http',
]);

export function isConnectionLevel(failure: Failure | null): boolean {
  return failure !== null && CONNECTION_LEVEL.has(failure.code);
}

/**
 * Per-host politeness: at most `perHost` probes of one host at a time, and a host whose
 * connections keep failing (`failureLimit` in a row) is not contacted again in this scan;
 * its remaining endpoints are judged from the failure already seen.
 */
export class HostGate {
  private readonly limits = new Map<string, LimitFunction>();
  private readonly streaks = new Map<string, { count: number; failure: Failure }>();

  constructor(
    private readonly perHost: number,
    private readonly failureLimit: number,
  ) {}

  /** Runs `task` when the host has a free slot. */
  run<T>(host: string, task: () => Promise<T>): Promise<T> {
    let limit = this.limits.get(host);
    if (!limit) {
      limit = pLimit(this.perHost);
      this.limits.set(host, limit);
    }
    const hostLimit = limit;
    return hostLimit(task).finally(() => {
      // Forget idle hosts, so a scan of thousands of origins keeps no per-host state.
      if (hostLimit.activeCount === 0 && hostLimit.pendingCount === 0) this.limits.delete(host);
    });
  }

  /** The failure that condemned the host, once it failed `failureLimit` times in a row. */
  condemned(host: string): Failure | null {
    const streak = this.streaks.get(host);
    return streak && streak.count >= this.failureLimit ? streak.failure : null;
  }

  /** Feeds one probe's outcome into the host's streak. */
  observe(host: string, failure: Failure | null): void {
    if (!isConnectionLevel(failure)) {
      this.streaks.delete(host);
      return;
    }
    const streak = this.streaks.get(host);
    this.streaks.set(host, { count: (streak?.count ?? 0) + 1, failure: failure! });
  }
}
