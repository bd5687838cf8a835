/**
 * The two baselines the scanner is measured against, run in their own process:
 * - raw: a minimal undici client sending the same requests as a probe, one shared Agent,
 *   no validation: the floor of the stack;
 * - sdk: what a user would write instead: the official SDK Client with
 *   StreamableHTTPClientTransport per endpoint, the same requests, under p-limit.
 * argv[2]: JSON { kind: 'raw' | 'sdk', urls: string[] file path, concurrency }.
 * Prints JSON { ms, ok, failed }.
 */
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import pLimit from 'p-limit';
import { Agent } from 'undici';

const { kind, urlsFile, concurrency } = JSON.parse(process.argv[2] ?? '{}') as { kind: 'raw' | 'raw-per-endpoint' | 'sdk'; urlsFile: string; concurrency: number };
const urls = (JSON.parse(readFileSync(urlsFile, 'utf8')) as Array<{ url: string }>).map((e) => e.url);
const agent = new Agent({ connections: 4, keepAliveTimeout: 4_000 });
const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

async function post(url: string, body: object, dispatcher: Agent = agent): Promise<unknown> {
  // The dispatcher's own request(), undici's fastest path (the top-level request() parses more).
  const target = new URL(url);
  const response = await dispatcher.request({ origin: target.origin, path: `${target.pathname}${target.search}`, method: 'POST', headers, body: JSON.stringify(body) });
  const text = await response.body.text();
  return text === '' ? null : JSON.parse(text);
}

/** The requests a probe makes of an initialize-era server: discover (refused), initialize, initialized, tools/list, three pings. */
async function raw(url: string, dispatcher: Agent = agent): Promise<void> {
  const meta = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} };
  await post(url, { jsonrpc: '2.0', id: 1, method: 'server/discover', params: { _meta: meta } }, dispatcher);
  await post(url, { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }, dispatcher);
  await post(url, { jsonrpc: '2.0', method: 'notifications/initialized' }, dispatcher);
  await post(url, { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} }, dispatcher);
  for (let i = 0; i < 3; i++) await post(url, { jsonrpc: '2.0', id: 3 + i, method: 'ping' }, dispatcher);
}

/** The same, with its own Agent closed at the end, as a probe must (no idle sockets left behind). */
async function rawPerEndpoint(url: string): Promise<void> {
  const own = new Agent({ connections: 4 });
  try {
    await raw(url, own);
  } finally {
    await own.close();
  }
}

async function sdk(url: string): Promise<void> {
  const client = new Client({ name: 'naive', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  await client.listTools();
  for (let i = 0; i < 3; i++) await client.ping();
  await client.close();
}

const limit = pLimit(concurrency);
let ok = 0;
let failed = 0;
const started = performance.now();
const run = { raw: (url: string) => raw(url), 'raw-per-endpoint': rawPerEndpoint, sdk }[kind];
await Promise.all(urls.map((url) => limit(() => run(url).then(() => ok++, () => failed++))));
const ms = performance.now() - started;
await agent.close();
process.stdout.write(JSON.stringify({ ms, ok, failed }));
