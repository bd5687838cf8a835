/**
 * The baselines the scanner is measured against, run in their own process:
 * - raw: a minimal undici client replaying the requests a probe sends (recorded from a real
 *   probe, probe-requests.ts: the same method, headers and body bytes), one shared Agent, each
 *   body read and parsed, no validation: the floor of the stack;
 * - raw-minimal: the same exchanges with only the two headers the transport requires and
 *   shorter bodies (what this baseline sent before it replayed the probe's requests), for reference;
 * - raw-per-endpoint: raw with an Agent per endpoint, closed after it;
 * - sdk: what a user would write instead: the official SDK Client with
 *   StreamableHTTPClientTransport per endpoint, the same exchanges, under p-limit.
 * argv[2]: JSON { kind, urlsFile, concurrency, requestsFile? } (requestsFile: the recorded
 * requests as JSON, for raw and raw-per-endpoint). Prints JSON { ms, ok, failed }.
 */
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import pLimit from 'p-limit';
import { Agent } from 'undici';
import type { RecordedRequest } from './probe-requests.js';

type Kind = 'raw' | 'raw-minimal' | 'raw-per-endpoint' | 'sdk';
const { kind, urlsFile, concurrency, requestsFile } = JSON.parse(process.argv[2] ?? '{}') as { kind: Kind; urlsFile: string; concurrency: number; requestsFile?: string };
const urls = (JSON.parse(readFileSync(urlsFile, 'utf8')) as Array<{ url: string }>).map((e) => e.url);
const agent = new Agent({ connections: 4, keepAliveTimeout: 4_000 });
const recorded = requestsFile ? (JSON.parse(readFileSync(requestsFile, 'utf8')) as RecordedRequest[]) : null;
if ((kind === 'raw' || kind === 'raw-per-endpoint') && !recorded?.length) throw new Error(`${kind} replays a probe's requests: give requestsFile`);
const minimalHeaders = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

async function post(url: string, method: string, headers: string[] | Record<string, string>, body: string, dispatcher: Agent): Promise<unknown> {
  // The dispatcher's own request(), undici's fastest path (the top-level request() parses more).
  const target = new URL(url);
  const response = await dispatcher.request({ origin: target.origin, path: `${target.pathname}${target.search}`, method: method as 'POST', headers, body });
  const text = await response.body.text();
  return text === '' ? null : JSON.parse(text);
}

/** The requests a probe sends to an initialize-era server (discover refused, initialize, initialized, tools/list, three pings), replayed. */
async function raw(url: string, dispatcher: Agent = agent): Promise<void> {
  for (const request of recorded!) await post(url, request.method, request.headers, request.body, dispatcher);
}

/** The same exchanges with the transport's two required headers and shorter bodies. */
async function rawMinimal(url: string, dispatcher: Agent = agent): Promise<void> {
  const send = (body: object) => post(url, 'POST', minimalHeaders, JSON.stringify(body), dispatcher);
  const meta = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} };
  await send({ jsonrpc: '2.0', id: 1, method: 'server/discover', params: { _meta: meta } });
  await send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
  await send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  await send({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} });
  for (let i = 0; i < 3; i++) await send({ jsonrpc: '2.0', id: 3 + i, method: 'ping' });
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
const run = { raw: (url: string) => raw(url), 'raw-minimal': (url: string) => rawMinimal(url), 'raw-per-endpoint': rawPerEndpoint, sdk }[kind];
await Promise.all(urls.map((url) => limit(() => run(url).then(() => ok++, () => failed++))));
const ms = performance.now() - started;
await agent.close();
process.stdout.write(JSON.stringify({ ms, ok, failed }));
