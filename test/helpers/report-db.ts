import { classify } from '../../src/classify/classify.js';
import type { ProbeResult } from '../../src/probe/probe-result.js';
import type { ToolDefinition } from '../../src/probe/catalogue/tool-rules.js';
import { catalogueHash } from '../../src/probe/catalogue/catalogue-hash.js';
import type { Failure } from '../../src/probe/failure.js';
import type { Db } from '../../src/store/database.js';
import { RunRecorder } from '../../src/store/run-recorder.js';
import { TEST_THRESHOLDS } from './check.js';

/**
 * A history with fixed timestamps, written through the store's own API (RunRecorder) from
 * hand-made probe records: three runs of a small fleet, with a transition, an auth-required
 * endpoint, dead ones, and catalogue drift. Golden files and the browser test read it.
 */
export const RUN_TIMES = ['2026-11-01T08:00:00.000Z', '2026-11-08T08:00:00.000Z', '2026-11-15T08:00:00.000Z'];
export const REPORT_NOW = new Date('2026-11-15T09:00:00.000Z');

const SEARCH: ToolDefinition = { name: 'search', description: 'Searches | the *index*', inputSchema: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] }, annotations: { readOnlyHint: true } };
const FETCH: ToolDefinition = { name: 'fetch', inputSchema: { type: 'object', properties: { url: { type: 'string' } } }, outputSchema: { type: 'object', properties: { body: { type: 'string' } } } };
const FETCH_V2: ToolDefinition = { ...FETCH, outputSchema: { properties: { body: { type: 'string' }, status: { type: 'integer' } }, type: 'object' } };
/** The same schema as SEARCH with its keys in another order: not a change. */
const SEARCH_REORDERED: ToolDefinition = { annotations: { readOnlyHint: true }, inputSchema: { required: ['q'], properties: { q: { type: 'string' } }, type: 'object' }, description: 'Searches | the *index*', name: 'search' };
const SUMMARISE: ToolDefinition = { name: 'summarise', title: 'Summarise <b>text</b>', description: 'Summaries.', inputSchema: { type: 'object', properties: { text: { type: 'string' } } } };

type Kind = 'healthy' | 'slow' | 'auth' | 'refused' | 'html' | 'stale';

function probeRecord(url: string, startedAt: string, kind: Kind, tools: ToolDefinition[], handshakeMs: number): ProbeResult {
  const base: ProbeResult = {
    url,
    headerNames: [],
    startedAt,
    durationMs: handshakeMs * 4,
    deadlineMs: 30_000,
    handshake: {
      era: 'initialize',
      transport: 'streamable-http',
      protocolVersion: kind === 'stale' ? '2024-11-05' : '2025-11-25',
      server: { name: `server-${new URL(url).hostname.split('.')[0]}`, version: '1.0.0' },
      capabilities: { tools: {} },
      instructionsLength: 0,
      sessionIssued: false,
    },
    failure: null,
    auth: null,
    tls: null,
    rateLimited: false,
    sessionRejected: false,
    catalogue: { toolsDeclared: true, tools, toolCount: tools.length, pages: 1, truncated: false, hash: catalogueHash(tools), failure: null, problems: [], resources: null, prompts: null },
    liveness: { method: 'ping', attempts: 3, failures: [], pingUnsupported: false },
    toolCalls: [],
    closed: { kind: 'none' },
    steps: [
      { name: 'server/discover', startedAtMs: 0, durationMs: 3, outcome: 'http_status', http: { status: 400, contentType: 'application/json', bytes: 80, url } },
      { name: 'initialize', startedAtMs: 3, durationMs: handshakeMs, outcome: 'ok', http: { status: 200, contentType: 'application/json', bytes: 300, url } },
      { name: 'tools/list', startedAtMs: 3 + handshakeMs, durationMs: kind === 'slow' ? 2_500 : 10, outcome: 'ok', http: { status: 200, contentType: 'application/json', bytes: 900, url } },
    ],
  };
  const dead = (failure: Failure): ProbeResult => ({ ...base, handshake: null, catalogue: null, liveness: null, failure, steps: base.steps.slice(0, 1) });
  if (kind === 'refused') return dead({ code: 'connection_refused', detail: 'connect ECONNREFUSED', errorCode: 'ECONNREFUSED' });
  if (kind === 'html') return dead({ code: 'not_json', detail: 'text/html answer: <!doctype html><title>Parked</title>' });
  if (kind === 'auth') {
    return {
      ...base,
      handshake: null,
      catalogue: null,
      liveness: null,
      auth: {
        status: 401,
        credentialsSent: false,
        challenge: { scheme: 'Bearer', resourceMetadata: 'https://delta.example/.well-known/oauth-protected-resource/mcp' },
        resourceMetadata: { url: 'https://delta.example/.well-known/oauth-protected-resource/mcp', source: 'header', authorizationServers: ['https://auth.example'] },
        authorizationServer: { issuer: 'https://auth.example', metadataUrl: 'https://auth.example/.well-known/oauth-authorization-server', pkceS256: true, registration: ['dynamic'] },
        problems: [],
      },
      steps: base.steps.slice(0, 1),
    };
  }
  return base;
}

