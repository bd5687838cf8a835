import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { createMcpHandler, McpServer as McpServerV2 } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { listenLocal, resettingLocalPort, readSmallBody, sleep, type DemoServer } from './listen.js';
import { answerStateless } from './answer-stateless.js';

/**
 * The example MCP servers of `mcp-health demo` (issue 4): one of each kind a scan meets,
 * on 127.0.0.1, so a newcomer sees every verdict without the internet. `round` (1, 2, 3 …)
 * is the scan under way; some servers change between rounds so that trends, transitions
 * and catalogue drift have something to show.
 */
export interface DemoRound {
  round: number;
}

export interface DemoEndpoint {
  name: string;
  url: string;
  /** What the endpoint is, for the demo's output. */
  kind: string;
}

export interface DemoFleet {
  endpoints: DemoEndpoint[];
  close(): Promise<void>;
}

/** The official SDK's McpServer; its catalogue grows in round 2 and changes a schema in round 3. */
function weatherServer(round: number): McpServer {
  const server = new McpServer({ name: 'demo-weather', version: `1.${round}.0` });
  const forecastInput = { city: z.string(), days: z.number().int().min(1).max(7) };
  // Round 3 adds a required argument: a breaking change a drift report must show.
  const inputSchema = (round >= 3 ? { ...forecastInput, units: z.enum(['metric', 'imperial']) } : forecastInput) as typeof forecastInput;
  server.registerTool(
    'get_forecast',
    {
      title: 'Forecast',
      description: 'The forecast for a city',
      inputSchema,
      outputSchema: { summary: z.string() },
      annotations: { readOnlyHint: true },
    },
    async ({ city }) => ({ content: [{ type: 'text', text: `Sunny in ${city}` }], structuredContent: { summary: `Sunny in ${city}` } }),
  );
  server.registerTool('get_time', { description: 'The server clock', annotations: { readOnlyHint: true } }, async () => ({
    content: [{ type: 'text', text: new Date().toISOString() }],
  }));
  if (round >= 2) {
    server.registerTool('get_alerts', { description: 'Weather alerts for a region', inputSchema: { region: z.string() }, annotations: { readOnlyHint: true } }, async ({ region }) => ({
      content: [{ type: 'text', text: `No alerts for ${region}` }],
    }));
  }
  return server;
}

function notesServer(): McpServer {
  const server = new McpServer({ name: 'demo-notes', version: '2.0.1' });
  server.registerTool('search_notes', { description: 'Full-text search over notes', inputSchema: { query: z.string() }, annotations: { readOnlyHint: true } }, async ({ query }) => ({
    content: [{ type: 'text', text: `0 notes match ${query}` }],
  }));
  server.registerTool('add_note', { description: 'Adds a note', inputSchema: { text: z.string() } }, async () => ({ content: [{ type: 'text', text: 'added' }] }));
  return server;
}

/** An SDK server, stateless with JSON answers (a new server per request), each answer delayed. */
async function sdkEndpoint(build: () => McpServer, delayMs: (method: string) => number): Promise<DemoServer> {
  const http = createServer(async (req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { 'content-type': 'application/json', allow: 'POST' }).end('{"jsonrpc":"2.0","error":{"code":-32000,"message":"Method not allowed."},"id":null}');
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(await readSmallBody(req));
    } catch {
      res.writeHead(400).end();
      return;
    }
    const method = typeof body === 'object' && body !== null && 'method' in body ? String((body as { method: unknown }).method) : '';
    const delay = delayMs(method);
    if (delay > 0) await sleep(delay);
    const server = build();
    await answerStateless(server, req, res, body);
  });
  return listenLocal(http, '/mcp');
}

/**
 * A minimal JSON-RPC server of the initialize era, for behaviour the SDK will not produce:
 * a fixed (old) protocol revision, or an outage in some rounds.
 */
async function rawEndpoint(options: { protocolVersion: string; name: string; down?: () => boolean }): Promise<DemoServer> {
  const tools = [{ name: 'lookup', description: 'Looks a term up', inputSchema: { type: 'object', properties: { term: { type: 'string' } }, required: ['term'] } }];
  const http = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    if (options.down?.()) {
      req.resume();
      res.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable');
      return;
    }
    if (req.method !== 'POST') {
      req.resume();
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    let message: { id?: unknown; method?: string };
    try {
      message = JSON.parse(await readSmallBody(req)) as typeof message;
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (message.id === undefined) {
      res.writeHead(202).end();
      return;
    }
    const reply = (payload: Record<string, unknown>) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: message.id, ...payload }));
    switch (message.method) {
      case 'initialize':
        return reply({ result: { protocolVersion: options.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: options.name, version: '0.9.0' } } });
      case 'tools/list':
        return reply({ result: { tools } });
      case 'ping':
        return reply({ result: {} });
      default:
        return reply({ error: { code: -32601, message: 'Method not found' } });
    }
  });
  return listenLocal(http, '/mcp');
}

/** 401 with RFC 9728 protected-resource metadata and RFC 8414 server metadata: healthy, auth required. */
async function protectedEndpoint(): Promise<DemoServer> {
  let base = '';
  const json = (res: ServerResponse, body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const http = createServer((req, res) => {
    req.resume();
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/mcp') {
      res
        .writeHead(401, { 'content-type': 'application/json', 'www-authenticate': `Bearer resource_metadata="${base}/.well-known/oauth-protected-resource/mcp"` })
        .end('{"error":"unauthorized"}');
    } else if (path === '/.well-known/oauth-protected-resource/mcp') {
      json(res, { resource: `${base}/mcp`, authorization_servers: [base], scopes_supported: ['mcp'] });
    } else if (path === '/.well-known/oauth-authorization-server') {
      json(res, {
        issuer: base,
        authorization_endpoint: `${base}/authorize`,
        token_endpoint: `${base}/token`,
        registration_endpoint: `${base}/register`,
        code_challenge_methods_supported: ['S256'],
        response_types_supported: ['code'],
      });
    } else res.writeHead(404).end();
  });
  const running = await listenLocal(http, '/mcp');
  base = running.url.replace(/\/mcp$/, '');
  return running;
}

