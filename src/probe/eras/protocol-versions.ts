/** Protocol revisions, oldest first. Dates compare correctly as strings. */
export const MODERN_VERSION = '2026-07-28';
/** The initialize-era revisions we can speak, newest first; the first is what we offer in `initialize`. */
export const INITIALIZE_ERA_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'] as const;

/** Which way of talking the endpoint turned out to speak. */
export type Era =
  /** 2026-07-28 and later: stateless, `server/discover`, per-request `_meta`. */
  | 'stateless'
  /** 2025-03-26 … 2025-11-25 (or 2024-11-05 answered over Streamable HTTP): `initialize`, sessions. */
  | 'initialize'
  /** The deprecated HTTP+SSE transport of 2024-11-05. */
  | 'legacy-sse';

export type Transport = 'streamable-http' | 'http+sse';

/** True when `version` is older than `minimum` (both YYYY-MM-DD revisions). */
export function isOlderThan(version: string, minimum: string): boolean {
  return version < minimum;
}

export function isProtocolVersion(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value);
}
