import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createServer } from 'node:http';
import { listen } from './fixtures/listen.js';
import { createScriptedHandler, startScriptedServer, type ScriptedOptions, type ScriptedServer } from './fixtures/scripted-mcp-server.js';
import { check } from './helpers/check.js';
import type { ProbeOptions } from '../src/probe/probe.js';

/** The contract's degraded rules (and the healthy controls next to them), one test each. */

async function judge(options: ScriptedOptions, probeOverrides: Partial<Omit<ProbeOptions, 'url'>> = {}) {
  const server = await startScriptedServer(options);
  try {
    return { ...(await check(server.url, probeOverrides)), server };
  } finally {
    await server.close();
  }
}

const tool = (name: string, extra: Record<string, unknown> = {}) => ({ name, inputSchema: { type: 'object' }, ...extra });

describe('healthy control', () => {
  it('a well-behaved scripted server is healthy with no reasons', async () => {
    const { verdict, result } = await judge({});
    assert.equal(verdict.status, 'healthy');
    assert.deepEqual(verdict.reasons, []);
    assert.equal(result.catalogue?.toolCount, 2);
  });
});

describe('IPv6', () => {
  it('an endpoint on ::1 is probed like any other', async () => {
    const scripted = createScriptedHandler();
    const server = await listen(createServer(scripted.handler), '/mcp', '::1');
    try {
      assert.equal(server.url, `http://[::1]:${server.port}/mcp`);
      const { verdict, result } = await check(server.url);
      assert.equal(verdict.status, 'healthy', JSON.stringify(verdict.reasons));
      assert.equal(result.catalogue?.toolCount, 2);
    } finally {
      await server.close();
    }
  });
});

