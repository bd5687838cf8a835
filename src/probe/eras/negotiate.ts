import type { ProbeContext } from '../context.js';
import { failure, rpcErrorFailure, type Failure } from '../failure.js';
import type { JsonRpcErrorObject } from '../jsonrpc/messages.js';
import { httpOf, type StepLog } from '../steps.js';
import type { HttpFacts } from '../transport/http-facts.js';
import type { RpcOutcome } from '../transport/streamable-post.js';
import { checkResult, DiscoverResultSchema, InitializeResultSchema } from '../validate/mcp-results.js';
import type { McpChannel } from './channel.js';
import { LegacySseChannel } from './legacy-sse-channel.js';
import { INITIALIZE_ERA_VERSIONS, MODERN_VERSION, type Era, type Transport } from './protocol-versions.js';
import { SessionChannel } from './session-channel.js';
import { SERVER_INFO_KEY, StatelessChannel } from './stateless-channel.js';

export interface ServerIdentity {
  name: string;
  version: string;
  title?: string;
}

/** What the handshake established. */
export interface HandshakeFacts {
  era: Era;
  transport: Transport;
  protocolVersion: string;
  server: ServerIdentity | null;
  /** The server's capabilities object as declared. */
  capabilities: Record<string, unknown>;
  instructionsLength: number;
  /** `server/discover`'s supportedVersions (stateless era only). */
  supportedVersions?: string[];
  sessionIssued: boolean;
  /** Why `notifications/initialized` was refused, when it was. */
  initializedFailure?: Failure;
}

export type NegotiationOutcome =
  | { kind: 'connected'; channel: McpChannel; facts: HandshakeFacts }
  /** The endpoint wants credentials (401/403); `http` is that answer. */
  | { kind: 'auth'; http: HttpFacts }
  | { kind: 'failed'; failure: Failure };

/** UnsupportedProtocolVersionError (2026-07-28 basic/index): the one error that proves a modern server. */
const UNSUPPORTED_PROTOCOL_VERSION = -32022;
/** Statuses after which the 2025 revisions' backward-compatibility rule tries the HTTP+SSE transport. */
const LEGACY_FALLBACK_STATUSES = new Set([400, 404, 405]);
/** Failures that say the endpoint cannot be reached or spoken to at all: no other era is worth a try. */
const TERMINAL_CODES = new Set<Failure['code']>([
  'dns',
  'connection_refused',
  'connection_reset',
  'connect_timeout',
  'tls_untrusted',
  'tls_expired',
  'tls_hostname',
  'tls_handshake',
  'network',
  'request_timeout',
  'deadline',
  'not_http',
  'body_too_large',
  'sse_event_too_large',
  'decompression',
  'redirect_loop',
  'too_many_redirects',
  'redirect_invalid',
]);

const isInitializeEra = (version: string) => (INITIALIZE_ERA_VERSIONS as readonly string[]).includes(version);

function supportedVersionsOf(error: JsonRpcErrorObject | undefined): string[] | null {
  if (!error || error.code !== UNSUPPORTED_PROTOCOL_VERSION) return null;
  const data = error.data as { supported?: unknown } | undefined;
  if (!Array.isArray(data?.supported) || !data.supported.every((v) => typeof v === 'string')) return null;
  return data.supported as string[];
}

function rpcErrorOf(outcome: RpcOutcome): JsonRpcErrorObject | undefined {
  if (outcome.ok) return outcome.answer.kind === 'error' ? outcome.answer.error : undefined;
  return outcome.http?.rpcError;
}

function isAuthChallenge(outcome: RpcOutcome): outcome is Extract<RpcOutcome, { ok: false }> & { http: HttpFacts } {
  return !outcome.ok && outcome.http !== null && (outcome.http.status === 401 || outcome.http.status === 403);
}

function failureOf(outcome: RpcOutcome, what: string): Failure {
  if (!outcome.ok) return outcome.failure;
  if (outcome.answer.kind === 'error') return rpcErrorFailure(what, outcome.answer.error);
  return failure('schema', `${what} gave an unusable result`);
}

