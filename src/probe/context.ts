import type { Dispatcher } from 'undici';
import type { Redactor } from '../util/redact.js';
import type { HttpLimits } from './http/request.js';

/** What every exchange of one probe shares: its connection pool, limits, deadline and the user's headers. */
export interface ProbeContext {
  dispatcher: Dispatcher;
  /** Aborts when the whole-probe deadline is reached. */
  deadline: AbortSignal;
  /** Milliseconds since the epoch when the deadline fires. */
  deadlineAtMs: number;
  limits: HttpLimits & { sseEventLimitBytes: number; retryAfterMaxMs: number };
  /** Headers given by the user (Authorization ...), lower-case names; sent only to `credentialOrigin`. */
  userHeaders: Record<string, string>;
  /** The endpoint's own origin: the only one the user's headers are for. */
  credentialOrigin: string;
  userAgent: string;
  /**
   * Replaces the user's secrets (header values from `${VAR}`) in server text, applied where
   * answers are read: before any step, failure or call detail quotes and cuts them. A redaction
   * after the cut misses a secret cut in half (review of #5: `Bearer tok_ABCDEF` reached the output).
   */
  redact: Redactor;
  /** What the exchanges noticed along the way, for the probe record. */
  observed: { rateLimited: boolean };
}

/** The credentials of an MCP request: the user's headers, bound to the endpoint's origin. */
export function credentialsOf(context: ProbeContext): { headerNames: string[]; origin: string } {
  return { headerNames: Object.keys(context.userHeaders), origin: context.credentialOrigin };
}

/**
 * Headers of a request to the endpoint: ours (identification, accepted types and encodings),
 * then the request's own, then the user's (which may replace User-Agent, nothing else: the
 * protocol's headers are reserved, see header-rules.ts).
 */
export function endpointHeaders(context: ProbeContext, accept: string, extra: Record<string, string> = {}): Record<string, string> {
  return { 'user-agent': context.userAgent, accept, 'accept-encoding': 'gzip, deflate, br', ...extra, ...context.userHeaders };
}
