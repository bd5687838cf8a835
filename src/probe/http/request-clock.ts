/**
 * The two time limits of one request: its own timeout and the probe's deadline.
 *
 * The deadline's signal goes to undici as is; the request timeout needs no signal of its own
 * (a controller per request is measurable at scan rates, docs/performance.md): until the
 * headers arrive, the dispatcher's headersTimeout (the same length) cuts a silent server;
 * after that, the timer destroys the body being read, so a drip or an endless stream ends
 * on time. `expired()` tells which limit, if any, cut the request.
 */
export class RequestClock {
  private readonly timer: NodeJS.Timeout | undefined;
  private fired = false;
  private body: { destroy(error?: Error): unknown } | null = null;

  constructor(
    private readonly deadline: AbortSignal,
    timeoutMs: number | null,
  ) {
    this.timer =
      timeoutMs === null
        ? undefined
        : setTimeout(() => {
            this.fired = true;
            this.body?.destroy(new Error('request timeout'));
          }, timeoutMs);
    this.timer?.unref();
  }

  get signal(): AbortSignal {
    return this.deadline;
  }

  /** The body the timer destroys if it fires while the body is being read. */
  watch(body: { destroy(error?: Error): unknown }): void {
    this.body = body;
    if (this.fired) body.destroy(new Error('request timeout'));
  }

  /** Which limit fired, deadline first (it is the wider one). */
  expired(): 'deadline' | 'request' | null {
    if (this.deadline.aborted) return 'deadline';
    if (this.fired) return 'request';
    return null;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.body = null;
  }
}
