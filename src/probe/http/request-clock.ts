/**
 * The two time limits of one request: its own timeout and the probe's deadline.
 * Abort reasons are ours, so when an operation fails we can tell which limit
 * (if any) cut it, without reading error messages.
 *
 * One AbortController that the deadline also aborts (through a listener removed on
 * stop), rather than AbortSignal.any: a probe makes many requests, and any() is costly
 * in Node 20 (measured in docs/performance.md).
 */
export class RequestClock {
  private readonly own = new AbortController();
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly onDeadline = () => this.own.abort(new Error('probe deadline'));

  constructor(
    private readonly deadline: AbortSignal,
    timeoutMs: number | null,
  ) {
    this.timer = timeoutMs === null ? undefined : setTimeout(() => this.own.abort(new Error('request timeout')), timeoutMs);
    this.timer?.unref();
    if (deadline.aborted) this.own.abort(new Error('probe deadline'));
    else deadline.addEventListener('abort', this.onDeadline, { once: true });
  }

  get signal(): AbortSignal {
    return this.own.signal;
  }

  /** Which limit fired, deadline first (it is the wider one). */
  expired(): 'deadline' | 'request' | null {
    if (this.deadline.aborted) return 'deadline';
    if (this.own.signal.aborted) return 'request';
    return null;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.deadline.removeEventListener('abort', this.onDeadline);
  }
}
