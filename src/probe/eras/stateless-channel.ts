import type { ProbeContext } from '../context.js';
import type { JsonRpcId } from '../jsonrpc/messages.js';
import { postMessage, type RpcOutcome } from '../transport/streamable-post.js';
import type { CloseOutcome, McpChannel } from './channel.js';
import { MODERN_VERSION } from './protocol-versions.js';

const PROTOCOL_VERSION_KEY = 'io.modelcontextprotocol/protocolVersion';
const CLIENT_INFO_KEY = 'io.modelcontextprotocol/clientInfo';
const CLIENT_CAPABILITIES_KEY = 'io.modelcontextprotocol/clientCapabilities';
export const SERVER_INFO_KEY = 'io.modelcontextprotocol/serverInfo';

/** Methods whose `params.name` / `params.uri` goes into `Mcp-Name` (2026-07-28 streamable-http, SEP-2243). */
const NAMED_METHODS = new Set(['tools/call', 'resources/read', 'prompts/get']);
const BASE64_PREFIX = '=?base64?';
const BASE64_SUFFIX = '?=';

/**
 * `Mcp-Name` value: as is when header-safe, else the `=?base64?…?=` sentinel form
 * (non-ASCII, control characters, surrounding white space, or text that looks like the sentinel).
 */
export function mcpNameHeaderValue(name: string): string {
  const headerSafe =
    /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(name) && !(name.startsWith(BASE64_PREFIX) && name.endsWith(BASE64_SUFFIX));
  return headerSafe ? name : `${BASE64_PREFIX}${Buffer.from(name, 'utf8').toString('base64')}${BASE64_SUFFIX}`;
}

/**
 * A 2026-07-28 channel: no session, every request self-describing. The body's `_meta`
 * carries protocol version, client info and capabilities; `MCP-Protocol-Version`,
 * `Mcp-Method` and `Mcp-Name` headers repeat them for intermediaries.
 */
export class StatelessChannel implements McpChannel {
  readonly era = 'stateless' as const;
  readonly transport = 'streamable-http' as const;
  readonly sessionRejected = false;
  private nextId = 1;

  constructor(
    private readonly context: ProbeContext,
    readonly url: string,
    private readonly clientInfo: { name: string; version: string },
    readonly protocolVersion: string = MODERN_VERSION,
  ) {}

  request(method: string, params: Record<string, unknown> = {}): Promise<RpcOutcome> {
    const id: JsonRpcId = this.nextId++;
    const meta = {
      ...((params['_meta'] as Record<string, unknown> | undefined) ?? {}),
      [PROTOCOL_VERSION_KEY]: this.protocolVersion,
      [CLIENT_INFO_KEY]: this.clientInfo,
      [CLIENT_CAPABILITIES_KEY]: {},
    };
    const headers: Record<string, string> = {
      'mcp-protocol-version': this.protocolVersion,
      'mcp-method': method,
    };
    const name = params['name'] ?? params['uri'];
    if (NAMED_METHODS.has(method) && typeof name === 'string') headers['mcp-name'] = mcpNameHeaderValue(name);
    return postMessage(this.context, this.url, { jsonrpc: '2.0', id, method, params: { ...params, _meta: meta } }, headers);
  }

  /** Nothing to end: the stateless era has no session. */
  async close(): Promise<CloseOutcome> {
    return { kind: 'none' };
  }
}
