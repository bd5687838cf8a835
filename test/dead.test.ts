import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { closedPort, type RunningServer } from './fixtures/listen.js';
import {
  startBanner,
  startDrip,
  startEndlessSse,
  startNeverAnswers,
  startRedirectChain,
  startRedirectLoop,
  startReset,
  startStatic,
} from './fixtures/hostile-servers.js';
import { startScriptedServer } from './fixtures/scripted-mcp-server.js';
import { makeTestPki, startTlsMcpServer, type TestPki } from './fixtures/tls.js';
import { check, TEST_LIMITS, TEST_THRESHOLDS } from './helpers/check.js';

/** The contract's dead rules, one test each, against a real server showing the behaviour. */

async function withServer<T>(start: () => Promise<RunningServer>, run: (server: RunningServer) => Promise<T>): Promise<T> {
  const server = await start();
  try {
    return await run(server);
  } finally {
    await server.close();
  }
}

describe('dead', () => {
  it('dns_failure: a .invalid host name', async () => {
    const { verdict, codes, result } = await check('http://mcp-health-test.invalid/mcp');
    assert.equal(verdict.status, 'dead');
    assert.deepEqual(codes, ['dns_failure']);
    assert.equal(result.failure?.errorCode, 'ENOTFOUND');
  });

  it('connection_refused: nothing listens on the port', async () => {
    const port = await closedPort();
    const { verdict, codes } = await check(`http://127.0.0.1:${port}/mcp`);
    assert.equal(verdict.status, 'dead');
    assert.deepEqual(codes, ['connection_refused']);
  });

  it('connection_reset: the server resets the connection', async () => {
    await withServer(startReset, async (server) => {
      const { verdict, codes } = await check(server.url);
      assert.equal(verdict.status, 'dead');
      assert.deepEqual(codes, ['connection_reset']);
    });
  });

  it('not_http: the server speaks another protocol', async () => {
    await withServer(startBanner, async (server) => {
      const { verdict, codes, result } = await check(server.url);
      assert.equal(verdict.status, 'dead');
      assert.deepEqual(codes, ['not_http']);
      assert.match(result.failure?.errorCode ?? '', /^HPE_/);
    });
  });

  it('timeout: accepts the connection and never answers, cut by the per-request timeout', async () => {
    await withServer(startNeverAnswers, async (server) => {
      const startedAt = Date.now();
      const { verdict, codes } = await check(server.url, { requestTimeoutMs: 500 });
      assert.equal(verdict.status, 'dead');
      assert.deepEqual(codes, ['timeout']);
      assert.ok(Date.now() - startedAt < TEST_LIMITS.deadlineMs, 'ended before the deadline');
    });
  });

  it('timeout: a drip of one byte per second is cut by the per-request timeout, not reset by each byte', async () => {
    await withServer(() => startDrip(200), async (server) => {
      const startedAt = Date.now();
      const { verdict, codes, result } = await check(server.url, { requestTimeoutMs: 1_000 });
      assert.equal(verdict.status, 'dead');
      assert.deepEqual(codes, ['timeout']);
      assert.equal(result.failure?.code, 'request_timeout');
      assert.ok(Date.now() - startedAt < 3_000, `took ${Date.now() - startedAt} ms`);
    });
  });

  it('timeout: an endless SSE stream of keep-alive comments is cut, and the whole probe by its deadline', async () => {
    await withServer(() => startEndlessSse(20), async (server) => {
      const startedAt = Date.now();
      const { verdict, codes, result } = await check(server.url, { requestTimeoutMs: 5_000, deadlineMs: 1_000 });
      assert.equal(verdict.status, 'dead');
      assert.deepEqual(codes, ['timeout']);
      assert.equal(result.failure?.code, 'deadline');
      assert.ok(Date.now() - startedAt < 2_500, `took ${Date.now() - startedAt} ms`);
    });
  });

  it('http_error: every request gets 500', async () => {
    await withServer(() => startStatic(500, { 'content-type': 'text/plain' }, 'oops'), async (server) => {
      const { verdict, codes, result } = await check(server.url);
      assert.equal(verdict.status, 'dead');
      assert.deepEqual(codes, ['http_error']);
      assert.equal(result.failure?.httpStatus, 500);
    });
  });

  it('http_error: 404 everywhere, after trying all three eras', async () => {
    await withServer(() => startStatic(404, { 'content-type': 'text/html' }, '<h1>Not Found</h1>'), async (server) => {
      const { verdict, codes, result } = await check(server.url);
      assert.equal(verdict.status, 'dead');
      assert.deepEqual(codes, ['http_error']);
      assert.deepEqual(result.steps.map((s) => s.name), ['server/discover', 'initialize', 'sse:open']);
    });
  });

  it('empty_body: 200 with nothing in it', async () => {
    await withServer(() => startStatic(200, { 'content-type': 'application/json' }, ''), async (server) => {
      const { verdict, codes } = await check(server.url);
      assert.equal(verdict.status, 'dead');
      assert.deepEqual(codes, ['empty_body']);
    });
  });

  it('not_json: an HTML 200 (a parked domain, a login page)', async () => {
    await withServer(() => startStatic(200, { 'content-type': 'text/html' }, '<!doctype html><title>Welcome</title>'), async (server) => {
      const { verdict, codes, result } = await check(server.url);
      assert.equal(verdict.status, 'dead');
      assert.deepEqual(codes, ['not_json']);
      assert.match(result.failure?.detail ?? '', /text\/html/);
    });
  });

  it('not_jsonrpc: JSON that is not a JSON-RPC response', async () => {
    await withServer(() => startStatic(200, { 'content-type': 'application/json' }, '{"status":"ok","version":3}'), async (server) => {
      const { verdict, codes } = await check(server.url);
      assert.equal(verdict.status, 'dead');
      assert.deepEqual(codes, ['not_jsonrpc']);
    });
  });

  it('handshake_error: initialize answered with a JSON-RPC error', async () => {
    const server = await startScriptedServer({
      override: ({ method }) => (method === 'initialize' ? { error: { code: -32603, message: 'database down' } } : undefined),
    });
    try {
      const { verdict, codes, result } = await check(server.url);
      assert.equal(verdict.status, 'dead');
      assert.deepEqual(codes, ['handshake_error']);
      assert.equal(result.failure?.rpcCode, -32603);
    } finally {
      await server.close();
    }
  });

  it('handshake_invalid: an initialize result that does not match the schema', async () => {
    const server = await startScriptedServer({
      override: ({ method }) => (method === 'initialize' ? { result: { protocolVersion: '2025-06-18', capabilities: {} } } : undefined),
    });
    try {
      const { verdict, codes, result } = await check(server.url);
      assert.equal(verdict.status, 'dead');
      assert.deepEqual(codes, ['handshake_invalid']);
      assert.match(result.failure?.detail ?? '', /serverInfo/);
    } finally {
      await server.close();
    }
  });

  it('protocol_mismatch: the server picks a revision mcp-health does not speak', async () => {
    const server = await startScriptedServer({ protocolVersion: '1999-01-01' });
    try {
      const { verdict, codes } = await check(server.url);
      assert.equal(verdict.status, 'dead');
      assert.deepEqual(codes, ['protocol_mismatch']);
    } finally {
      await server.close();
    }
  });

  it('redirect_loop: /a → /b → /a', async () => {
    await withServer(startRedirectLoop, async (server) => {
      const { verdict, codes, result } = await check(server.url);
      assert.equal(verdict.status, 'dead');
      assert.deepEqual(codes, ['redirect_loop']);
      assert.equal(result.steps.length, 1, 'a transport failure ends negotiation at once');
    });
  });

  it('too_many_redirects: an endless chain of new URLs', async () => {
    await withServer(startRedirectChain, async (server) => {
      const { verdict, codes } = await check(server.url, { maxRedirects: 3 });
      assert.equal(verdict.status, 'dead');
      assert.deepEqual(codes, ['too_many_redirects']);
    });
  });

  it('redirect_invalid: a redirect to a non-HTTP scheme', async () => {
    await withServer(() => startStatic(302, { location: 'file:///etc/passwd' }), async (server) => {
      const { verdict, codes } = await check(server.url);
      assert.equal(verdict.status, 'dead');
      assert.deepEqual(codes, ['redirect_invalid']);
    });
  });

  describe('TLS', () => {
    let pki: TestPki;
    before(() => {
      pki = makeTestPki();
    });

    it('a certificate from a trusted CA is accepted (the control case)', async () => {
      await withServer(() => startTlsMcpServer(pki.good), async (server) => {
        const { verdict } = await check(server.url, { caPem: [pki.caPem] });
        assert.equal(verdict.status, 'healthy', JSON.stringify(verdict.reasons));
      });
    });

    it('tls_untrusted: a self-signed certificate', async () => {
      await withServer(() => startTlsMcpServer(pki.selfSigned), async (server) => {
        const { verdict, codes } = await check(server.url, { caPem: [pki.caPem] });
        assert.equal(verdict.status, 'dead');
        assert.deepEqual(codes, ['tls_untrusted']);
      });
    });

    it('tls_expired: an expired certificate', async () => {
      await withServer(() => startTlsMcpServer(pki.expired), async (server) => {
        const { verdict, codes, result } = await check(server.url, { caPem: [pki.caPem] });
        assert.equal(verdict.status, 'dead');
        assert.deepEqual(codes, ['tls_expired']);
        assert.equal(result.failure?.errorCode, 'CERT_HAS_EXPIRED');
      });
    });

    it('tls_hostname: a certificate for another host', async () => {
      await withServer(() => startTlsMcpServer(pki.wrongHost), async (server) => {
        const { verdict, codes } = await check(server.url, { caPem: [pki.caPem] });
        assert.equal(verdict.status, 'dead');
        assert.deepEqual(codes, ['tls_hostname']);
      });
    });

    it('records the TLS connection, and warns (informational) when the certificate expires soon', async () => {
      await withServer(() => startTlsMcpServer(pki.good), async (server) => {
        const quiet = await check(server.url, { caPem: [pki.caPem] });
        assert.equal(quiet.result.tls?.authorized, true);
        assert.match(quiet.result.tls?.protocol ?? '', /^TLSv1\.[23]$/);
        assert.equal(quiet.result.tls?.certificate?.issuer, 'mcp-health test CA');
        assert.deepEqual(quiet.codes, []);
        const warned = await check(server.url, { caPem: [pki.caPem] }, { ...TEST_THRESHOLDS, certificateWarningDays: 60 });
        assert.equal(warned.verdict.status, 'healthy');
        assert.deepEqual(warned.codes, ['tls_expiring_soon']);
        assert.match(warned.verdict.reasons[0]!.detail, /^the certificate expires in (29|30) days/);
      });
    });

    it('tls_error: https:// to a port that speaks plain HTTP', async () => {
      await withServer(() => startStatic(200, { 'content-type': 'application/json' }, '{}'), async (server) => {
        const { verdict, codes, result } = await check(server.url.replace('http://', 'https://'));
        assert.equal(verdict.status, 'dead');
        assert.deepEqual(codes, ['tls_error']);
        assert.equal(result.failure?.errorCode, 'ERR_SSL_WRONG_VERSION_NUMBER');
      });
    });

    it('connection_reset: http:// to a TLS port (the TLS server hangs up on a plain request)', async () => {
      await withServer(() => startTlsMcpServer(pki.good), async (server) => {
        const { verdict, codes } = await check(server.url.replace('https://', 'http://'));
        assert.equal(verdict.status, 'dead');
        assert.deepEqual(codes, ['connection_reset']);
      });
    });

    it('--insecure accepts what verification refuses', async () => {
      await withServer(() => startTlsMcpServer(pki.expired), async (server) => {
        const { verdict, codes, result } = await check(server.url, { insecure: true });
        assert.equal(verdict.status, 'healthy', JSON.stringify(verdict.reasons));
        assert.equal(result.tls?.authorized, false);
        assert.deepEqual(codes, ['tls_expiring_soon'], 'the expired certificate is still reported');
      });
    });
  });
});
