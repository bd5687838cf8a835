import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify, type Thresholds } from '../src/classify/classify.js';
import { REASON_CODES, REASONS } from '../src/classify/reasons.js';
import { failure, type FailureCode } from '../src/probe/failure.js';
import type { ProbeResult } from '../src/probe/probe-result.js';
import type { AuthFacts } from '../src/probe/auth/discover-auth.js';

/** The classification contract as a decision table, row by row, on hand-made probe records. */

const THRESHOLDS: Thresholds = { slowMs: 2_000, minProtocolVersion: '2025-03-26', certificateWarningDays: 14 };

function healthyResult(): ProbeResult {
  return {
    url: 'https://mcp.example.com/mcp',
    headerNames: [],
    startedAt: '2026-11-25T00:00:00.000Z',
    durationMs: 120,
    deadlineMs: 30_000,
    handshake: {
      era: 'initialize',
      transport: 'streamable-http',
      protocolVersion: '2025-11-25',
      server: { name: 'example', version: '1.0.0' },
      capabilities: { tools: {} },
      instructionsLength: 0,
      sessionIssued: true,
    },
    failure: null,
    auth: null,
    tls: null,
    rateLimited: false,
    sessionRejected: false,
    catalogue: {
      toolsDeclared: true,
      tools: [{ name: 'search', inputSchema: { type: 'object' } }],
      toolCount: 1,
      pages: 1,
      truncated: false,
      hash: 'sha256:00',
      failure: null,
      problems: [],
      resources: null,
      prompts: null,
    },
    liveness: { method: 'ping', attempts: 3, failures: [], pingUnsupported: false },
    toolCalls: [],
    closed: { kind: 'http', status: 200 },
    steps: [
      { name: 'initialize', startedAtMs: 0, durationMs: 40, outcome: 'ok' },
      { name: 'tools/list', startedAtMs: 40, durationMs: 30, outcome: 'ok' },
    ],
  };
}

function deadResult(code: FailureCode, extra: Parameters<typeof failure>[2] = {}): ProbeResult {
  return { ...healthyResult(), handshake: null, catalogue: null, liveness: null, closed: null, failure: failure(code, 'detail', extra) };
}

function authResult(auth: Partial<AuthFacts>): ProbeResult {
  return {
    ...healthyResult(),
    handshake: null,
    catalogue: null,
    liveness: null,
    closed: null,
    auth: {
      status: 401,
      credentialsSent: false,
      challenge: { scheme: 'bearer', resourceMetadata: 'https://mcp.example.com/.well-known/oauth-protected-resource' },
      resourceMetadata: { url: 'https://mcp.example.com/.well-known/oauth-protected-resource', source: 'header', authorizationServers: ['https://auth.example.com'] },
      authorizationServer: { issuer: 'https://auth.example.com', metadataUrl: 'https://auth.example.com/.well-known/oauth-authorization-server', pkceS256: true, registration: ['dynamic'] },
      problems: [],
      ...auth,
    },
  };
}

const codesOf = (result: ProbeResult) => classify(result, THRESHOLDS).reasons.map((r) => r.code);
const statusOf = (result: ProbeResult) => classify(result, THRESHOLDS).status;

describe('healthy', () => {
  it('a complete conversation within the thresholds has no reasons', () => {
    assert.deepEqual(classify(healthyResult(), THRESHOLDS), { status: 'healthy', reasons: [] });
  });
});

describe('dead: each handshake failure maps to its reason', () => {
  const table: Array<[FailureCode, string]> = [
    ['dns', 'dns_failure'],
    ['connection_refused', 'connection_refused'],
    ['connection_reset', 'connection_reset'],
    ['connect_timeout', 'connect_timeout'],
    ['tls_untrusted', 'tls_untrusted'],
    ['tls_expired', 'tls_expired'],
    ['tls_hostname', 'tls_hostname'],
    ['tls_handshake', 'tls_error'],
    ['request_timeout', 'timeout'],
    ['deadline', 'timeout'],
    ['not_http', 'not_http'],
    ['body_too_large', 'body_too_large'],
    ['sse_event_too_large', 'body_too_large'],
    ['decompression', 'bad_encoding'],
    ['redirect_loop', 'redirect_loop'],
    ['too_many_redirects', 'too_many_redirects'],
    ['redirect_invalid', 'redirect_invalid'],
    ['http_status', 'http_error'],
    ['empty_body', 'empty_body'],
    ['not_json', 'not_json'],
    ['not_jsonrpc', 'not_jsonrpc'],
    ['stream_ended', 'no_response'],
    ['rpc_error', 'handshake_error'],
    ['schema', 'handshake_invalid'],
    ['protocol_mismatch', 'protocol_mismatch'],
    ['internal', 'probe_error'],
  ];
  for (const [code, reason] of table) {
    it(`${code} → ${reason}`, () => {
      assert.equal(statusOf(deadResult(code)), 'dead');
      assert.deepEqual(codesOf(deadResult(code)), [reason]);
    });
  }
  it('429 at the handshake, even after the retry, is rate_limited (degraded), not dead', () => {
    const result = { ...deadResult('http_status', { httpStatus: 429 }), rateLimited: true };
    assert.equal(statusOf(result), 'degraded');
    assert.deepEqual(codesOf(result), ['rate_limited']);
  });
});

