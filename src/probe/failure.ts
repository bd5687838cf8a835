/**
 * Every way a single exchange with an endpoint can fail, as a closed set of codes.
 *
 * Codes are derived from structured facts only: `err.code` / `err.cause.code`
 * (undici and Node's net/tls/dns layers), HTTP status, JSON-RPC error code.
 * Message text is kept as `detail` for people, never branched on.
 */
export type FailureCode =
  // name resolution and connection
  | 'dns'
  | 'connection_refused'
  | 'connection_reset'
  | 'connect_timeout'
  | 'tls_untrusted'
  | 'tls_expired'
  | 'tls_hostname'
  | 'tls_handshake'
  | 'network'
  // time limits
  | 'request_timeout'
  | 'deadline'
  // HTTP framing and size
  | 'not_http'
  | 'body_too_large'
  | 'decompression'
  | 'redirect_loop'
  | 'too_many_redirects'
  | 'redirect_invalid'
  // HTTP semantics
  | 'http_status'
  | 'empty_body'
  | 'not_json'
  // SSE framing
  | 'sse_event_too_large'
  | 'sse_malformed'
  | 'stream_ended'
  // JSON-RPC / MCP
  | 'not_jsonrpc'
  | 'rpc_error'
  | 'schema'
  | 'protocol_mismatch'
  // a bug in mcp-health itself (kept as a result so a scan goes on)
  | 'internal';

export interface Failure {
  code: FailureCode;
  /** Human-readable detail; may quote server text, so render it sanitised. */
  detail: string;
  /** The underlying error code when there was one (ECONNREFUSED, UND_ERR_HEADERS_TIMEOUT, HPE_INVALID_CONSTANT ...). */
  errorCode?: string;
  httpStatus?: number;
  rpcCode?: number;
}

export function failure(code: FailureCode, detail: string, extra: Omit<Failure, 'code' | 'detail'> = {}): Failure {
  return { code, detail, ...extra };
}

/** A JSON-RPC error answer to `method`, as a failure. */
export function rpcErrorFailure(method: string, error: { code: number; message: string }): Failure {
  return failure('rpc_error', `${method} answered JSON-RPC error ${error.code}: ${error.message.slice(0, 200)}`, { rpcCode: error.code });
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_NODATA', 'EAI_FAIL', 'ENODATA', 'ESERVFAIL', 'ENONAME']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH']);
const TLS_UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
]);
const TLS_EXPIRED = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

/** Walks `err`, `err.cause`, `err.cause.cause` ... and returns the first string `code` found. */
export function errorCodeOf(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function errorNameOf(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const name = (current as { name?: unknown }).name;
    if (name === 'HTTPParserError') return name;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * Maps a thrown network error to a failure. `timedOut` tells whether our own
 * per-request timer or the probe deadline fired (abort reasons are ours, so we know).
 */
export function failureFromError(err: unknown, timedOut: 'request' | 'deadline' | null): Failure {
  if (timedOut === 'deadline') return failure('deadline', 'the whole-probe deadline was reached');
  if (timedOut === 'request') return failure('request_timeout', 'no complete answer within the per-request timeout');
  const code = errorCodeOf(err);
  const detail = messageOf(err);
  const extra = code ? { errorCode: code } : {};
  // undici's HTTPParserError carries no code when llhttp rejects the status line itself
  // (an SSH banner, say); its class is the structured fact then.
  if (code === undefined && errorNameOf(err) === 'HTTPParserError') return failure('not_http', detail, { errorCode: 'HPE_INVALID_CONSTANT' });
  if (code === undefined) return failure('network', detail);
  if (DNS_CODES.has(code)) return failure('dns', detail, extra);
  if (code === 'ECONNREFUSED') return failure('connection_refused', detail, extra);
  if (RESET_CODES.has(code)) return failure('connection_reset', detail, extra);
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') return failure('connect_timeout', detail, extra);
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return failure('request_timeout', detail, extra);
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE' || code === 'UND_ERR_HEADERS_OVERFLOW') return failure('body_too_large', detail, extra);
  if (code.startsWith('HPE_')) return failure('not_http', detail, extra);
  if (TLS_UNTRUSTED.has(code)) return failure('tls_untrusted', detail, extra);
  if (TLS_EXPIRED.has(code)) return failure('tls_expired', detail, extra);
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') return failure('tls_hostname', detail, extra);
  if (code === 'EPROTO' || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) return failure('tls_handshake', detail, extra);
  // zlib reports Z_DATA_ERROR & co.; Node's brotli decoder reports ERR__ERROR_* / ERR_BROTLI_*.
  if (code.startsWith('Z_') || code.startsWith('ERR_BROTLI') || code.startsWith('ERR__ERROR')) {
    return failure('decompression', detail, extra);
  }
  return failure('network', detail, extra);
}
