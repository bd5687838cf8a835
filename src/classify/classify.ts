import { isOlderThan } from '../probe/eras/protocol-versions.js';
import type { Failure, FailureCode } from '../probe/failure.js';
import type { ProbeResult } from '../probe/probe-result.js';
import { severity, statusOf, worse, type Reason, type ReasonCode, type Status, type Verdict } from './reasons.js';

export interface Thresholds {
  /** A step slower than this is `slow`. */
  slowMs: number;
  /** Revisions older than this are `stale_protocol`. */
  minProtocolVersion: string;
  /** A certificate expiring within this many days is `tls_expiring_soon`. */
  certificateWarningDays: number;
}

/** Why the handshake failed → the dead reason that names it. */
const HANDSHAKE_FAILURE: Record<FailureCode, ReasonCode> = {
  dns: 'dns_failure',
  connection_refused: 'connection_refused',
  connection_reset: 'connection_reset',
  connect_timeout: 'connect_timeout',
  tls_untrusted: 'tls_untrusted',
  tls_expired: 'tls_expired',
  tls_hostname: 'tls_hostname',
  tls_handshake: 'tls_error',
  network: 'network_error',
  request_timeout: 'timeout',
  deadline: 'timeout',
  not_http: 'not_http',
  body_too_large: 'body_too_large',
  sse_event_too_large: 'body_too_large',
  decompression: 'bad_encoding',
  redirect_loop: 'redirect_loop',
  too_many_redirects: 'too_many_redirects',
  redirect_invalid: 'redirect_invalid',
  http_status: 'http_error',
  empty_body: 'empty_body',
  not_json: 'not_json',
  sse_malformed: 'not_json',
  stream_ended: 'no_response',
  not_jsonrpc: 'not_jsonrpc',
  rpc_error: 'handshake_error',
  schema: 'handshake_invalid',
  protocol_mismatch: 'protocol_mismatch',
  internal: 'probe_error',
};

/** An answer that came but cannot be read. (A stream that ended without one is a lost request instead.) */
const PARSE_FAILURES = new Set<FailureCode>(['not_json', 'not_jsonrpc', 'sse_malformed', 'empty_body']);

/**
 * A request after the handshake failed: which degraded reason that is. A list (of a declared
 * capability) answered with a JSON-RPC error or an off-schema result is `schema_error`;
 * other requests that fail for any reason but an unreadable answer are `request_failed`.
 */
function laterFailureReason(failed: Failure, result: ProbeResult, request: 'list' | 'other'): ReasonCode {
  if (PARSE_FAILURES.has(failed.code)) return 'parse_error';
  if (request === 'list' && (failed.code === 'schema' || failed.code === 'rpc_error')) return 'schema_error';
  if (failed.httpStatus === 429) return 'rate_limited';
  if (failed.httpStatus === 404 && result.handshake?.sessionIssued) return 'session_rejected';
  return 'request_failed';
}

const DAY_MS = 86_400_000;
const CUT_BY_LIMIT = new Set<string>(['request_timeout', 'deadline', 'connect_timeout']);

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The classification contract (docs/classification.md): a pure function of what the
 * probe saw and the thresholds. Precedence dead > degraded > healthy; every reason
 * that applies is reported, worst first.
 */