/**
 * Finds the era the endpoint speaks, following the spec's backward-compatibility rules
 * (2026-07-28 basic/versioning + transports; 2025-* transports "Backwards Compatibility"):
 * 1. POST `server/discover`; a DiscoverResult, or UnsupportedProtocolVersionError (-32022),
 *    proves a modern server. 401/403 is an auth challenge, not era evidence; a transport
 *    failure ends the probe (a deployed HTTP server answers, so silence is an outage).
 * 2. Anything else: POST `initialize` (Streamable HTTP, 2025-03-26 … 2025-11-25).
 * 3. If that fails with 400/404/405 without a modern JSON-RPC error body: GET for the
 *    2024-11-05 HTTP+SSE stream and its `endpoint` event.
 */
export async function negotiate(
  context: ProbeContext,
  url: string,
  clientInfo: { name: string; version: string },
  steps: StepLog,
): Promise<NegotiationOutcome> {
  // 1. The modern request.
  const modern = new StatelessChannel(context, url, clientInfo);
  const discovered = await steps.rpc('server/discover', () => modern.request('server/discover'));
  if (isAuthChallenge(discovered)) return { kind: 'auth', http: discovered.http };
  if (!discovered.ok && TERMINAL_CODES.has(discovered.failure.code)) return { kind: 'failed', failure: discovered.failure };
  if (!discovered.ok && discovered.http?.status === 429) return { kind: 'failed', failure: discovered.failure };
  let modernFailure: Failure | null = null;
  if (discovered.ok && discovered.answer.kind === 'result') {
    const checked = checkResult(DiscoverResultSchema, discovered.answer.result, 'the server/discover result');
    const speaksModern = checked.ok && checked.value.supportedVersions.includes(MODERN_VERSION);
    if (checked.ok && !speaksModern && !checked.value.supportedVersions.some(isInitializeEra)) {
      return { kind: 'failed', failure: failure('protocol_mismatch', `server/discover lists only ${checked.value.supportedVersions.slice(0, 5).join(', ')}`) };
    }
    if (checked.ok && speaksModern) {
      const result = checked.value;
      const serverInfo = result._meta?.[SERVER_INFO_KEY];
      return {
        kind: 'connected',
        channel: modern,
        facts: {
          era: 'stateless',
          transport: 'streamable-http',
          protocolVersion: MODERN_VERSION,
          server: serverInfo ? identityOf(serverInfo) : null,
          capabilities: result.capabilities as Record<string, unknown>,
          instructionsLength: result.instructions?.length ?? 0,
          supportedVersions: result.supportedVersions,
          sessionIssued: false,
        },
      };
    }
    // A 2xx result that is not a DiscoverResult: keep the reason, in case no older era works either.
    // (A DiscoverResult listing only initialize-era revisions falls through to `initialize`.)
    if (!checked.ok) modernFailure = checked.failure;
  }
  const supported = supportedVersionsOf(rpcErrorOf(discovered));
  if (supported && !supported.some(isInitializeEra)) {
    return {
      kind: 'failed',
      failure: failure('protocol_mismatch', `the server supports only ${supported.slice(0, 5).join(', ')}; mcp-health speaks ${MODERN_VERSION} and the initialize-era revisions`),
    };
  }

  // 2. The initialize handshake over Streamable HTTP.
  const initializeParams = {
    protocolVersion: INITIALIZE_ERA_VERSIONS[0],
    capabilities: {},
    clientInfo,
  };
  const initialized = await steps.rpc('initialize', () =>
    new SessionChannel(context, url, INITIALIZE_ERA_VERSIONS[0], undefined, 1).request('initialize', initializeParams),
  );
  if (isAuthChallenge(initialized)) return { kind: 'auth', http: initialized.http };
  if (initialized.ok) {
    if (initialized.answer.kind === 'error') return { kind: 'failed', failure: failureOf(initialized, 'initialize') };
    const done = await completeInitialize(initialized.answer.result, initialized.http.sessionId, steps, (version, sessionId) =>
      new SessionChannel(context, url, version, sessionId, 2),
    );
    return done;
  }
  const initializeFailure = initialized.failure;
  const status = initialized.http?.status;
  const legacyWorthTrying =
    status !== undefined && LEGACY_FALLBACK_STATUSES.has(status) && supportedVersionsOf(initialized.http?.rpcError) === null;
  if (!legacyWorthTrying) return { kind: 'failed', failure: modernFailure ?? initializeFailure };

  // 3. The deprecated HTTP+SSE transport.
  const openedAt = steps.now();
  const opened = await LegacySseChannel.open(context, url);
  steps.add(
    {
      name: 'sse:open',
      outcome: opened.ok ? 'ok' : opened.failure.code,
      ...(opened.http ? { http: httpOf(opened.http) } : {}),
      ...(opened.ok ? {} : { detail: opened.failure.detail }),
    },
    openedAt,
  );
  if (!opened.ok) {
    if (opened.http && (opened.http.status === 401 || opened.http.status === 403)) return { kind: 'auth', http: opened.http };
    // A GET that opened an event stream makes the legacy failure the one worth reporting.
    const spokeSse = opened.http?.contentType === 'text/event-stream';
    return { kind: 'failed', failure: spokeSse ? opened.failure : (modernFailure ?? initializeFailure) };
  }
  const channel = opened.channel;
  const legacyInit = await steps.rpc('initialize', () => channel.request('initialize', initializeParams));
  if (!legacyInit.ok || legacyInit.answer.kind === 'error') {
    await channel.close();
    return { kind: 'failed', failure: failureOf(legacyInit, 'initialize') };
  }
  const done = await completeInitialize(legacyInit.answer.result, undefined, steps, (version) => {
    channel.protocolVersion = version;
    return channel;
  });
  if (done.kind === 'connected') done.facts = { ...done.facts, era: 'legacy-sse', transport: 'http+sse', sessionIssued: true };
  else await channel.close();
  return done;
}

