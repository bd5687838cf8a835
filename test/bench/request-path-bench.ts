/**
 * `npm run bench:request`: the cost of one request through mcp-health's HTTP layer against
 * raw undici, to the same local server: 4,000 POSTs, 16 at a time, best of 8 rounds
 * (steadier than whole scans on a shared machine), for an answer with a Content-Length and for
 * a chunked one (as the benchmark farm's servers, and many real ones, send). Loopback only.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setMaxListeners } from 'node:events';
import { Agent } from 'undici';
import type { ProbeContext } from '../../src/probe/context.js';
import { createDispatcher } from '../../src/probe/http/dispatcher.js';
import { httpRequest } from '../../src/probe/http/request.js';
import { postMessage } from '../../src/probe/transport/streamable-post.js';

const REQUESTS = 4_000;
const AT_ONCE = 16;
const ROUNDS = 8;

const answer = JSON.stringify({ jsonrpc: '2.0', id: 1, result: {} });
const server = createServer((req, res) => {
  req.resume();
  // writeHead() then end(): Node sends the body chunked, with no Content-Length.
  const framing: Record<string, number> = req.url === '/chunked' ? {} : { 'content-length': Buffer.byteLength(answer) };
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json', ...framing }).end(answer));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const target = new URL(`${base}/mcp`);
const message = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' });
const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

const agent = new Agent({ connections: AT_ONCE });
const dispatcher = createDispatcher({ connectTimeoutMs: 5_000, requestTimeoutMs: 10_000, insecure: false });
const deadline = new AbortController().signal;
setMaxListeners(AT_ONCE * 2, deadline); // one probe's requests are sequential; here 16 share one deadline
const limits = { requestTimeoutMs: 10_000, bodyLimitBytes: 4 << 20, maxRedirects: 5, sseEventLimitBytes: 4 << 20, retryAfterMaxMs: 2_000 };
const context: ProbeContext = {
  dispatcher,
  deadline,
  deadlineAtMs: Date.now() + 3_600_000,
  limits,
  userHeaders: {},
  credentialOrigin: target.origin,
  userAgent: 'bench',
  redact: (value) => value,
  observed: { rateLimited: false },
};

function casesFor(path: '/mcp' | '/chunked', label: string): Array<[string, () => Promise<unknown>]> {
  const url = `${base}${path}`;
  return [
    [`raw undici: dispatcher.request + text + JSON.parse (${label})`, async () => {
      const response = await agent.request({ origin: target.origin, path, method: 'POST', headers, body: message });
      return JSON.parse(await response.body.text());
    }],
    [`mcp-health: httpRequest + readAll + JSON.parse (${label})`, async () => {
      const sent = await httpRequest(dispatcher, { method: 'POST', url, headers, body: message }, limits, deadline);
      if (!sent.ok) throw new Error(sent.failure.detail);
      const read = await sent.body.readAll();
      if (!read.ok) throw new Error(read.failure.detail);
      return JSON.parse(read.bytes.toString('utf8'));
    }],
    [`mcp-health: postMessage, JSON-RPC envelope checked (${label})`, () => postMessage(context, url, { jsonrpc: '2.0', id: 1, method: 'ping' }, {})],
  ];
}
const cases = [...casesFor('/mcp', 'Content-Length'), ...casesFor('/chunked', 'chunked')];

const best = new Map<string, number>();
for (let round = 0; round < ROUNDS; round++) {
  for (const [label, one] of cases) {
    let left = REQUESTS;
    const started = performance.now();
    await Promise.all(Array.from({ length: AT_ONCE }, async () => {
      while (left-- > 0) await one();
    }));
    const microseconds = ((performance.now() - started) * 1000) / REQUESTS;
    best.set(label, Math.min(best.get(label) ?? Infinity, microseconds));
  }
}
console.log(`${REQUESTS} requests, ${AT_ONCE} at a time, best of ${ROUNDS}\n`);
console.log('| path | µs per request |\n|---|---:|');
for (const [label, microseconds] of best) console.log(`| ${label} | ${microseconds.toFixed(1)} |`);
await agent.close();
await dispatcher.close();
server.close();
