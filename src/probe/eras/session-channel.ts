import { credentialsOf, endpointHeaders, type ProbeContext } from '../context.js';
import { httpRequest } from '../http/request.js';
import { postMessage, type RpcOutcome } from '../transport/streamable-post.js';
import type { CloseOutcome, McpChannel } from './channel.js';

/**
 * An initialize-era Streamable HTTP conversation (2025-03-26 … 2025-11-25):
 * every request after `initialize` carries `Mcp-Session-Id` (when one was issued)
 * and `MCP-Protocol-Version` (the negotiated revision; required from 2025-06-18,
 * harmless before). Closing sends DELETE when a session was issued.
 */
export class SessionChannel implements McpChannel {
  readonly era = 'initialize' as const;
  readonly transport = 'streamable-http' as const;
  private nextId: number;

  constructor(
    private readonly context: ProbeContext,
    readonly url: string,
    readonly protocolVersion: string,
    readonly sessionId: string | undefined,
    firstId: number,
  ) {
    this.nextId = firstId;
  }

  private rejected = false;

  /** Spec (2025-03-26+ transports, Session Management): a terminated session answers 404. */
  get sessionRejected(): boolean {
    return this.rejected;
  }

  private noteRejection(outcome: RpcOutcome): RpcOutcome {
    if (this.sessionId !== undefined && outcome.http?.status === 404) this.rejected = true;
    return outcome;
  }

  private headers(): Record<string, string> {
    return {
      'mcp-protocol-version': this.protocolVersion,
      ...(this.sessionId === undefined ? {} : { 'mcp-session-id': this.sessionId }),
    };
  }

  async request(method: string, params?: Record<string, unknown>): Promise<RpcOutcome> {
    const message = { jsonrpc: '2.0' as const, id: this.nextId++, method, ...(params === undefined ? {} : { params }) };
    return this.noteRejection(await postMessage(this.context, this.url, message, this.headers()));
  }

  async notify(method: string, params?: Record<string, unknown>): Promise<RpcOutcome> {
    const message = { jsonrpc: '2.0' as const, method, ...(params === undefined ? {} : { params }) };
    return this.noteRejection(await postMessage(this.context, this.url, message, this.headers()));
  }

  async close(): Promise<CloseOutcome> {
    if (this.sessionId === undefined) return { kind: 'none' };
    const sent = await httpRequest(
      this.context.dispatcher,
      {
        method: 'DELETE',
        url: this.url,
        headers: endpointHeaders(this.context, '*/*', this.headers()),
        credentials: credentialsOf(this.context),
      },
      this.context.limits,
      this.context.deadline,
    );
    if (!sent.ok) return { kind: 'failed', failure: sent.failure };
    sent.body.discard();
    return { kind: 'http', status: sent.head.status };
  }
}
