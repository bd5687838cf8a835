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

const credentials = new WeakMap<ProbeContext, { headerNames: string[]; origin: string }>();

/** The credentials of an MCP request: the user's headers, bound to the endpoint's origin (made once per probe). */
export function credentialsOf(context: ProbeContext): { headerNames: string[]; origin: string } {
  let known = credentials.get(context);
  if (!known) {
    known = { headerNames: Object.keys(context.userHeaders), origin: context.credentialOrigin };
    credentials.set(context, known);
  }
  return known;
}

/**
 * Headers of a request to the endpoint: ours (identification, accepted types and encodings),
 * then its Content-Type when it has a body, then the request's own, then the user's (which may
 * replace User-Agent, nothing else: the protocol's headers are reserved, see header-rules.ts).
 * Built by assignment: a request's headers are made for every exchange of a scan.
 */
export function endpointHeaders(context: ProbeContext, accept: string, extra: Record<string, string> = {}, contentType?: string): Record<string, string> {
  const headers: Record<string, string> = { 'user-agent': context.userAgent, accept, 'accept-encoding': 'gzip, deflate, br' };
  if (contentType !== undefined) headers['content-type'] = contentType;
  for (const name in extra) setHeader(headers, name, extra[name]!);
  for (const name in context.userHeaders) setHeader(headers, name, context.userHeaders[name]!);
  return headers;
}

/** An own member whatever the name: `__proto__` (a legal header name) would otherwise set the prototype. */
function setHeader(headers: Record<string, string>, name: string, value: string): void {
  if (name === '__proto__') Object.defineProperty(headers, name, { value, enumerable: true, writable: true, configurable: true });
  else headers[name] = value;
}