describe('degraded', () => {
  it('slow: the slowest answered step over the threshold is named', () => {
    const result = healthyResult();
    result.steps.push({ name: 'ping', startedAtMs: 90, durationMs: 2_500, outcome: 'ok' }, { name: 'tools/list', startedAtMs: 0, durationMs: 2_100, outcome: 'ok' });
    const verdict = classify(result, THRESHOLDS);
    assert.equal(verdict.status, 'degraded');
    assert.deepEqual(verdict.reasons, [{ code: 'slow', detail: 'ping took 2500 ms (threshold 2000 ms)' }]);
  });
  it('slow: a step cut by a time limit is a timeout, not slow; the session DELETE does not count', () => {
    const result = healthyResult();
    result.steps.push({ name: 'ping', startedAtMs: 0, durationMs: 9_000, outcome: 'request_timeout' }, { name: 'session:delete', startedAtMs: 0, durationMs: 5_000, outcome: 'ok' });
    result.liveness = { method: 'ping', attempts: 3, failures: [failure('request_timeout', 't')], pingUnsupported: false };
    assert.deepEqual(codesOf(result), ['flaky']);
  });
  const laterFailures: Array<[FailureCode, string]> = [
    ['not_json', 'parse_error'],
    ['not_jsonrpc', 'parse_error'],
    ['sse_malformed', 'parse_error'],
    ['schema', 'schema_error'],
    ['rpc_error', 'schema_error'],
    ['request_timeout', 'request_failed'],
    ['connection_reset', 'request_failed'],
    ['stream_ended', 'request_failed'],
  ];
  for (const [code, reason] of laterFailures) {
    it(`a tools/list failure ${code} → ${reason}`, () => {
      const result = healthyResult();
      result.catalogue!.failure = failure(code, 'x');
      assert.equal(statusOf(result), 'degraded');
      assert.deepEqual(codesOf(result), [reason]);
    });
  }
  it('a 404 on tools/list with an issued session → session_rejected; without a session → request_failed', () => {
    const result = healthyResult();
    result.catalogue!.failure = failure('http_status', 'HTTP 404', { httpStatus: 404 });
    assert.deepEqual(codesOf(result), ['session_rejected']);
    result.handshake!.sessionIssued = false;
    assert.deepEqual(codesOf(result), ['request_failed']);
  });
  it('invalid_tools summarises the problems', () => {
    const result = healthyResult();
    result.catalogue!.problems = [1, 2, 3, 4].map((i) => ({ tool: `t${i}`, rule: 'name_format' as const, detail: 'bad' }));
    const verdict = classify(result, THRESHOLDS);
    assert.deepEqual(verdict.reasons.map((r) => r.code), ['invalid_tools']);
    assert.match(verdict.reasons[0]!.detail, /^4 problems: t1: bad; t2: bad; t3: bad \(\+1 more\)$/);
  });
  it('empty_catalog only when tools are declared and the listing succeeded', () => {
    const result = healthyResult();
    Object.assign(result.catalogue!, { tools: [], toolCount: 0 });
    assert.deepEqual(codesOf(result), ['empty_catalog']);
    result.catalogue!.toolsDeclared = false;
    assert.deepEqual(codesOf(result), []);
  });
  it('stale_protocol against the configured minimum', () => {
    const result = healthyResult();
    result.handshake!.protocolVersion = '2024-11-05';
    assert.deepEqual(codesOf(result), ['stale_protocol']);
    assert.deepEqual(classify(healthyResult(), { ...THRESHOLDS, minProtocolVersion: '2026-07-28' }).reasons.map((r) => r.code), ['stale_protocol']);
  });
  it('legacy_transport (and stale_protocol when it negotiated 2024-11-05)', () => {
    const result = healthyResult();
    Object.assign(result.handshake!, { era: 'legacy-sse', transport: 'http+sse', protocolVersion: '2024-11-05' });
    assert.deepEqual(codesOf(result), ['stale_protocol', 'legacy_transport']);
  });
  it('flaky when some samples fail; request_failed when all do', () => {
    const result = healthyResult();
    result.liveness!.failures = [failure('connection_reset', 'r')];
    assert.deepEqual(codesOf(result), ['flaky']);
    result.liveness!.failures = [1, 2, 3].map(() => failure('connection_reset', 'r'));
    assert.deepEqual(codesOf(result), ['request_failed']);
  });
  it('liveness samples that all get a JSON-RPC error: request_failed (schema_error is for lists)', () => {
    const result = healthyResult();
    result.liveness!.failures = [1, 2, 3].map(() => failure('rpc_error', 'ping answered JSON-RPC error -32603', { rpcCode: -32603 }));
    assert.deepEqual(codesOf(result), ['request_failed']);
  });
  it('ping_unsupported', () => {
    const result = healthyResult();
    result.liveness = { method: 'ping', attempts: 1, failures: [], pingUnsupported: true };
    assert.deepEqual(codesOf(result), ['ping_unsupported']);
  });
  it('rate_limited after the handshake', () => {
    assert.deepEqual(codesOf({ ...healthyResult(), rateLimited: true }), ['rate_limited']);
  });
  it('tool_error, output_schema_mismatch and tool_call_failed from sampled tools', () => {
    const result = healthyResult();
    result.toolCalls = [
      { tool: 'a', outcome: 'tool_error', detail: 'boom', durationMs: 1 },
      { tool: 'b', outcome: 'output_schema_mismatch', detail: '/n must be integer', durationMs: 1 },
      { tool: 'c', outcome: 'failed', detail: 'JSON-RPC error -32602', durationMs: 1 },
      { tool: 'd', outcome: 'ok', durationMs: 1 },
    ];
    assert.deepEqual(codesOf(result), ['tool_error', 'output_schema_mismatch', 'tool_call_failed']);
  });
});