/** A web page where an MCP endpoint should be: 200 with a body that is not MCP. */
function brokenEndpoint(): Promise<DemoServer> {
  return listenLocal(
    createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Parked domain</title><p>This domain is for sale.');
    }),
    '/mcp',
  );
}

/** The official v2 SDK (@modelcontextprotocol/server) serving the stateless 2026-07-28 revision (`server/discover`). */
async function modernEndpoint(): Promise<DemoServer> {
  const build = () => {
    const server = new McpServerV2({ name: 'demo-translate', version: '3.0.0' });
    server.registerTool(
      'translate',
      {
        title: 'Translate',
        description: 'Translates a short text',
        inputSchema: z.object({ text: z.string(), to: z.string() }),
        outputSchema: z.object({ text: z.string() }),
        annotations: { readOnlyHint: true },
      },
      async ({ text }) => ({ content: [{ type: 'text', text }], structuredContent: { text } }),
    );
    return server;
  };
  const handler = createMcpHandler(build, { legacy: 'stateless' });
  const nodeHandler = toNodeHandler(handler);
  const running = await listenLocal(
    createServer((req, res) => void nodeHandler(req, res)),
    '/mcp',
  );
  return {
    url: running.url,
    close: async () => {
      await handler.close();
      await running.close();
    },
  };
}

/** The deprecated HTTP+SSE transport of 2024-11-05 (SDK 1.x SSEServerTransport): GET /sse, then POSTs to /messages. */
async function legacySseEndpoint(): Promise<DemoServer> {
  const transports = new Map<string, SSEServerTransport>();
  const http = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname === '/sse') {
      const transport = new SSEServerTransport('/messages', res);
      transports.set(transport.sessionId, transport);
      transport.onclose = () => void transports.delete(transport.sessionId);
      await notesServer().connect(transport);
      return;
    }
    const transport = req.method === 'POST' && url.pathname === '/messages' ? transports.get(url.searchParams.get('sessionId') ?? '') : undefined;
    if (!transport) {
      req.resume();
      res.writeHead(404).end('Not found');
      return;
    }
    await transport.handlePostMessage(req, res);
  });
  return listenLocal(http, '/sse');
}

/** Starts the fleet. `slowMs` is the demo's slow threshold: the slow server answers tools/list three times later than that. */
export async function startDemoFleet(state: DemoRound, slowMs: number): Promise<DemoFleet> {
  const started: Array<{ close(): Promise<void> }> = [];
  const start = async <T extends { close(): Promise<void> }>(server: Promise<T>): Promise<T> => {
    const running = await server;
    started.push(running);
    return running;
  };
  try {
    // Handshake latency that grows over the rounds, so the latency trend moves.
    const weather = await start(sdkEndpoint(() => weatherServer(state.round), (method) => (method === 'initialize' ? 10 + 25 * (state.round - 1) : 0)));
    const notes = await start(sdkEndpoint(notesServer, () => 5));
    // Three times the threshold: clearly slow even when the machine is busy, still under two seconds.
    const slow = await start(sdkEndpoint(notesServer, (method) => (method === 'tools/list' ? 3 * slowMs : method === 'initialize' ? 60 : 0)));
    const auth = await start(protectedEndpoint());
    const stale = await start(rawEndpoint({ protocolVersion: '2024-11-05', name: 'demo-legacy-search' }));
    const unstable = await start(rawEndpoint({ protocolVersion: '2025-11-25', name: 'demo-unstable', down: () => state.round === 2 }));
    const broken = await start(brokenEndpoint());
    const modern = await start(modernEndpoint());
    const legacySse = await start(legacySseEndpoint());
    const gone = await start(resettingLocalPort());
    return {
      endpoints: [
        { name: 'Weather (official SDK; gains a tool, then changes a schema)', url: weather.url, kind: 'healthy' },
        { name: 'Notes (official SDK)', url: notes.url, kind: 'healthy' },
        { name: 'Translate (official SDK v2, 2026-07-28)', url: modern.url, kind: 'healthy' },
        { name: 'Old notes (HTTP+SSE transport, 2024-11-05)', url: legacySse.url, kind: 'legacy transport' },
        { name: 'Slow notes', url: slow.url, kind: 'slow' },
        { name: 'Protected (OAuth discovery)', url: auth.url, kind: 'auth-protected' },
        { name: 'Legacy search (2024-11-05 only)', url: stale.url, kind: 'stale protocol' },
        { name: 'Unstable (down in round 2)', url: unstable.url, kind: 'unstable' },
        { name: 'Parked page', url: broken.url, kind: 'broken' },
        { name: 'Gone (resets every connection)', url: `http://127.0.0.1:${gone.port}/mcp`, kind: 'dead' },
      ],
      close: async () => {
        await Promise.all(started.map((s) => s.close()));
      },
    };
  } catch (err) {
    // A server that failed to start must not leave the others running.
    await Promise.all(started.map((s) => s.close()));
    throw err;
  }
}
