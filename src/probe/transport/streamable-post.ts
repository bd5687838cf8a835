import { setTimeout as sleep } from 'node:timers/promises';
import { credentialsOf, endpointHeaders, type ProbeContext } from '../context.js';
import { failure, type Failure } from '../failure.js';
import { BodyFailure, type DecodedBody } from '../http/body.js';
import { httpRequest, type HttpResponseHead } from '../http/request.js';
import {
  errorResponseOf,
  isResponse,
  parseJson,
  readAnswer,
  type JsonRpcAnswer,
  type JsonRpcId,
  type JsonRpcNotification,
  type JsonRpcRequest,
} from '../jsonrpc/messages.js';
import { sseEvents } from '../sse/sse-events.js';
import { httpFactsOf, type HttpFacts } from './http-facts.js';

export type RpcOutcome =
  | { ok: true; answer: JsonRpcAnswer; http: HttpFacts }
  | { ok: false; failure: Failure; http: HttpFacts | null };

const ACCEPT_BOTH = 'application/json, text/event-stream';
const SNIPPET_CHARS = 120;

/** Retry-After as milliseconds (delta-seconds or HTTP-date), or null when absent or unreadable. */
export function retryAfterMs(value: string | undefined, nowMs: number): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

/**
 * A body as the probe reads it: text with the user's secrets replaced, then parsed, then the
 * parsed strings redacted too (JSON may spell a secret with \u escapes the text search misses).
 */
export function readServerJson(context: Pick<ProbeContext, 'redact'>, raw: string): { text: string; parsed: ReturnType<typeof parseJson> } {
  const text = context.redact(raw);
  const parsed = parseJson(text);
  return { text, parsed: parsed.ok ? { ok: true, value: context.redact(parsed.value) } : parsed };
}

function snippet(text: string): string {
  return text.slice(0, SNIPPET_CHARS);
}

/**
 * POSTs one JSON-RPC message the Streamable HTTP way (all revisions from 2025-03-26):
 * `Accept: application/json, text/event-stream`; the answer is a JSON body or an SSE
 * stream on which our response arrives (other messages on it are skipped).
 * A 429 is retried once when Retry-After asks for a short wait.
 */
export async function postMessage(
  context: ProbeContext,
  url: string,
  message: JsonRpcRequest | JsonRpcNotification,
  extraHeaders: Record<string, string>,
): Promise<RpcOutcome> {
  let outcome = await postOnce(context, url, message, extraHeaders);
  if (!outcome.ok && outcome.http?.status === 429) {
    context.observed.rateLimited = true;
    const waitMs = retryAfterMs(outcome.http.retryAfter, Date.now()) ?? 0;
    if (waitMs <= context.limits.retryAfterMaxMs && Date.now() + waitMs < context.deadlineAtMs) {
      try {
        await sleep(waitMs, undefined, { signal: context.deadline });
      } catch {
        return outcome;
      }
      outcome = await postOnce(context, url, message, extraHeaders);
    }
  }
  return outcome;
}

async function postOnce(
  context: ProbeContext,
  url: string,
  message: JsonRpcRequest | JsonRpcNotification,
  extraHeaders: Record<string, string>,
): Promise<RpcOutcome> {
  const headers = endpointHeaders(context, ACCEPT_BOTH, extraHeaders, 'application/json');
  const sent = await httpRequest(
    context.dispatcher,
    { method: 'POST', url, headers, body: JSON.stringify(message), credentials: credentialsOf(context) },
    context.limits,
    context.deadline,
  );
  if (!sent.ok) return { ok: false, failure: sent.failure, http: null };
  const { head, body } = sent;
  const id = 'id' in message ? message.id : undefined;

  if (head.status < 200 || head.status > 299) return readErrorStatus(context, head, body);
  if (id === undefined) {
    // A notification: 202 Accepted (any 2xx will do). Its (empty) body is read rather than
    // dropped, which keeps the connection for the next request.
    await body.readAll();
    return { ok: true, answer: { kind: 'result', result: {} }, http: httpFactsOf(head, body.bytesRead) };
  }
  if (head.contentType === 'text/event-stream') return answerFromStream(context, head, body, id);
  return answerFromJsonBody(context, head, body, id);
}