type Completed = { kind: 'connected'; channel: McpChannel & { notify(method: string): Promise<RpcOutcome> }; facts: HandshakeFacts } | { kind: 'failed'; failure: Failure };

/** Checks an InitializeResult, agrees the revision and sends `notifications/initialized`. */
async function completeInitialize(
  result: Record<string, unknown>,
  sessionId: string | undefined,
  steps: StepLog,
  channelFor: (version: string, sessionId: string | undefined) => McpChannel & { notify(method: string): Promise<RpcOutcome> },
): Promise<Completed> {
  const checked = checkResult(InitializeResultSchema, result, 'the initialize result');
  if (!checked.ok) return { kind: 'failed', failure: checked.failure };
  const version = checked.value.protocolVersion;
  if (!isInitializeEra(version)) {
    return { kind: 'failed', failure: failure('protocol_mismatch', `the server chose protocol version "${version.slice(0, 40)}", which mcp-health does not speak`) };
  }
  const channel = channelFor(version, sessionId);
  const acknowledged = await steps.rpc('notifications/initialized', () => channel.notify('notifications/initialized'));
  return {
    kind: 'connected',
    channel,
    facts: {
      era: 'initialize',
      transport: 'streamable-http',
      protocolVersion: version,
      server: identityOf(checked.value.serverInfo),
      capabilities: checked.value.capabilities as Record<string, unknown>,
      instructionsLength: checked.value.instructions?.length ?? 0,
      sessionIssued: sessionId !== undefined,
      ...(acknowledged.ok ? {} : { initializedFailure: acknowledged.failure }),
    },
  };
}

function identityOf(info: { name: string; version: string; title?: string | undefined }): ServerIdentity {
  return { name: info.name, version: info.version, ...(info.title === undefined ? {} : { title: info.title }) };
}
