import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import { EventSizeMeter } from '../src/probe/sse/sse-events.js';
import { listen } from './fixtures/listen.js';
import { createScriptedHandler, startScriptedServer } from './fixtures/scripted-mcp-server.js';
import { check } from './helpers/check.js';
import { runCli } from './helpers/run-cli.js';

/** One test per defect a second review found, named after it, so none comes back. */

describe('review regressions', () => {
  it('credentials never reach a legacy endpoint on another origin, even after a redirect of the GET', async () => {
    const seen: Array<string | undefined> = [];
    const elsewhere = await listen(
      createServer((req, res) => {
        seen.push(req.headers['authorization']);
        if (req.method === 'GET') {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write('event: endpoint\ndata: /messages\n\n');
          return;
        }
        req.resume();
        res.writeHead(202).end();
      }),
      '/sse',
      '127.0.0.2',
    );
    const front = await listen(
      createServer((req, res) => {
        req.resume();
        if (req.method === 'GET') res.writeHead(302, { location: elsewhere.url }).end();
        else res.writeHead(404).end();
      }),
      '/mcp',
    );
    try {
      const { verdict, codes } = await check(front.url, { headers: { Authorization: 'Bearer SECRET' } });
      assert.equal(verdict.status, 'dead');
      assert.deepEqual(codes, ['protocol_mismatch']);
      assert.ok(seen.length > 0);
      assert.ok(seen.every((value) => value === undefined), `the other origin saw ${JSON.stringify(seen)}`);
    } finally {
      await front.close();
      await elsewhere.close();
    }
  });

  it('a catastrophically backtracking outputSchema pattern is cut off, and the probe keeps its deadline', async () => {
    const server = await startScriptedServer({
      tools: [
        {
          name: 'evil',
          inputSchema: { type: 'object' },
          outputSchema: { type: 'object', properties: { s: { type: 'string', pattern: '^(a+)+$' } } },
          annotations: { readOnlyHint: true },
        },
      ],
      toolResults: { evil: { content: [], structuredContent: { s: `${'a'.repeat(40)}!` } } },
    });
    try {
      const startedAt = Date.now();
      const { verdict, codes } = await check(server.url, { callTools: 'readonly', deadlineMs: 6_000 });
      assert.equal(verdict.status, 'degraded');
      assert.deepEqual(codes, ['output_schema_mismatch']);
      assert.match(verdict.reasons[0]!.detail, /did not finish within/);
      assert.ok(Date.now() - startedAt < 6_000, `took ${Date.now() - startedAt} ms`);
    } finally {
      await server.close();
    }
  });

  it('a catalogue of huge pages stops at the catalogue byte budget', async () => {
    const description = 'x'.repeat(1024 * 1024);
    const server = await startScriptedServer({
      override: ({ method, count }) =>
        method === 'tools/list' ? { result: { tools: [{ name: `t${count}`, description, inputSchema: { type: 'object' } }], nextCursor: `c${count}` } } : undefined,
    });
    try {
      const { verdict, codes, result } = await check(server.url, { maxCatalogueBytes: 4 * 1024 * 1024 });
      assert.equal(verdict.status, 'healthy');
      assert.deepEqual(codes, ['catalog_truncated']);
      assert.equal(result.catalogue?.pages, 4);
    } finally {
      await server.close();
    }
  });

  it('data lines interleaved with comments still add up to the SSE event cap', () => {
    const meter = new EventSizeMeter();
    let size = 0;
    for (let i = 0; i < 10; i++) size = meter.add(Buffer.from(`data: ${'a'.repeat(1000)}\n:\n`));
    assert.ok(size >= 10 * 1000, `counted ${size}`);
    assert.equal(meter.add(Buffer.from('\n')), 0, 'a blank line ends the event');
  });

  it('a flood of comments, with any line ending, does not count as an event', () => {
    const meter = new EventSizeMeter();
    for (const ending of ['\n', '\r\n', '\r']) assert.equal(meter.add(Buffer.from(`: keep-alive${ending}${ending}`.repeat(1000))), 0);
    assert.equal(meter.add(Buffer.from(': an unfinished comment line')), ': an unfinished comment line'.length, 'an unfinished line is held, whatever it is');
  });

  it('a 100,000-level schema is an invalid tool, not an internal error', async () => {
    // Written as text: JSON.stringify itself cannot serialise this depth.
    const deep = `${'['.repeat(100_000)}{}${']'.repeat(100_000)}`;
    const page = `{"tools":[{"name":"deep","inputSchema":{"type":"object","properties":{"x":${deep}}}},{"name":"fine","inputSchema":{"type":"object"}}]}`;
    const server = await startScriptedServer({
      override: ({ method }) =>
        method === 'tools/list'
          ? { raw: (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(`{"jsonrpc":"2.0","id":2,"result":${page}}`) }
          : undefined,
    });
    try {
      const { verdict, codes, result } = await check(server.url);
      assert.equal(verdict.status, 'degraded');
      assert.deepEqual(codes, ['invalid_tools']);
      assert.deepEqual(result.catalogue?.problems.map((p) => p.rule), ['schema_too_deep']);
      assert.match(result.catalogue?.hash ?? '', /^sha256:/);
    } finally {
      await server.close();
    }
  });

  it('a server/discover result that lists only initialize-era revisions falls through to initialize', async () => {
    const server = await startScriptedServer({
      override: ({ method }) =>
        method === 'server/discover' ? { result: { supportedVersions: ['2025-06-18'], capabilities: { tools: {} } } } : undefined,
    });
    try {
      const { verdict, result } = await check(server.url);
      assert.equal(verdict.status, 'healthy', JSON.stringify(verdict.reasons));
      assert.equal(result.handshake?.era, 'initialize');
    } finally {
      await server.close();
    }
  });

  it('a server/discover result that lists only unknown revisions is a protocol mismatch', async () => {
    const server = await startScriptedServer({
      override: ({ method }) => (method === 'server/discover' ? { result: { supportedVersions: ['2099-01-01'], capabilities: {} } } : undefined),
    });
    try {
      const { codes } = await check(server.url);
      assert.deepEqual(codes, ['protocol_mismatch']);
    } finally {
      await server.close();
    }
  });

  it('a 404 to the closing DELETE is not a rejected session', async () => {
    const scripted = createScriptedHandler({ sessions: true });
    const server = await listen(
      createServer((req, res) => {
        if (req.method === 'DELETE') return void res.writeHead(404).end();
        scripted.handler(req, res);
      }),
      '/mcp',
    );
    try {
      const { verdict, result } = await check(server.url);
      assert.equal(verdict.status, 'healthy', JSON.stringify(verdict.reasons));
      assert.deepEqual(result.closed, { kind: 'http', status: 404 });
    } finally {
      await server.close();
    }
  });

  it('counting resources does not call the count truncated', async () => {
    const server = await startScriptedServer({
      capabilities: { tools: {}, resources: {} },
      override: ({ method }) => (method === 'resources/list' ? { result: { resources: [{ uri: 'x://1', name: 'one' }] } } : undefined),
    });
    try {
      const { result, codes } = await check(server.url);
      assert.deepEqual(result.catalogue?.resources, { count: 1, truncated: false, failure: null });
      assert.deepEqual(codes, []);
    } finally {
      await server.close();
    }
  });

  it('auth_rejected only when the credentials reached the origin that refused them', async () => {
    const elsewhere = await listen(
      createServer((req, res) => {
        req.resume();
        res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
      }),
      '/mcp',
      '127.0.0.2',
    );
    const front = await listen(
      createServer((req, res) => {
        req.resume();
        res.writeHead(307, { location: elsewhere.url }).end();
      }),
      '/mcp',
    );
    try {
      const { codes, result } = await check(front.url, { headers: { Authorization: 'Bearer x' } });
      assert.equal(result.auth?.credentialsSent, false);
      assert.ok(!codes.includes('auth_rejected'), codes.join());
    } finally {
      await front.close();
      await elsewhere.close();
    }
  });

  it('a User-Agent given by the user replaces ours instead of being sent beside it', async () => {
    const server = await startScriptedServer();
    try {
      await check(server.url, { headers: { 'User-Agent': 'custom/1.0' } });
      assert.ok(server.requestHeaders.every((h) => h['user-agent'] === 'custom/1.0'));
    } finally {
      await server.close();
    }
  });

  it('a header value with a control character is a usage error, not a dead endpoint', async () => {
    const run = await runCli(['check', 'http://127.0.0.1:1/mcp', '-H', 'Authorization: ${TOKEN}'], { TOKEN: 'a\u0001b' });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /control character/);
  });
});
