import type { ProbeResult } from '../../src/probe/probe-result.js';

/** A healthy initialize-era probe of `url` with a one-tool catalogue, for store tests; `overrides` replace fields. */
export function healthyResult(url: string, startedAt: string, overrides: Partial<ProbeResult> = {}): ProbeResult {
  return {
    url,
    headerNames: [],
    startedAt,
    durationMs: 50,
    deadlineMs: 30_000,
    handshake: { era: 'initialize', transport: 'streamable-http', protocolVersion: '2025-11-25', server: { name: 's', version: '1' }, capabilities: { tools: {} }, instructionsLength: 0, sessionIssued: false },
    failure: null,
    auth: null,
    tls: null,
    rateLimited: false,
    sessionRejected: false,
    catalogue: { toolsDeclared: true, tools: [{ name: 'a', inputSchema: { type: 'object' } }], toolCount: 1, pages: 1, truncated: false, hash: 'sha256:a', failure: null, problems: [], resources: null, prompts: null },
    liveness: { method: 'ping', attempts: 3, failures: [], pingUnsupported: false },
    toolCalls: [],
    closed: { kind: 'none' },
    steps: [{ name: 'initialize', startedAtMs: 0, durationMs: 20, outcome: 'ok' }],
    ...overrides,
  };
}
