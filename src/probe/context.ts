import type { Dispatcher } from 'undici';
import type { HttpLimits } from './http/request.js';

/** What every exchange of one probe shares: its connection pool, limits, deadline and the user's headers. */
export interface ProbeContext {
  dispatcher: Dispatcher;
  /** Aborts when the whole-probe deadline is reached. */
  deadline: AbortSignal;
  /** Milliseconds since the epoch when the deadline fires. */
  deadlineAtMs: number;
  /** Milliseconds since the epoch when the probe started; step times are relative to it. */
  startedAtMs: number;
  limits: HttpLimits & { sseEventLimitBytes: number; retryAfterMaxMs: number };
  /** Headers given by the user (Authorization ...), sent on MCP requests to the endpoint's origin only. */
  userHeaders: Record<string, string>;
  userAgent: string;
  /** What the exchanges noticed along the way, for the probe record. */
  observed: { rateLimited: boolean };
}

export function credentialHeaderNames(context: ProbeContext): string[] {
  return Object.keys(context.userHeaders).map((name) => name.toLowerCase());
}
