import { setTimeout as sleep } from 'node:timers/promises';
import { failure, failureFromError, type Failure, type FailureCode } from './failure.js';
import { closeDispatcher, createDispatcher, type DispatcherOptions } from './http/dispatcher.js';
import { USER_AGENT } from '../version.js';

/**
 * `--wait-ms` (#5): a pipeline starts its server and checks it in the next breath. Before
 * judging, poll until something answers HTTP, bounded in time (`waitMs`) and in count
 * (MAX_ATTEMPTS), with a small backoff. The poll is a bare HEAD without the user's
 * credentials: any answer counts, except the gateway statuses a proxy gives while the
 * service behind it is still starting.
 */
export type WaitOutcome =
  | { kind: 'up'; waitedMs: number; attempts: number; status: number | null }
  | { kind: 'timed_out'; waitedMs: number; attempts: number; lastFailure: Failure };

export interface WaitOptions extends Omit<DispatcherOptions, 'onTls' | 'requestTimeoutMs'> {
  waitMs: number;
  /** First pause between attempts; it grows by half each time up to MAX_PAUSE_MS. */
  firstPauseMs?: number;
}

const MAX_ATTEMPTS = 1_000;
const MAX_PAUSE_MS = 1_000;
const ATTEMPT_TIMEOUT_MS = 2_000;
/** A proxy or load balancer in front of a service that is not up yet. */
const NOT_YET = new Set([502, 503, 504]);
/** Nothing is listening yet (or its name is not yet resolvable, as in a compose network). */
const KEEP_WAITING = new Set<FailureCode>(['connection_refused', 'connection_reset', 'connect_timeout', 'dns', 'network', 'request_timeout']);

export async function waitForEndpoint(url: string, options: WaitOptions): Promise<WaitOutcome> {
  const startedAt = performance.now();
  const elapsed = () => Math.round(performance.now() - startedAt);
  let pauseMs = options.firstPauseMs ?? 100;
  let lastFailure: Failure = failure('network', 'not tried');
  const target = new URL(url);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const remainingMs = options.waitMs - elapsed();
    if (remainingMs <= 0) return { kind: 'timed_out', waitedMs: elapsed(), attempts: attempt - 1, lastFailure };
    const timeoutMs = Math.max(1, Math.min(ATTEMPT_TIMEOUT_MS, remainingMs));
    // A fresh connection per attempt: a refused or half-open socket must not be reused.
    const dispatcher = createDispatcher({ ...options, connectTimeoutMs: Math.min(options.connectTimeoutMs, timeoutMs), requestTimeoutMs: timeoutMs });
    try {
      const response = await dispatcher.request({
        origin: target.origin,
        path: `${target.pathname}${target.search}`,
        method: 'HEAD',
        headers: { 'user-agent': USER_AGENT },
        signal: AbortSignal.timeout(timeoutMs),
      });
      response.body.on('error', () => undefined);
      response.body.destroy();
      if (!NOT_YET.has(response.statusCode)) return { kind: 'up', waitedMs: elapsed(), attempts: attempt, status: response.statusCode };
      lastFailure = failure('http_status', `HTTP ${response.statusCode} (a gateway whose service is not up yet)`, { httpStatus: response.statusCode });
    } catch (err) {
      const timedOut = err instanceof Error && err.name === 'TimeoutError' ? 'request' : null;
      lastFailure = failureFromError(err, timedOut);
      // TLS or framing trouble means something is listening: the probe will say what is wrong.
      if (!KEEP_WAITING.has(lastFailure.code)) return { kind: 'up', waitedMs: elapsed(), attempts: attempt, status: null };
    } finally {
      await closeDispatcher(dispatcher);
    }
    const pause = Math.min(pauseMs, options.waitMs - elapsed());
    if (pause > 0) await sleep(pause);
    pauseMs = Math.min(MAX_PAUSE_MS, Math.round(pauseMs * 1.5));
  }
  return { kind: 'timed_out', waitedMs: elapsed(), attempts: MAX_ATTEMPTS, lastFailure };
}
