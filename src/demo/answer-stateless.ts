import type { IncomingMessage, ServerResponse } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

/**
 * Answers one request with `server` on its own stateless Streamable HTTP transport with JSON
 * answers (the SDK's stateless pattern: a fresh server and transport per request, both closed
 * when the response is). `body` is the request already parsed, when the caller read it.
 */
export async function answerStateless(server: McpServer, req: IncomingMessage, res: ServerResponse, body?: unknown): Promise<void> {
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
}
