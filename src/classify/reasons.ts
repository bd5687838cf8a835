/**
 * The closed set of reason codes, each with the status it implies.
 * docs/classification.md documents every one; test/classify.test.ts has a test per row.
 * Codes are stable: reports, the database and CI configurations key on them.
 */
export const REASONS = {
  // dead: no usable MCP session
  dns_failure: { status: 'dead', summary: 'the host name does not resolve' },
  connection_refused: { status: 'dead', summary: 'the connection was refused' },
  connection_reset: { status: 'dead', summary: 'the connection was reset or closed mid-exchange' },
  connect_timeout: { status: 'dead', summary: 'no connection within the connect timeout' },
  network_error: { status: 'dead', summary: 'another network-level failure' },
  tls_untrusted: { status: 'dead', summary: 'the TLS certificate is not trusted (self-signed or unknown issuer)' },
  tls_expired: { status: 'dead', summary: 'the TLS certificate is expired or not yet valid' },
  tls_hostname: { status: 'dead', summary: 'the TLS certificate does not name this host' },
  tls_error: { status: 'dead', summary: 'the TLS handshake failed' },
  timeout: { status: 'dead', summary: 'no complete answer to the handshake in time' },
  not_http: { status: 'dead', summary: 'the server does not speak HTTP' },
  bad_encoding: { status: 'dead', summary: 'the body could not be decompressed' },
  body_too_large: { status: 'dead', summary: 'the handshake answer exceeded the size cap' },
  redirect_loop: { status: 'dead', summary: 'redirects loop' },
  too_many_redirects: { status: 'dead', summary: 'more redirects than allowed' },
  redirect_invalid: { status: 'dead', summary: 'a redirect to an unusable location' },
  http_error: { status: 'dead', summary: 'the handshake got an HTTP error status' },
  empty_body: { status: 'dead', summary: 'the handshake got an empty body' },
  not_json: { status: 'dead', summary: 'the handshake got something that is not JSON (HTML, plain text ...)' },
  not_jsonrpc: { status: 'dead', summary: 'the handshake got JSON that is not a JSON-RPC response' },
  no_response: { status: 'dead', summary: 'the handshake stream ended without an answer' },
  handshake_error: { status: 'dead', summary: 'the handshake was answered with a JSON-RPC error' },
  handshake_invalid: { status: 'dead', summary: 'the handshake result does not match the schema' },
  protocol_mismatch: { status: 'dead', summary: 'no protocol revision in common' },
  probe_error: { status: 'dead', summary: 'mcp-health itself failed (a bug; please report it)' },

  // degraded: alive, but something a client will trip over
  slow: { status: 'degraded', summary: 'a step took longer than the slow threshold' },
  parse_error: { status: 'degraded', summary: 'a list answer did not parse as JSON-RPC (or a malformed SSE event)' },
  schema_error: { status: 'degraded', summary: 'a list answer does not match the schema, or was a JSON-RPC error' },
  request_failed: { status: 'degraded', summary: 'a request after the handshake failed (timeout, reset, HTTP error)' },
  invalid_tools: { status: 'degraded', summary: 'tool definitions break the spec rules' },
  empty_catalog: { status: 'degraded', summary: 'the tools capability is declared but there are no tools' },
  stale_protocol: { status: 'degraded', summary: 'the negotiated revision is older than the minimum' },
  legacy_transport: { status: 'degraded', summary: 'only the deprecated HTTP+SSE transport works' },
  flaky: { status: 'degraded', summary: 'some liveness samples failed' },
  session_rejected: { status: 'degraded', summary: 'a session the server issued was refused on a later request' },
  ping_unsupported: { status: 'degraded', summary: 'ping answered Method not found in a revision that requires it' },
  rate_limited: { status: 'degraded', summary: 'the server answered 429 Too Many Requests' },
  tool_error: { status: 'degraded', summary: 'a sampled read-only tool returned isError: true' },
  output_schema_mismatch: { status: 'degraded', summary: 'a sampled tool returned structuredContent that violates its outputSchema' },
  tool_call_failed: { status: 'degraded', summary: 'a sampled read-only tool call failed outright' },
  auth_discovery_missing: { status: 'degraded', summary: '401/403 without a WWW-Authenticate pointer or well-known metadata' },
  auth_metadata_invalid: { status: 'degraded', summary: 'OAuth discovery metadata is present but broken' },
  auth_rejected: { status: 'degraded', summary: 'the credentials given were refused' },

  // informational: do not change the status
  auth_required: { status: 'healthy', summary: 'alive and correctly protected: valid OAuth discovery' },
  catalog_truncated: { status: 'healthy', summary: 'the catalogue was cut at the page or tool cap' },
  tls_expiring_soon: { status: 'healthy', summary: 'the TLS certificate expires within the warning window' },
} as const satisfies Record<string, { status: Status; summary: string }>;

export type Status = 'healthy' | 'degraded' | 'dead';
export type ReasonCode = keyof typeof REASONS;

export interface Reason {
  code: ReasonCode;
  /** Specific to this endpoint; may quote server text (render sanitised). */
  detail: string;
}

export interface Verdict {
  status: Status;
  reasons: Reason[];
}

export const REASON_CODES = Object.keys(REASONS) as ReasonCode[];

const SEVERITY: Record<Status, number> = { healthy: 0, degraded: 1, dead: 2 };

export function statusOf(code: ReasonCode): Status {
  return REASONS[code].status;
}

export function worse(a: Status, b: Status): Status {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}

export function severity(status: Status): number {
  return SEVERITY[status];
}