export async function readErrorStatus(context: Pick<ProbeContext, 'redact'>, head: HttpResponseHead, body: DecodedBody): Promise<RpcOutcome> {
  const read = await body.readAll();
  const bytes = read.ok ? read.bytes : Buffer.alloc(0);
  const http = httpFactsOf(head, body.bytesRead);
  const parsed = bytes.length > 0 ? readServerJson(context, bytes.toString('utf8')).parsed : { ok: false as const };
  const rpcError = parsed.ok ? errorResponseOf(parsed.value) : null;
  if (rpcError) http.rpcError = rpcError;
  const detail = rpcError
    ? `HTTP ${head.status} with JSON-RPC error ${rpcError.code}: ${rpcError.message.slice(0, SNIPPET_CHARS)}`
    : `HTTP ${head.status}${head.contentType ? ` (${head.contentType})` : ''}`;
  return {
    ok: false,
    failure: failure('http_status', detail, { httpStatus: head.status, ...(rpcError ? { rpcCode: rpcError.code } : {}) }),
    http,
  };
}

async function answerFromJsonBody(context: ProbeContext, head: HttpResponseHead, body: DecodedBody, id: JsonRpcId): Promise<RpcOutcome> {
  const read = await body.readAll();
  if (!read.ok) return { ok: false, failure: read.failure, http: httpFactsOf(head, read.bytesRead) };
  const http = httpFactsOf(head, read.bytes.length);
  if (read.bytes.length === 0) {
    return { ok: false, failure: failure('empty_body', `HTTP ${head.status} with an empty body`, { httpStatus: head.status }), http };
  }
  const { text, parsed } = readServerJson(context, read.bytes.toString('utf8'));
  if (!parsed.ok) {
    const kind = head.contentType === '' ? 'no content type' : head.contentType;
    return {
      ok: false,
      failure: failure('not_json', `the body (${kind}) is not JSON: ${JSON.stringify(snippet(text))}`, { httpStatus: head.status }),
      http,
    };
  }
  // A batch array is legal in 2025-03-26 answers; take our response out of it.
  const value = Array.isArray(parsed.value) ? (parsed.value.find((m) => isResponse(m) && m['id'] === id) ?? parsed.value[0]) : parsed.value;
  const answer = readAnswer(value, id);
  if (!answer.ok) return { ok: false, failure: { ...answer.failure, httpStatus: head.status }, http };
  return { ok: true, answer: answer.answer, http };
}

async function answerFromStream(context: ProbeContext, head: HttpResponseHead, body: DecodedBody, id: JsonRpcId): Promise<RpcOutcome> {
  try {
    for await (const event of sseEvents(body.chunks(), context.limits.sseEventLimitBytes)) {
      if (event.event !== 'message' || event.data === '') continue; // priming events, pings, other event types
      const { text, parsed } = readServerJson(context, event.data);
      if (!parsed.ok) {
        return {
          ok: false,
          failure: failure('sse_malformed', `an SSE message event is not JSON: ${JSON.stringify(snippet(text))}`),
          http: httpFactsOf(head, body.bytesRead),
        };
      }
      if (!isResponse(parsed.value)) continue; // a notification or server request about our call
      const answer = readAnswer(parsed.value, id);
      const http = httpFactsOf(head, body.bytesRead);
      body.discard(); // we have our answer; a server that keeps the stream open is not waited for
      if (!answer.ok) return { ok: false, failure: answer.failure, http };
      return { ok: true, answer: answer.answer, http };
    }
    return {
      ok: false,
      failure: failure('stream_ended', 'the SSE stream ended without a response to our request'),
      http: httpFactsOf(head, body.bytesRead),
    };
  } catch (err) {
    if (err instanceof BodyFailure) return { ok: false, failure: err.failure, http: httpFactsOf(head, body.bytesRead) };
    throw err;
  }
}
