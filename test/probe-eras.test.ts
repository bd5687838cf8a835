import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startV1LegacySse, startV1StatefulSse, startV1StatelessJson, startV2Modern, type SdkServer } from './fixtures/sdk-servers.js';
import { check } from './helpers/check.js';

/** Era negotiation against the official SDK servers of every protocol era. */

describe('SDK 1.x stateful Streamable HTTP with SSE answers', () => {
  let server: SdkServer;
  before(async () => (server = await startV1StatefulSse()));
  after(() => server.close());

  it('is healthy, in the initialize era, with a session that is deleted at the end', async () => {
    const { result, verdict } = await check(server.url);
    assert.equal(verdict.status, 'healthy', JSON.stringify(verdict.reasons));
    assert.deepEqual(verdict.reasons, []);
    assert.equal(result.handshake?.era, 'initialize');
    assert.equal(result.handshake?.protocolVersion, '2025-11-25');
    assert.equal(result.handshake?.transport, 'streamable-http');
    assert.equal(result.handshake?.sessionIssued, true);
    assert.equal(result.handshake?.server?.name, 'fixture-v1-stateful-sse');
    assert.deepEqual(result.catalogue?.tools.map((t) => t.name).sort(), ['add', 'echo', 'server_time']);
    assert.equal(result.catalogue?.resources?.count, 1);
    assert.equal(result.catalogue?.prompts?.count, 1);
    assert.match(result.catalogue?.hash ?? '', /^sha256:[0-9a-f]{64}$/);
    assert.equal(result.liveness?.attempts, 3);
    assert.deepEqual(result.liveness?.failures, []);
    assert.deepEqual(result.closed, { kind: 'http', status: 200 });
    assert.equal(server.openSessions(), 0, 'the DELETE ended the session on the server');
    const sseStep = result.steps.find((s) => s.name === 'tools/list');
    assert.equal(sseStep?.http?.contentType, 'text/event-stream');
  });

  it('calls read-only tools without required arguments and checks their output schema', async () => {
    const { result, verdict } = await check(server.url, { callTools: 'readonly' });
    assert.equal(verdict.status, 'healthy', JSON.stringify(verdict.reasons));
    assert.deepEqual(result.toolCalls.map((c) => [c.tool, c.outcome]), [['server_time', 'ok']]);
  });

  it('keeps the same catalogue hash across probes', async () => {
    const first = await check(server.url);
    const second = await check(server.url);
    assert.equal(first.result.catalogue?.hash, second.result.catalogue?.hash);
  });
});

describe('SDK 1.x stateless Streamable HTTP with JSON answers', () => {
  let server: SdkServer;
  before(async () => (server = await startV1StatelessJson()));
  after(() => server.close());

  it('is healthy, without a session and without a DELETE', async () => {
    const { result, verdict } = await check(server.url);
    assert.equal(verdict.status, 'healthy', JSON.stringify(verdict.reasons));
    assert.equal(result.handshake?.era, 'initialize');
    assert.equal(result.handshake?.sessionIssued, false);
    assert.deepEqual(result.closed, { kind: 'none' });
    assert.equal(result.steps.find((s) => s.name === 'tools/list')?.http?.contentType, 'application/json');
  });
});

describe('SDK 1.x deprecated HTTP+SSE transport (2024-11-05)', () => {
  let server: SdkServer;
  before(async () => (server = await startV1LegacySse()));
  after(() => server.close());

  it('is reached by the fallback and judged degraded: legacy_transport', async () => {
    const { result, verdict, codes } = await check(server.url);
    assert.equal(verdict.status, 'degraded');
    assert.deepEqual(codes, ['legacy_transport']);
    assert.equal(result.handshake?.era, 'legacy-sse');
    assert.equal(result.handshake?.transport, 'http+sse');
    assert.deepEqual(result.steps.slice(0, 3).map((s) => [s.name, s.http?.status]), [['server/discover', 404], ['initialize', 404], ['sse:open', 200]]);
    assert.equal(result.catalogue?.toolCount, 3);
    assert.deepEqual(result.liveness?.failures, []);
  });

  it('closes its event stream when the probe ends', async () => {
    await check(server.url);
    // The server notices the closed stream asynchronously.
    for (let i = 0; i < 50 && server.openSessions() > 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(server.openSessions(), 0);
  });
});

describe('@modelcontextprotocol/server 2.x, revision 2026-07-28', () => {
  for (const legacy of ['stateless', 'reject'] as const) {
    describe(`legacy: ${legacy}`, () => {
      let server: SdkServer;
      before(async () => (server = await startV2Modern({ legacy })));
      after(() => server.close());

      it('is healthy in the stateless era via server/discover, with no initialize and no ping', async () => {
        const { result, verdict } = await check(server.url, { callTools: 'readonly' });
        assert.equal(verdict.status, 'healthy', JSON.stringify(verdict.reasons));
        assert.equal(result.handshake?.era, 'stateless');
        assert.equal(result.handshake?.protocolVersion, '2026-07-28');
        assert.deepEqual(result.handshake?.supportedVersions, ['2026-07-28']);
        assert.equal(result.handshake?.server?.name, 'fixture-v2-2026');
        assert.equal(result.catalogue?.toolCount, 3);
        assert.equal(result.liveness?.method, 'server/discover');
        assert.ok(!result.steps.some((s) => s.name === 'initialize' || s.name === 'ping'));
        assert.deepEqual(result.toolCalls.map((c) => [c.tool, c.outcome]), [['server_time', 'ok']]);
      });
    });
  }
});
