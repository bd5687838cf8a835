import { EventEmitter } from 'node:events';

/**
 * The deadline as undici's `signal` option: an EventEmitter with `aborted` and `reason`,
 * which undici accepts as well as an AbortSignal (its documented `signal` type). undici adds
 * and removes an abort listener on every request; on an EventEmitter that costs a fraction
 * of what it costs on an AbortSignal's EventTarget (docs/performance.md). One per deadline,
 * following the signal through a single listener of its own.
 */
class DeadlineEmitter extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  constructor(deadline: AbortSignal) {
    super();
    this.setMaxListeners(0);
    const abort = () => {
      this.aborted = true;
      this.reason = deadline.reason;
      this.emit('abort');
    };
    if (deadline.aborted) abort();
    else deadline.addEventListener('abort', abort, { once: true });
  }
}

const emitters = new WeakMap<AbortSignal, DeadlineEmitter>();

function emitterFor(deadline: AbortSignal): DeadlineEmitter {
  let emitter = emitters.get(deadline);
  if (!emitter) {
    emitter = new DeadlineEmitter(deadline);
    emitters.set(deadline, emitter);
  }
  return emitter;
}

/**
 * The two time limits of one request: its own timeout and the probe's deadline.
 *
 * The deadline goes to undici (as a DeadlineEmitter, above); the request timeout needs no signal of its own
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

  /** The deadline, in the form handed to undici. */
  get signal(): EventEmitter {
    return emitterFor(this.deadline);
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
