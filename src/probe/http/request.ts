import type { Dispatcher } from 'undici';
import { failure, failureFromError, type Failure } from '../failure.js';
import { DecodedBody } from './body.js';
import { RequestClock } from './request-clock.js';

export interface HttpLimits {
  /** Per-request timeout; `null` for a long-lived stream bounded only by the probe deadline. */
  requestTimeoutMs: number | null;
  bodyLimitBytes: number;
  maxRedirects: number;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /**
   * Names of headers that carry credentials (everything the user supplied), and the one
   * origin they belong to. They are sent only on hops to that origin: never after a
   * redirect elsewhere, never to a URL (a legacy `endpoint`, metadata) on another origin.
   */
  credentials?: { headerNames: readonly string[]; origin: string };
}

export interface HttpResponseHead {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Media type without parameters, lower-case; '' when absent. */
  contentType: string;
  /** The URL that answered (after redirects). */
  url: string;
  /** URLs redirected through, in order. */
  redirects: string[];
}

export type HttpOutcome =
  | { ok: true; head: HttpResponseHead; body: DecodedBody }
  | { ok: false; failure: Failure; redirects: string[] };

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** undici's response headers (lower-case names already) with repeated headers joined, in place. */
export function normaliseHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  for (const name in raw) {
    const value = raw[name];
    if (Array.isArray(value)) raw[name] = value.join(', ');
    else if (value === undefined) delete raw[name];
  }
  return raw as Record<string, string>;
}

export function mediaType(contentType: string | undefined): string {
  if (contentType === undefined) return '';
  const end = contentType.indexOf(';');
  return (end === -1 ? contentType : contentType.slice(0, end)).trim().toLowerCase();
}

/**
 * One HTTP exchange with explicit limits and our own redirect policy:
 * - 307/308 keep method and body; 301/302 turn POST into GET and 303 anything into GET (as fetch does);
 * - a URL seen twice is a loop; more than `maxRedirects` hops is too many; only http(s) targets;
 * - credentials go only to their own origin, hop by hop.
 * Never throws for network conditions: every failure comes back as a typed outcome.
 */
export async function httpRequest(
  dispatcher: Dispatcher,
  req: HttpRequest,
  limits: HttpLimits,
  deadline: AbortSignal,
): Promise<HttpOutcome> {
  const clock = new RequestClock(deadline, limits.requestTimeoutMs);
  const redirects: string[] = [];
  // Requests that were redirected, by method and URL: a loop is one seen twice. Made on the first redirect.
  let seen: Set<string> | null = null;
  let method = req.method;
  let body = req.body;
  let target = parsedUrl(req.url);
  if (!target) {
    clock.stop();
    return { ok: false, failure: failure('redirect_invalid', `not a URL: ${req.url.slice(0, 200)}`), redirects };
  }
  let headers = req.headers;

  for (;;) {
    const origin = target.origin;
    const hopHeaders = req.credentials && origin !== req.credentials.origin ? withoutHeaders(headers, req.credentials.headerNames) : headers;
    let response: Dispatcher.ResponseData;
    try {
      // The dispatcher's own request(): undici's top-level request() re-parses the URL and
      // options on every call, measurably slower at scan rates (docs/performance.md).
      const options: Dispatcher.RequestOptions = { origin, path: target.path, method, headers: hopHeaders, signal: clock.signal };
      if (body !== undefined) options.body = body;
      response = await dispatcher.request(options);
    } catch (err) {
      const expired = clock.expired();
      clock.stop();
      return { ok: false, failure: failureFromError(err, expired), redirects };
    }

    const responseHeaders = normaliseHeaders(response.headers);
    const location = responseHeaders['location'];
    if (REDIRECT_STATUSES.has(response.statusCode) && location !== undefined) {
      (seen ??= new Set()).add(`${method} ${target.href}`);
      discardBody(response.body);
      let next: URL;
      try {
        next = new URL(location, target.url);
      } catch {
        clock.stop();
        return { ok: false, failure: failure('redirect_invalid', `unusable Location: ${location.slice(0, 200)}`), redirects };
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        clock.stop();
        return { ok: false, failure: failure('redirect_invalid', `redirect to a non-HTTP URL (${next.protocol})`), redirects };
      }
      if (response.statusCode === 303 || ((response.statusCode === 301 || response.statusCode === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        headers = withoutHeaders(headers, ['content-type']);
      }
      redirects.push(next.href);
      if (seen.has(`${method} ${next.href}`)) {
        clock.stop();
        return { ok: false, failure: failure('redirect_loop', `redirect loop back to ${next.href}`, { httpStatus: response.statusCode }), redirects };
      }
      if (redirects.length > limits.maxRedirects) {
        clock.stop();
        return {
          ok: false,
          failure: failure('too_many_redirects', `more than ${limits.maxRedirects} redirects`, { httpStatus: response.statusCode }),
          redirects,
        };
      }
      target = describeUrl(next);
      continue;
    }

    const head: HttpResponseHead = {
      status: response.statusCode,
      headers: responseHeaders,
      contentType: mediaType(responseHeaders['content-type']),
      url: target.href,
      redirects,
    };
    const length = responseHeaders['content-length'];
    const declaredBytes = length !== undefined && /^\d{1,15}$/.test(length) ? Number(length) : null;
    const decoded = new DecodedBody(response.body, responseHeaders['content-encoding'] ?? '', limits.bodyLimitBytes, clock, declaredBytes);
    return { ok: true, head, body: decoded };
  }
}

interface ParsedUrl {
  url: URL;
  href: string;
  origin: string;
  /** Path and query, as undici wants them. */
  path: string;
}

function describeUrl(url: URL): ParsedUrl {
  return { url, href: url.href, origin: url.origin, path: `${url.pathname}${url.search}` };
}

/**
 * Parsed request URLs by their text. A probe sends most of its requests to one URL, and parsing
 * it (and reading `origin`, which builds a string each time) is measurable at scan rates. Only
 * the URLs we were asked to request, and only short ones: redirect targets are the server's
 * text (a Location header can be 64 KiB, and percent-encoding inflates it), never kept.
 * Bounded in count and size; oldest entries go first.
 */
const parsedUrls = new Map<string, ParsedUrl>();
const PARSED_URLS_MAX = 1_024;
const PARSED_URL_MAX_CHARS = 2_048;

function parsedUrl(text: string): ParsedUrl | null {
  const known = parsedUrls.get(text);
  if (known) return known;
  let parsed: ParsedUrl;
  try {
    parsed = describeUrl(new URL(text));
  } catch {
    return null;
  }
  if (text.length > PARSED_URL_MAX_CHARS) return parsed;
  if (parsedUrls.size >= PARSED_URLS_MAX) parsedUrls.delete(parsedUrls.keys().next().value!);
  parsedUrls.set(text, parsed);
  return parsed;
}

function withoutHeaders(headers: Record<string, string>, names: readonly string[]): Record<string, string> {
  const drop = new Set(names.map((n) => n.toLowerCase()));
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !drop.has(name.toLowerCase())));
}

/** Drops a body we will not read; undici emits 'error' when an unread body is destroyed. */
function discardBody(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}
