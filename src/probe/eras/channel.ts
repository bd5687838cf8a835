import type { Failure } from '../failure.js';
import type { RpcOutcome } from '../transport/streamable-post.js';
import type { Era, Transport } from './protocol-versions.js';

/** How ending a channel went: nothing to end, the DELETE's status, or why it failed. */
export type CloseOutcome = { kind: 'none' } | { kind: 'http'; status: number } | { kind: 'failed'; failure: Failure };

/** An established MCP conversation, whatever the era: send a request, get its outcome. */
export interface McpChannel {
  readonly era: Era;
  readonly transport: Transport;
  readonly protocolVersion: string;
  /** A session the server issued was refused (404) on a later request. */
  readonly sessionRejected: boolean;
  request(method: string, params?: Record<string, unknown>): Promise<RpcOutcome>;
  close(): Promise<CloseOutcome>;
}
