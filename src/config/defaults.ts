/**
 * The one table of defaults. README.md ("Defaults") repeats these numbers;
 * test/defaults-doc.test.ts keeps the two in step.
 */
export const DEFAULTS = {
  /** TCP (+TLS) connection establishment, per connection. */
  connectTimeoutMs: 5_000,
  /** One HTTP request, from sending it to the last byte of its answer (a drip or an endless stream is cut here). */
  requestTimeoutMs: 10_000,
  /** The whole probe of one endpoint: every step, retries and auth discovery included. */
  deadlineMs: 30_000,
  /** Decompressed bytes of one response body; counted while streaming (a 200 MB body or a gzip bomb stops here). */
  bodyLimitBytes: 4 * 1024 * 1024,
  /** Bytes of one server-sent event (data lines included). */
  sseEventLimitBytes: 4 * 1024 * 1024,
  /** Redirects followed per request. */
  maxRedirects: 5,
  /** A step slower than this makes the endpoint degraded (`slow`). */
  slowMs: 2_000,
  /** Revisions older than this make the endpoint degraded (`stale_protocol`). */
  minProtocolVersion: '2025-03-26',
  /** `tools/list` pages followed (nextCursor) before the catalogue is called truncated. */
  maxCataloguePages: 100,
  /** Tools kept from one catalogue. */
  maxTools: 5_000,
  /** Decoded bytes of one catalogue's pages together: bounds the memory a catalogue can take. */
  maxCatalogueBytes: 8 * 1024 * 1024,
  /** Liveness samples after the catalogue (`ping`, or a repeated cheap request in the stateless era). */
  livenessSamples: 3,
  /** Read-only tools called with `--call-tools readonly`. */
  maxToolCalls: 3,
  /** A 429 is retried once when its Retry-After asks for at most this long. */
  retryAfterMaxMs: 2_000,
  /** A TLS certificate expiring within this many days is reported (`tls_expiring_soon`, informational). */
  certificateWarningDays: 14,
} as const;

export type CallToolsMode = 'none' | 'readonly';
export type FailOn = 'degraded' | 'dead';
