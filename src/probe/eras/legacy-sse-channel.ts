import { credentialsOf, endpointHeaders, type ProbeContext } from '../context.js';
import { failure, type Failure } from '../failure.js';
import { BodyFailure, type DecodedBody } from '../http/body.js';
import { httpRequest } from '../http/request.js';
import { isResponse, readAnswer, type JsonRpcId } from '../jsonrpc/messages.js';
import { sseEvents, type SseEvent } from '../sse/sse-events.js';
import { httpFactsOf, type HttpFacts } from '../transport/http-facts.js';
import { readErrorStatus, readServerJson, type RpcOutcome } from '../transport/streamable-post.js';
import type { CloseOutcome, McpChannel } from './channel.js';

type Waiter = (outcome: RpcOutcome) => void;

const LEGACY_STREAM_BODY_FACTOR = 16;

export type LegacyOpenOutcome =
  | { ok: true; channel: LegacySseChannel; http: HttpFacts }
  | { ok: false; failure: Failure; http: HttpFacts | null };

/**
 * The deprecated HTTP+SSE transport (2024-11-05): a GET opens an event stream whose
 * first event, `endpoint`, names the URL to POST messages to; answers arrive on the
 * stream as `message` events. The stream lives until the probe closes it, bounded by
 * the probe deadline; each request waits at most the per-request timeout.
 */
export class LegacySseChannel implements McpChannel {
  readonly era = 'legacy-sse' as const;
  readonly transport = 'http+sse' as const;
  /** The message endpoint answered 404: the server forgot the session its stream opened. */
  sessionRejected = false;
  protocolVersion = '2024-11-05';
  private nextId = 1;
  private readonly waiters = new Map<JsonRpcId, Waiter>();
  private ended: Failure | null = null;

  private constructor(
    private readonly context: ProbeContext,
    readonly streamUrl: string,
    readonly endpointUrl: string,
    private readonly stream: DecodedBody,
    private readonly events: AsyncGenerator<SseEvent>,
  ) {}

  /** GET the stream and wait (per-request timeout) for its `endpoint` event. */
  static async open(context: ProbeContext, url: string): Promise<LegacyOpenOutcome> {
    const sent = await httpRequest(
      context.dispatcher,
      {
        method: 'GET',
        url,
        headers: endpointHeaders(context, 'text/event-stream'),
        credentials: credentialsOf(context),
      },
      // The stream carries the whole session: no total-time limit but the deadline (undici's idle body
      // timeout, the request timeout, still ends a stream silent that long), and a larger total cap;
      // memory stays bounded by the per-event cap, events being consumed as they come.
      { ...context.limits, requestTimeoutMs: null, bodyLimitBytes: context.limits.bodyLimitBytes * LEGACY_STREAM_BODY_FACTOR },
      context.deadline,
    );
    if (!sent.ok) return { ok: false, failure: sent.failure, http: null };
    const { head, body } = sent;
    if (head.status < 200 || head.status > 299) {
      const outcome = await readErrorStatus(context, head, body);
      return { ok: false, failure: outcome.ok ? failure('http_status', `HTTP ${head.status}`) : outcome.failure, http: outcome.http };
    }
    if (head.contentType !== 'text/event-stream') {
      body.discard();
      return {
        ok: false,
        failure: failure('protocol_mismatch', `GET answered ${head.contentType || 'no content type'}, not an event stream`, { httpStatus: head.status }),
        http: httpFactsOf(head, 0),
      };
    }
    const events = sseEvents(body.chunks(), context.limits.sseEventLimitBytes);
    const first = await withTimeout(events.next(), context.limits.requestTimeoutMs ?? 0, context.deadline);
    const http = httpFactsOf(head, body.bytesRead);
    if (first === 'timeout') {
      body.discard();
      const code = context.deadline.aborted ? 'deadline' : 'request_timeout';
      return { ok: false, failure: failure(code, 'no `endpoint` event on the stream in time'), http };
    }
    if (first instanceof BodyFailure) return { ok: false, failure: first.failure, http };
    if (first.done || first.value.event !== 'endpoint') {
      body.discard();
      const seen = first.done ? 'the stream ended' : `the first event was "${context.redact(first.value.event).slice(0, 40)}"`;
      return { ok: false, failure: failure('protocol_mismatch', `expected an \`endpoint\` event first; ${seen}`), http };
    }
    let endpoint: URL;
    try {
      endpoint = new URL(first.value.data.trim(), head.url);
    } catch {
      body.discard();
      return { ok: false, failure: failure('protocol_mismatch', 'the `endpoint` event does not hold a URI'), http };
    }
    // Messages go only to the endpoint's own origin (the one the user named, not one a redirect reached):
    // the SDK client refuses other origins too, and the user's credentials are for that origin alone.
    if (endpoint.origin !== context.credentialOrigin) {
      body.discard();
      return { ok: false, failure: failure('protocol_mismatch', `the \`endpoint\` event points to another origin (${endpoint.origin})`), http };
    }
    const channel = new LegacySseChannel(context, head.url, endpoint.href, body, events);
    void channel.pump();
    return { ok: true, channel, http };
  }