describe('degraded', () => {
  it('slow: one step above the slow threshold', async () => {
    const { verdict, codes } = await judge({
      override: async ({ method }) => {
        if (method === 'tools/list') await sleep(1_200);
        return undefined;
      },
    });
    assert.equal(verdict.status, 'degraded');
    assert.deepEqual(codes, ['slow']);
    assert.match(verdict.reasons[0]!.detail, /^tools\/list took \d+ ms \(threshold 1000 ms\)$/);
  });

  it('parse_error: a tools/list page that is not JSON', async () => {
    const { verdict, codes } = await judge({
      override: ({ method }) =>
        method === 'tools/list' ? { raw: (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"jsonrpc":"2.0","id":') } : undefined,
    });
    assert.equal(verdict.status, 'degraded');
    assert.deepEqual(codes, ['parse_error']);
  });

  it('parse_error: a malformed SSE event in answer to tools/list', async () => {
    const { verdict, codes } = await judge({
      override: ({ method }) =>
        method === 'tools/list' ? { raw: (res) => res.writeHead(200, { 'content-type': 'text/event-stream' }).end('event: message\ndata: {not json\n\n') } : undefined,
    });
    assert.equal(verdict.status, 'degraded');
    assert.deepEqual(codes, ['parse_error']);
  });

  it('schema_error: a tools/list page that does not match the schema', async () => {
    const { verdict, codes } = await judge({ override: ({ method }) => (method === 'tools/list' ? { result: { tools: 'none today' } } : undefined) });
    assert.equal(verdict.status, 'degraded');
    assert.deepEqual(codes, ['schema_error']);
  });

  it('schema_error: a JSON-RPC error to tools/list although tools are declared', async () => {
    const { verdict, codes } = await judge({ override: ({ method }) => (method === 'tools/list' ? { error: { code: -32603, message: 'boom' } } : undefined) });
    assert.equal(verdict.status, 'degraded');
    assert.deepEqual(codes, ['schema_error']);
  });

  it('schema_error: a pagination cursor that comes back (a loop), stopped after one repeat', async () => {
    const { verdict, codes, server } = await judge({ override: ({ method, count }) => (method === 'tools/list' ? { result: { tools: [tool(`t${count}`)], nextCursor: 'again' } } : undefined) });
    assert.equal(verdict.status, 'degraded');
    assert.deepEqual(codes, ['schema_error']);
    assert.match(verdict.reasons[0]!.detail, /pagination loops/);
    assert.equal(server.calls.get('tools/list'), 2);
  });

  it('healthy: a catalogue over several pages is followed to the end', async () => {
    const tools = Array.from({ length: 25 }, (_, i) => tool(`tool_${i}`));
    const { verdict, result } = await judge({ tools, pageSize: 10 });
    assert.equal(verdict.status, 'healthy', JSON.stringify(verdict.reasons));
    assert.equal(result.catalogue?.pages, 3);
    assert.equal(result.catalogue?.toolCount, 25);
  });

  it('catalog_truncated (informational): the tool cap stops a huge catalogue', async () => {
    const tools = Array.from({ length: 30 }, (_, i) => tool(`tool_${i}`));
    const { verdict, codes, result } = await judge({ tools, pageSize: 10 }, { maxTools: 12 });
    assert.equal(verdict.status, 'healthy');
    assert.deepEqual(codes, ['catalog_truncated']);
    assert.equal(result.catalogue?.tools.length, 12);
  });

  it('invalid_tools: bad names, duplicates, and an inputSchema that is not an object schema', async () => {
    const { verdict, codes, result } = await judge({
      tools: [tool('good.name-1_x'), tool('has space!'), tool('dup'), tool('dup'), { name: 'stringy', inputSchema: { type: 'string' } }],
    });
    assert.equal(verdict.status, 'degraded');
    assert.deepEqual(codes, ['invalid_tools']);
    assert.deepEqual(
      result.catalogue?.problems.map((p) => [p.tool, p.rule]),
      [['has space!', 'name_format'], ['dup', 'duplicate_name'], ['stringy', 'input_schema_not_object']],
    );
  });

  it('empty_catalog: tools declared, none listed', async () => {
    const { verdict, codes } = await judge({ tools: [] });
    assert.equal(verdict.status, 'degraded');
    assert.deepEqual(codes, ['empty_catalog']);
  });

  it('healthy: no tools capability and no tools is not an empty catalogue', async () => {
    const { verdict, result } = await judge({ capabilities: { resources: {} }, tools: [] });
    assert.equal(verdict.status, 'healthy', JSON.stringify(verdict.reasons));
    assert.equal(result.steps.some((s) => s.name === 'tools/list'), false, 'tools/list is not called when undeclared');
  });

  it('stale_protocol: 2024-11-05 negotiated over Streamable HTTP', async () => {
    const { verdict, codes } = await judge({ protocolVersion: '2024-11-05' });
    assert.equal(verdict.status, 'degraded');
    assert.deepEqual(codes, ['stale_protocol']);
  });

  it('flaky: one of three pings fails', async () => {
    const { verdict, codes } = await judge({
      override: ({ method, count }) => (method === 'ping' && count === 2 ? { raw: (res) => res.writeHead(503).end() } : undefined),
    });
    assert.equal(verdict.status, 'degraded');
    assert.deepEqual(codes, ['flaky']);
    assert.match(verdict.reasons[0]!.detail, /^1 of 3 ping samples failed/);
  });

  it('session_rejected: the session issued at initialize is refused on a later request', async () => {
    const { verdict, codes } = await judge({
      sessions: true,
      override: ({ method }) =>
        method === 'tools/list'
          ? { raw: (res) => res.writeHead(404, { 'content-type': 'application/json' }).end('{"jsonrpc":"2.0","id":null,"error":{"code":-32001,"message":"Session not found"}}') }
          : undefined,
    });
    assert.equal(verdict.status, 'degraded');
    assert.deepEqual(codes, ['session_rejected']);
  });

  it('healthy: a session is carried on every request and deleted at the end', async () => {
    const { verdict, server, result } = await judge({ sessions: true });
    assert.equal(verdict.status, 'healthy', JSON.stringify(verdict.reasons));
    assert.equal(server.deletedSessions.length, 1);
    const afterHandshake = server.requestHeaders.slice(2);
    assert.ok(afterHandshake.every((h) => h['mcp-session-id'] === server.deletedSessions[0]));
    assert.ok(afterHandshake.every((h) => h['mcp-protocol-version'] === '2025-11-25'));
    assert.deepEqual(result.closed, { kind: 'http', status: 200 });
  });

  it('identifies itself: User-Agent and clientInfo name mcp-health and its version', async () => {
    let clientInfo: unknown;
    const { server } = await judge({
      override: ({ method, params }) => {
        if (method === 'initialize') clientInfo = params['clientInfo'];
        return undefined;
      },
    });
    const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    assert.deepEqual(clientInfo, { name: 'mcp-health', version });
    assert.ok(server.requestHeaders.every((h) => h['user-agent']?.startsWith(`mcp-health/${version} `)));
  });

  it('ping_unsupported: ping answered -32601 in a revision that requires it', async () => {
    const { verdict, codes, server } = await judge({ override: ({ method }) => (method === 'ping' ? { error: { code: -32601, message: 'Method not found' } } : undefined) });
    assert.equal(verdict.status, 'degraded');
    assert.deepEqual(codes, ['ping_unsupported']);
    assert.equal(server.calls.get('ping'), 1, 'no more pings once it is known to be unsupported');
  });

  it('rate_limited: a 429 with a short Retry-After is retried once, and reported', async () => {
    const { verdict, codes, server, result } = await judge({
      override: ({ method, count }) => (method === 'tools/list' && count === 1 ? { raw: (res) => res.writeHead(429, { 'retry-after': '0' }).end() } : undefined),
    });
    assert.equal(verdict.status, 'degraded');
    assert.deepEqual(codes, ['rate_limited']);
    assert.equal(server.calls.get('tools/list'), 2);
    assert.equal(result.catalogue?.toolCount, 2, 'the retry succeeded');
  });

  it('rate_limited: a 429 that asks for a long wait is not waited for', async () => {
    const startedAt = Date.now();
    const { verdict, codes, server } = await judge({ override: () => ({ raw: (res) => res.writeHead(429, { 'retry-after': '3600' }).end() }) });
    assert.equal(verdict.status, 'degraded');
    assert.deepEqual(codes, ['rate_limited']);
    assert.equal(server.calls.get('server/discover'), 1);
    assert.ok(Date.now() - startedAt < 1_000);
  });

  it('request_failed: tools/list hangs after a good handshake', async () => {
    const { verdict, codes } = await judge(
      { override: ({ method }) => (method === 'tools/list' ? { raw: () => undefined } : undefined) },
      { requestTimeoutMs: 300 },
    );
    assert.equal(verdict.status, 'degraded');
    assert.deepEqual(codes, ['request_failed']);
  });
});

describe('tool sampling (--call-tools readonly)', () => {
  const catalogue = [
    tool('ro_ok', { annotations: { readOnlyHint: true }, outputSchema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] } }),
    tool('no_annotations'),
    tool('ro_destructive', { annotations: { readOnlyHint: true, destructiveHint: true } }),
    { name: 'ro_needs_args', inputSchema: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] }, annotations: { readOnlyHint: true } },
    tool('writer', { annotations: { readOnlyHint: false } }),
  ];
  const calledTools = (server: ScriptedServer) => server.calls.get('tools/call') ?? 0;

  it('calls only annotated read-only tools without required arguments, never by default', async () => {
    const named: string[] = [];
    const options: ScriptedOptions = {
      tools: catalogue,
      override: ({ method, params }) => {
        if (method === 'tools/call') named.push(String(params['name']));
        return method === 'tools/call' ? { result: { content: [], structuredContent: { n: 1 } } } : undefined;
      },
    };
    const byDefault = await judge(options);
    assert.equal(calledTools(byDefault.server), 0);
    const sampled = await judge(options, { callTools: 'readonly' });
    assert.deepEqual(named, ['ro_ok']);
    assert.equal(sampled.verdict.status, 'healthy', JSON.stringify(sampled.verdict.reasons));
  });

  it('tool_error: a sampled tool returns isError: true', async () => {
    const { verdict, codes } = await judge(
      { toolResults: { get_time: { content: [{ type: 'text', text: 'upstream clock unavailable' }], isError: true } } },
      { callTools: 'readonly' },
    );
    assert.equal(verdict.status, 'degraded');
    assert.deepEqual(codes, ['tool_error']);
    assert.match(verdict.reasons[0]!.detail, /upstream clock unavailable/);
  });

  it('output_schema_mismatch: structuredContent violates the outputSchema (schema drift)', async () => {
    const { verdict, codes } = await judge(
      { toolResults: { get_time: { content: [], structuredContent: { iso: 1767225600 } } } },
      { callTools: 'readonly' },
    );
    assert.equal(verdict.status, 'degraded');
    assert.deepEqual(codes, ['output_schema_mismatch']);
    assert.match(verdict.reasons[0]!.detail, /must be string/);
  });

  it('output_schema_mismatch: an outputSchema is declared but no structuredContent comes back', async () => {
    const { codes } = await judge({ toolResults: { get_time: { content: [{ type: 'text', text: 'noon' }] } } }, { callTools: 'readonly' });
    assert.deepEqual(codes, ['output_schema_mismatch']);
  });
});