describe('auth', () => {
  it('valid discovery and no credentials sent: healthy with auth_required', () => {
    const result = authResult({});
    assert.equal(statusOf(result), 'healthy');
    assert.deepEqual(codesOf(result), ['auth_required']);
  });
  it('no pointer and nothing at the well-known URIs: auth_discovery_missing', () => {
    const result = authResult({ challenge: null, resourceMetadata: null, authorizationServer: null, problems: [{ code: 'no_challenge', detail: 'no WWW-Authenticate header' }] });
    assert.deepEqual(codesOf(result), ['auth_discovery_missing']);
  });
  it('a pointer to a broken document, or broken server metadata: auth_metadata_invalid', () => {
    assert.deepEqual(codesOf(authResult({ resourceMetadata: null, problems: [{ code: 'resource_metadata_unreachable', detail: 'HTTP 500' }] })), ['auth_metadata_invalid']);
    assert.deepEqual(codesOf(authResult({ problems: [{ code: 'pkce_s256_missing', detail: 'no S256' }] })), ['auth_metadata_invalid']);
  });
  it('credentials that were sent and refused: auth_rejected', () => {
    const result = authResult({ credentialsSent: true });
    result.headerNames = ['Authorization'];
    assert.deepEqual(codesOf(result), ['auth_rejected']);
  });
});

describe('precedence and shape', () => {
  it('dead outranks degraded; all reasons are kept, worst first', () => {
    const result = deadResult('connection_reset');
    result.rateLimited = true;
    result.steps = [{ name: 'server/discover', startedAtMs: 0, durationMs: 3_000, outcome: 'http_status' }];
    const verdict = classify(result, THRESHOLDS);
    assert.equal(verdict.status, 'dead');
    assert.deepEqual(verdict.reasons.map((r) => r.code), ['connection_reset', 'slow']);
  });
  it('informational reasons never change the status', () => {
    const result = healthyResult();
    result.catalogue!.truncated = true;
    assert.equal(statusOf(result), 'healthy');
    assert.deepEqual(codesOf(result), ['catalog_truncated']);
  });
  it('is pure: the same record gives the same verdict, and the record is not changed', () => {
    const result = healthyResult();
    result.liveness!.failures = [failure('connection_reset', 'r')];
    const before = JSON.stringify(result);
    assert.deepEqual(classify(result, THRESHOLDS), classify(result, THRESHOLDS));
    assert.equal(JSON.stringify(result), before);
  });
  it('every reason code has a status and a summary', () => {
    assert.ok(REASON_CODES.length >= 40);
    for (const code of REASON_CODES) {
      assert.match(code, /^[a-z_]+$/);
      assert.ok(['healthy', 'degraded', 'dead'].includes(REASONS[code].status));
      assert.ok(REASONS[code].summary.length > 10);
    }
  });
});
