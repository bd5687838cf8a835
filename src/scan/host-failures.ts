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
 * A host whose connections keep failing (`failureLimit` in a row) is not contacted again
 * in this scan; its remaining endpoints are judged from the failure already seen.
 */
export class HostFailures {
  private readonly streaks = new Map<string, { count: number; failure: Failure }>();

  constructor(private readonly failureLimit: number) {}

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
