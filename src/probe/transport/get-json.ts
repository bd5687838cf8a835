import type { ProbeContext } from '../context.js';
import { failure, type Failure } from '../failure.js';
import { httpRequest } from '../http/request.js';
import { readServerJson } from './streamable-post.js';
import { httpFactsOf, type HttpFacts } from './http-facts.js';

export type JsonOutcome =
  | { ok: true; value: unknown; http: HttpFacts }
  | { ok: false; failure: Failure; http: HttpFacts | null };

/**
 * GETs a public JSON document (discovery metadata) within the probe's limits.
 * The user's headers are never sent: metadata is public and may live on another origin.
 */
export async function getJson(context: ProbeContext, url: string): Promise<JsonOutcome> {
  const sent = await httpRequest(
    context.dispatcher,
    {
      method: 'GET',
      url,
      headers: { 'user-agent': context.userAgent, accept: 'application/json', 'accept-encoding': 'gzip, deflate, br' },
    },
    context.limits,
    context.deadline,
  );
  if (!sent.ok) return { ok: false, failure: sent.failure, http: null };
  const read = await sent.body.readAll();
  const http = httpFactsOf(sent.head, sent.body.bytesRead);
  if (!read.ok) return { ok: false, failure: read.failure, http };
  if (sent.head.status !== 200) {
    return { ok: false, failure: failure('http_status', `HTTP ${sent.head.status}`, { httpStatus: sent.head.status }), http };
  }
  const { parsed } = readServerJson(context, read.bytes.toString('utf8'));
  if (!parsed.ok) return { ok: false, failure: failure('not_json', `${sent.head.contentType || 'the body'} is not JSON`), http };
  return { ok: true, value: parsed.value, http };
}