  /** Hands every response on the stream to whoever waits for its id. */
  private async pump(): Promise<void> {
    try {
      for (;;) {
        const next = await this.events.next();
        if (next.done) break;
        const event = next.value;
        if (event.event !== 'message' || event.data === '') continue;
        const { parsed } = readServerJson(this.context, event.data);
        if (!parsed.ok || !isResponse(parsed.value)) continue;
        const id = parsed.value['id'];
        if (typeof id !== 'string' && typeof id !== 'number') continue;
        const waiter = this.waiters.get(id);
        if (!waiter) continue;
        this.waiters.delete(id);
        const answer = readAnswer(parsed.value, id);
        const http: HttpFacts = { status: 200, contentType: 'text/event-stream', bytes: event.data.length, url: this.streamUrl, redirects: [] };
        waiter(answer.ok ? { ok: true, answer: answer.answer, http } : { ok: false, failure: answer.failure, http });
      }
      this.end(failure('stream_ended', 'the event stream ended'));
    } catch (err) {
      this.end(err instanceof BodyFailure ? err.failure : failure('network', String(err)));
    }
  }

  private end(reason: Failure): void {
    this.ended = reason;
    for (const waiter of this.waiters.values()) waiter({ ok: false, failure: reason, http: null });
    this.waiters.clear();
  }

  async request(method: string, params?: Record<string, unknown>): Promise<RpcOutcome> {
    const id = this.nextId++;
    return this.send({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) }, id);
  }

  notify(method: string, params?: Record<string, unknown>): Promise<RpcOutcome> {
    return this.send({ jsonrpc: '2.0', method, ...(params === undefined ? {} : { params }) }, undefined);
  }

  private async send(message: object, id: JsonRpcId | undefined): Promise<RpcOutcome> {
    if (this.ended) return { ok: false, failure: this.ended, http: null };
    // Register before posting: the answer can arrive on the stream before the POST's own response.
    const answered = id === undefined ? null : new Promise<RpcOutcome>((resolve) => this.waiters.set(id, resolve));
    const sent = await httpRequest(
      this.context.dispatcher,
      {
        method: 'POST',
        url: this.endpointUrl,
        headers: endpointHeaders(this.context, '*/*', { 'content-type': 'application/json' }),
        body: JSON.stringify(message),
        credentials: credentialsOf(this.context),
      },
      this.context.limits,
      this.context.deadline,
    );
    if (!sent.ok) {
      if (id !== undefined) this.waiters.delete(id);
      return { ok: false, failure: sent.failure, http: null };
    }
    if (sent.head.status < 200 || sent.head.status > 299) {
      if (id !== undefined) this.waiters.delete(id);
      if (sent.head.status === 404) this.sessionRejected = true;
      return readErrorStatus(this.context, sent.head, sent.body);
    }
    await sent.body.readAll(); // "Accepted": read, so the connection serves the next POST
    if (answered === null || id === undefined) {
      return { ok: true, answer: { kind: 'result', result: {} }, http: httpFactsOf(sent.head, 0) };
    }
    const outcome = await withTimeout(answered, this.context.limits.requestTimeoutMs ?? 0, this.context.deadline);
    if (outcome === 'timeout') {
      this.waiters.delete(id);
      const code = this.context.deadline.aborted ? 'deadline' : 'request_timeout';
      return { ok: false, failure: failure(code, 'no answer on the event stream in time'), http: httpFactsOf(sent.head, 0) };
    }
    return outcome instanceof BodyFailure ? { ok: false, failure: outcome.failure, http: null } : outcome;
  }

  async close(): Promise<CloseOutcome> {
    this.stream.discard();
    return { kind: 'none' };
  }
}

/** Resolves with the promise's value, a `BodyFailure` it threw, or 'timeout'. */
async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, deadline: AbortSignal): Promise<T | BodyFailure | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const expired = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
    onAbort = () => resolve('timeout');
    if (deadline.aborted) resolve('timeout');
    else deadline.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([
      promise.catch((err: unknown) => {
        if (err instanceof BodyFailure) return err;
        throw err;
      }),
      expired,
    ]);
  } finally {
    clearTimeout(timer);
    if (onAbort) deadline.removeEventListener('abort', onAbort);
  }
}