/** (url, name, kind per run, tools per run, handshake ms per run) */
const FLEET: Array<{ url: string; name?: string; kinds: Kind[]; tools: ToolDefinition[][]; ms: number[] }> = [
  { url: 'https://alpha.example/mcp', name: 'Alpha | search', kinds: ['healthy', 'healthy', 'healthy'], tools: [[SEARCH], [SEARCH_REORDERED, FETCH], [SEARCH, FETCH_V2]], ms: [40, 45, 52] },
  { url: 'https://beta.example/mcp', kinds: ['healthy', 'refused', 'healthy'], tools: [[SEARCH, SUMMARISE], [], [SEARCH]], ms: [80, 0, 95] },
  { url: 'https://gamma.example/mcp', name: 'Gamma', kinds: ['slow', 'slow', 'slow'], tools: [[FETCH], [FETCH], [FETCH]], ms: [300, 320, 310] },
  { url: 'https://delta.example/mcp', kinds: ['auth', 'auth', 'auth'], tools: [[], [], []], ms: [0, 0, 0] },
  { url: 'http://epsilon.example/mcp', kinds: ['html', 'html', 'html'], tools: [[], [], []], ms: [0, 0, 0] },
  { url: 'http://zeta.example:8080/mcp', kinds: ['stale', 'stale', 'refused'], tools: [[SUMMARISE], [SUMMARISE], []], ms: [20, 22, 0] },
  { url: 'https://eta.example/mcp', kinds: ['healthy', 'healthy', 'healthy'], tools: [[SEARCH], [SEARCH], [SEARCH]], ms: [15, 16, 14] },
];

/** Writes the three runs into `db` (an open, empty database). */
export function writeReportHistory(db: Db): void {
  RUN_TIMES.forEach((time, run) => {
    const at = new Date(time);
    const recorder = RunRecorder.start(db, { files: ['/fleet.txt'] }, {}, FLEET.map((e) => ({ url: e.url, name: e.name })), at);
    FLEET.forEach((endpoint, i) => {
      const startedAt = new Date(at.getTime() + 1_000 * (i + 1)).toISOString();
      const result = probeRecord(endpoint.url, startedAt, endpoint.kinds[run]!, endpoint.tools[run]!, endpoint.ms[run]!);
      recorder.record({ url: endpoint.url, name: endpoint.name, result, verdict: classify(result, TEST_THRESHOLDS), inferred: false });
    });
    recorder.finish('finished', new Date(at.getTime() + 60_000));
  });
}

export const PARTIAL_RUN_TIME = '2026-11-15T08:30:00.000Z';

/**
 * A fourth run, started for the whole fleet but with results for only the first `probed`
 * endpoints, all refused: a scan stopped (`interrupted`) or still under way (`running`).
 */
export function writePartialRun(db: Db, probed: number, state: 'running' | 'interrupted' = 'interrupted'): void {
  const at = new Date(PARTIAL_RUN_TIME);
  const recorder = RunRecorder.start(db, { files: ['/fleet.txt'] }, {}, FLEET.map((e) => ({ url: e.url, name: e.name })), at);
  FLEET.slice(0, probed).forEach((endpoint, i) => {
    const result = probeRecord(endpoint.url, new Date(at.getTime() + 1_000 * (i + 1)).toISOString(), 'refused', [], 0);
    recorder.record({ url: endpoint.url, name: endpoint.name, result, verdict: classify(result, TEST_THRESHOLDS), inferred: false });
  });
  if (state === 'interrupted') recorder.finish('interrupted', new Date(at.getTime() + 60_000));
  else recorder.flush();
}

/** The fleet's size (targets of every run). */
export const FLEET_SIZE = FLEET.length;