export function classify(result: ProbeResult, thresholds: Thresholds): Verdict {
  const reasons: Reason[] = [];
  const add = (code: ReasonCode, detail: string) => {
    // One reason per code: the first finding names it.
    if (!reasons.some((r) => r.code === code)) reasons.push({ code, detail });
  };

  if (result.failure) {
    // 429 even after a retry: alive, but not letting us in.
    add(result.failure.httpStatus === 429 ? 'rate_limited' : HANDSHAKE_FAILURE[result.failure.code], result.failure.detail);
  } else if (result.rateLimited) {
    add('rate_limited', 'the server answered 429 Too Many Requests');
  }

  if (result.auth) {
    const auth = result.auth;
    const problems = auth.problems.map((p) => p.detail).join('; ');
    if (auth.credentialsSent) add('auth_rejected', `HTTP ${auth.status} although credentials were sent (${result.headerNames.join(', ')})`);
    // Missing: nothing points anywhere and nothing is at the well-known URIs. A pointer to a broken document is invalid metadata.
    const pointed = auth.challenge?.resourceMetadata !== undefined;
    if (auth.resourceMetadata === null && !pointed) add('auth_discovery_missing', problems || 'no protected-resource metadata');
    else if (auth.problems.length > 0) add('auth_metadata_invalid', problems);
    else if (!auth.credentialsSent) add('auth_required', `HTTP ${auth.status}; OAuth discovery via ${auth.authorizationServer?.issuer ?? 'its authorization server'} is valid`);
  }

  const handshake = result.handshake;
  if (handshake) {
    if (isOlderThan(handshake.protocolVersion, thresholds.minProtocolVersion)) {
      add('stale_protocol', `negotiated ${handshake.protocolVersion}, older than ${thresholds.minProtocolVersion}`);
    }
    if (handshake.era === 'legacy-sse') add('legacy_transport', 'only the deprecated HTTP+SSE transport (2024-11-05) answered');
    if (handshake.initializedFailure) {
      add(laterFailureReason(handshake.initializedFailure, result, 'other'), `notifications/initialized: ${handshake.initializedFailure.detail}`);
    }
  }
  if (result.sessionRejected) add('session_rejected', 'a request carrying the issued Mcp-Session-Id got 404');

  const catalogue = result.catalogue;
  if (catalogue) {
    if (catalogue.failure) add(laterFailureReason(catalogue.failure, result, 'list'), `tools/list: ${catalogue.failure.detail}`);
    for (const [method, listed] of [['resources/list', catalogue.resources], ['prompts/list', catalogue.prompts]] as const) {
      if (listed?.failure) add(laterFailureReason(listed.failure, result, 'list'), `${method}: ${listed.failure.detail}`);
    }
    if (catalogue.problems.length > 0) {
      const shown = catalogue.problems.slice(0, 3).map((p) => `${p.tool}: ${p.detail}`).join('; ');
      const more = catalogue.problems.length > 3 ? ` (+${catalogue.problems.length - 3} more)` : '';
      add('invalid_tools', `${plural(catalogue.problems.length, 'problem')}: ${shown}${more}`);
    }
    if (catalogue.toolsDeclared && catalogue.toolCount === 0 && !catalogue.failure) {
      add('empty_catalog', 'the tools capability is declared but tools/list is empty');
    }
    if (catalogue.truncated) add('catalog_truncated', `stopped after ${plural(catalogue.pages, 'page')} and ${plural(catalogue.tools.length, 'tool')}`);
  }

  const liveness = result.liveness;
  if (liveness) {
    if (liveness.pingUnsupported) add('ping_unsupported', `ping answered -32601 under ${handshake?.protocolVersion ?? 'a revision'} that requires it`);
    const failed = liveness.failures.length;
    if (failed > 0 && failed < liveness.attempts) {
      add('flaky', `${failed} of ${liveness.attempts} ${liveness.method} samples failed: ${liveness.failures[0]!.detail}`);
    } else if (failed > 0) {
      add(laterFailureReason(liveness.failures[0]!, result, 'other'), `all ${liveness.attempts} ${liveness.method} samples failed: ${liveness.failures[0]!.detail}`);
    }
  }

  for (const call of result.toolCalls) {
    if (call.outcome === 'tool_error') add('tool_error', `${call.tool}: ${call.detail ?? 'isError: true'}`);
    if (call.outcome === 'output_schema_mismatch') add('output_schema_mismatch', `${call.tool}: ${call.detail ?? ''}`);
    if (call.outcome === 'failed') add('tool_call_failed', `${call.tool}: ${call.detail ?? ''}`);
  }

  const validTo = result.tls?.certificate?.validTo;
  if (validTo) {
    const daysLeft = (Date.parse(validTo) - Date.parse(result.startedAt)) / DAY_MS;
    if (daysLeft < thresholds.certificateWarningDays) {
      const when = daysLeft < 0 ? `expired ${Math.ceil(-daysLeft)} days ago (verification was off)` : `expires in ${Math.floor(daysLeft)} days`;
      add('tls_expiring_soon', `the certificate ${when}, on ${validTo.slice(0, 10)}`);
    }
  }

  const slowest = result.steps
    // A step cut by a time limit is reported as that timeout, not as slow.
    // A configured call (CI mode) has its own latency budget, judged as its own check (docs/ci.md).
    .filter((step) => !CUT_BY_LIMIT.has(step.outcome) && step.name !== 'session:delete' && !step.configured && step.durationMs > thresholds.slowMs)
    .sort((a, b) => b.durationMs - a.durationMs)[0];
  if (slowest) add('slow', `${slowest.name} took ${slowest.durationMs} ms (threshold ${thresholds.slowMs} ms)`);

  const status = reasons.reduce<Status>((worst, reason) => worse(worst, statusOf(reason.code)), 'healthy');
  // Worst first; the sort is stable, so equal severities keep the order they were found in.
  reasons.sort((a, b) => severity(statusOf(b.code)) - severity(statusOf(a.code)));
  return { status, reasons };
}
