import { EventEmitter } from 'node:events';

/**
 * The deadline as undici's `signal` option: an EventEmitter with `aborted` and `reason`,
 * which undici accepts as well as an AbortSignal (its documented `signal` type). undici adds
 * and removes an abort listener on every request; on an EventEmitter that costs a fraction
 * of what it costs on an AbortSignal's EventTarget (docs/performance.md). One per deadline:
 * a probe's is made with its signal (startDeadline); any other signal gets one that follows it.
 */
class DeadlineEmitter extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  constructor() {
    super();
    this.setMaxListeners(0);
  }

  fire(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }

  /** One that follows `signal` through a single listener of its own. */
  static following(signal: AbortSignal): DeadlineEmitter {
    const emitter = new DeadlineEmitter();
    if (signal.aborted) emitter.fire(signal.reason);
    else signal.addEventListener('abort', () => emitter.fire(signal.reason), { once: true });
    return emitter;
  }
}

const emitters = new WeakMap<AbortSignal, DeadlineEmitter>();

function emitterFor(deadline: AbortSignal): DeadlineEmitter {
  let emitter = emitters.get(deadline);
  if (!emitter) {
    emitter = DeadlineEmitter.following(deadline);
    emitters.set(deadline, emitter);
  }
  return emitter;
}

/**
 * A probe's whole-probe deadline, started now: the AbortSignal its exchanges share, whose
 * undici form (above) is made with it and fired by the same timer, with no listener between
 * the two (an EventTarget listener per probe is measurable at scan rates).
 */
export function startDeadline(timeoutMs: number, reason: () => Error): { signal: AbortSignal; stop(): void } {
  const controller = new AbortController();
  const emitter = new DeadlineEmitter();
  emitters.set(controller.signal, emitter);
  const timer = setTimeout(() => {
    const error = reason();
    controller.abort(error);
    emitter.fire(error);
  }, timeoutMs);
  return { signal: controller.signal, stop: () => clearTimeout(timer) };
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
