import { credentialHeaderNames, type ProbeContext } from '../context.js';
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

  get hasSession(): boolean {
    return this.sessionId !== undefined;
  }

  private headers(): Record<string, string> {
    return {
      'mcp-protocol-version': this.protocolVersion,
      ...(this.sessionId === undefined ? {} : { 'mcp-session-id': this.sessionId }),
    };
  }

  request(method: string, params?: Record<string, unknown>): Promise<RpcOutcome> {
    return postMessage(
      this.context,
      this.url,
      { jsonrpc: '2.0', id: this.nextId++, method, ...(params === undefined ? {} : { params }) },
      this.headers(),
    );
  }

  notify(method: string, params?: Record<string, unknown>): Promise<RpcOutcome> {
    return postMessage(this.context, this.url, { jsonrpc: '2.0', method, ...(params === undefined ? {} : { params }) }, this.headers());
  }

  async close(): Promise<CloseOutcome> {
    if (this.sessionId === undefined) return { kind: 'none' };
    const sent = await httpRequest(
      this.context.dispatcher,
      {
        method: 'DELETE',
        url: this.url,
        headers: { 'user-agent': this.context.userAgent, ...this.headers(), ...this.context.userHeaders },
        credentialHeaderNames: credentialHeaderNames(this.context),
      },
      this.context.limits,
      this.context.deadline,
    );
    if (!sent.ok) return { kind: 'failed', failure: sent.failure };
    sent.body.discard();
    return { kind: 'http', status: sent.head.status };
  }
}
