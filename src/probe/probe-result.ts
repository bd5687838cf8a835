import type { AuthFacts } from './auth/discover-auth.js';
import type { ToolDefinition, ToolProblem } from './catalogue/tool-rules.js';
import type { CloseOutcome } from './eras/channel.js';
import type { HandshakeFacts } from './eras/negotiate.js';
import type { Failure } from './failure.js';
import type { TlsFacts } from './http/tls-facts.js';
import type { LivenessFacts } from './liveness.js';
import type { Step } from './steps.js';
import type { ToolCallFacts } from './tool-sampling.js';

export interface ListCount {
  count: number;
  truncated: boolean;
  failure: Failure | null;
}

export interface CatalogueFacts {
  /** The server declared the tools capability. */
  toolsDeclared: boolean;
  tools: ToolDefinition[];
  /** Tools seen (may exceed `tools.length` when truncated). */
  toolCount: number;
  pages: number;
  truncated: boolean;
  /** Stable hash of the tool contracts (see catalogue-hash.ts); null when listing failed. */
  hash: string | null;
  /** Why listing tools stopped early. */
  failure: Failure | null;
  problems: ToolProblem[];
  /** Counted when the capability is declared. */
  resources: ListCount | null;
  prompts: ListCount | null;
}

/**
 * Everything one probe saw, and nothing it concluded: the classifier judges this record.
 * Header values never appear (they are the user's secrets), only their names.
 */
export interface ProbeResult {
  url: string;
  headerNames: string[];
  /** ISO 8601. */
  startedAt: string;
  durationMs: number;
  deadlineMs: number;
  /** What the handshake established; null when there was no MCP conversation. */
  handshake: HandshakeFacts | null;
  /** Why there was no MCP conversation (null when connected, or when credentials were asked for). */
  failure: Failure | null;
  /** Set when the endpoint answered 401/403. */
  auth: AuthFacts | null;
  /** The endpoint's TLS connection (null for plain HTTP, or when no connection was made). */
  tls: TlsFacts | null;
  /** A 429 was met (and retried at most once). */
  rateLimited: boolean;
  /** A session the server issued was refused (404) on a later request. */
  sessionRejected: boolean;
  catalogue: CatalogueFacts | null;
  liveness: LivenessFacts | null;
  /** Read-only tools sampled (`--call-tools readonly`); the classifier judges these. */
  toolCalls: ToolCallFacts[];
  /**
   * Calls a CI configuration asked for, in its order (absent when none were asked for);
   * judged by the configuration's expectations, not by the classifier.
   */
  configuredCalls?: ToolCallFacts[];
  /** How ending the session went (initialize era), when there was a conversation. */
  closed: CloseOutcome | null;
  steps: Step[];
}

/** A record with nothing seen yet: the probe fills it in as it goes. */
export function emptyProbeResult(url: string, headerNames: string[], startedAt: Date, deadlineMs: number, steps: ProbeResult['steps'] = []): ProbeResult {
  return {
    url,
    headerNames,
    startedAt: startedAt.toISOString(),
    durationMs: 0,
    deadlineMs,
    handshake: null,
    failure: null,
    auth: null,
    tls: null,
    rateLimited: false,
    sessionRejected: false,
    catalogue: null,
    liveness: null,
    toolCalls: [],
    closed: null,
    steps,
  };
}
