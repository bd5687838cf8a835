/**
 * The two time limits of one request: its own timeout and the probe's deadline.
 * Abort reasons are ours, so when an operation fails we can tell which limit
 * (if any) cut it, without reading error messages.
 */
export class RequestClock {
  readonly signal: AbortSignal;
  private readonly own = new AbortController();
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deadline: AbortSignal,
    timeoutMs: number | null,
  ) {
    this.timer = timeoutMs === null ? undefined : setTimeout(() => this.own.abort(new Error('request timeout')), timeoutMs);
    this.timer?.unref();
    this.signal = AbortSignal.any([this.own.signal, deadline]);
  }

  /** Which limit fired, deadline first (it is the wider one). */
  expired(): 'deadline' | 'request' | null {
    if (this.deadline.aborted) return 'deadline';
    if (this.own.signal.aborted) return 'request';
    return null;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
