import type { LookupFunction } from 'node:net';
import type { Dispatcher } from 'undici';
import { DEFAULTS, type CallToolsMode } from '../config/defaults.js';
import { redactor } from '../util/redact.js';
import { USER_AGENT, VERSION } from '../version.js';
import { discoverAuth } from './auth/discover-auth.js';
import { catalogueFacts } from './catalogue/catalogue-facts.js';
import { listAll, type ListOptions } from './catalogue/list-pages.js';
import type { ToolDefinition } from './catalogue/tool-rules.js';
import type { ProbeContext } from './context.js';
import type { McpChannel } from './eras/channel.js';
import { negotiate, type HandshakeFacts } from './eras/negotiate.js';
import { failure } from './failure.js';
import { closeDispatcher, createDispatcher, type DispatcherOptions } from './http/dispatcher.js';
import { startDeadline } from './http/request-clock.js';
import type { TlsFacts } from './http/tls-facts.js';
import { sampleLiveness } from './liveness.js';
import { emptyProbeResult, type CatalogueFacts, type ListCount, type ProbeResult } from './probe-result.js';
import { StepLog } from './steps.js';
import { callTools, planConfiguredCalls, samplingPlans, selectReadOnlyTools, type ConfiguredCall } from './tool-sampling.js';
import { ListPromptsResultSchema, ListResourcesResultSchema, ToolsPageSchema } from './validate/mcp-results.js';

export interface ProbeOptions {
  url: string;
  /** Sent on every MCP request to the endpoint's origin (never to other origins, never to metadata URLs). */
  headers: Record<string, string>;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  deadlineMs: number;
  bodyLimitBytes: number;
  sseEventLimitBytes: number;
  maxRedirects: number;
  maxCataloguePages: number;
  maxTools: number;
  /** Decoded bytes of a catalogue's pages together (bounds its memory). */
  maxCatalogueBytes: number;
  livenessSamples: number;
  callTools: CallToolsMode;
  maxToolCalls: number;
  /**
   * Values never to keep from a server's answers (the secrets among `headers`): replaced with
   * `[redacted]` as answers are read, so no quoted, cut or stored server text holds them.
   */
  secrets?: readonly string[];
  /** Tools to call by name with given arguments (a CI configuration's `toolCalls`), after any sampling. */
  configuredCalls?: ConfiguredCall[];
  retryAfterMaxMs: number;
  insecure: boolean;
  /** Extra trusted CA certificates (PEM). */
  caPem?: string[];
  /** Name resolution (a scan shares a caching one across probes). */
  lookup?: LookupFunction;
  /**
   * Connections shared with other probes of the same origin (a scan's), closed by their
   * owner when the origin's last probe ends; without them the probe opens and closes its own.
   */
  connections?: SharedConnections;
}

export interface SharedConnections {
  dispatcher: Dispatcher;
  /** The origin's first TLS connection, when there has been one. */
  tls(): TlsFacts | null;
}

export function probeOptions(url: string, overrides: Partial<Omit<ProbeOptions, 'url'>> = {}): ProbeOptions {
  return {
    url,
    headers: {},
    connectTimeoutMs: DEFAULTS.connectTimeoutMs,
    requestTimeoutMs: DEFAULTS.requestTimeoutMs,
    deadlineMs: DEFAULTS.deadlineMs,
    bodyLimitBytes: DEFAULTS.bodyLimitBytes,
    sseEventLimitBytes: DEFAULTS.sseEventLimitBytes,
    maxRedirects: DEFAULTS.maxRedirects,
    maxCataloguePages: DEFAULTS.maxCataloguePages,
    maxTools: DEFAULTS.maxTools,
    maxCatalogueBytes: DEFAULTS.maxCatalogueBytes,
    livenessSamples: DEFAULTS.livenessSamples,
    callTools: 'none',
    maxToolCalls: DEFAULTS.maxToolCalls,
    retryAfterMaxMs: DEFAULTS.retryAfterMaxMs,
    insecure: false,
    ...overrides,
  };
}

const CLIENT_INFO = { name: 'mcp-health', version: VERSION };

/** The connection settings of a probe's options. */
export function dispatcherOptionsOf(options: Omit<ProbeOptions, 'url' | 'headers'>): DispatcherOptions {
  return {
    connectTimeoutMs: options.connectTimeoutMs,
    requestTimeoutMs: options.requestTimeoutMs,
    insecure: options.insecure,
    ...(options.caPem ? { caPem: options.caPem } : {}),
    ...(options.lookup ? { lookup: options.lookup } : {}),
  };
}

/**
 * Holds one MCP conversation with an endpoint, within a whole-probe deadline,
 * and returns what happened. Never throws: every outcome is in the record.
 */
export async function probe(options: ProbeOptions): Promise<ProbeResult> {
  const startedAt = new Date();
  const startedAtPerf = performance.now();
  const deadline = startDeadline(options.deadlineMs, () => new Error('probe deadline'));
  const ownsConnections = options.connections === undefined;
  const dispatcher =
    options.connections?.dispatcher ??
    createDispatcher({
      ...dispatcherOptionsOf(options),
      onTls: (facts) => {
        result.tls = facts;
      },
    });
  const context: ProbeContext = {
    dispatcher,
    deadline: deadline.signal,
    deadlineAtMs: startedAt.getTime() + options.deadlineMs,
    limits: {
      requestTimeoutMs: options.requestTimeoutMs,
      bodyLimitBytes: options.bodyLimitBytes,
      maxRedirects: options.maxRedirects,
      sseEventLimitBytes: options.sseEventLimitBytes,
      retryAfterMaxMs: options.retryAfterMaxMs,
    },
    // Lower-case names, so a user's User-Agent replaces ours rather than being sent beside it.
    userHeaders: Object.fromEntries(Object.entries(options.headers).map(([name, value]) => [name.toLowerCase(), value])),
    credentialOrigin: URL.canParse(options.url) ? new URL(options.url).origin : '',
    userAgent: USER_AGENT,
    redact: redactor(options.secrets ?? []),
    observed: { rateLimited: false },
  };
  const steps = new StepLog(startedAtPerf);
  const result = emptyProbeResult(options.url, Object.keys(options.headers), startedAt, options.deadlineMs, steps.steps);

  try {
    const negotiated = await negotiate(context, options.url, CLIENT_INFO, steps);
    if (negotiated.kind === 'failed') {
      result.failure = negotiated.failure;
    } else if (negotiated.kind === 'auth') {
      result.auth = await discoverAuth(context, options.url, negotiated.http, steps);
    } else {
      result.handshake = negotiated.facts;
      await converse(negotiated.channel, negotiated.facts, options, steps, result, context.deadlineAtMs);
      result.sessionRejected = negotiated.channel.sessionRejected;
    }
  } catch (err) {
    // A bug, not a network condition: keep the scan going and say so plainly.
    result.failure = failure('internal', `mcp-health internal error: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
  } finally {
    result.rateLimited = context.observed.rateLimited;
    deadline.stop();
    result.durationMs = Math.round(performance.now() - startedAtPerf);
    if (ownsConnections) await closeDispatcher(dispatcher);
    else result.tls ??= options.connections!.tls();
  }
  return result;
}

/** Everything after the handshake: catalogue, liveness, optional tool calls, goodbye. */
async function converse(channel: McpChannel, handshake: HandshakeFacts, options: ProbeOptions, steps: StepLog, result: ProbeResult, deadlineAtMs: number) {
  const listOptions: ListOptions = {
    maxPages: options.maxCataloguePages,
    maxItems: options.maxTools,
    maxBytes: options.maxCatalogueBytes,
    keepItems: true,
    emptyCursorEnds: handshake.era !== 'stateless',
  };
  const declared = (capability: string) => handshake.capabilities[capability] !== undefined && handshake.capabilities[capability] !== null;

  const catalogue: CatalogueFacts = {
    toolsDeclared: declared('tools'),
    tools: [],
    toolCount: 0,
    pages: 0,
    truncated: false,
    hash: null,
    failure: null,
    problems: [],
    resources: null,
    prompts: null,
  };
  result.catalogue = catalogue;
  if (catalogue.toolsDeclared) {
    const listing = await listAll(channel, steps, 'tools/list', 'tools', ToolsPageSchema, listOptions);
    const facts = catalogueFacts(listing.items as ToolDefinition[], handshake.era);
    Object.assign(catalogue, {
      tools: facts.tools,
      toolCount: listing.count,
      pages: listing.pages,
      truncated: listing.truncated,
      failure: listing.failure,
      problems: facts.problems,
      hash: listing.failure ? null : facts.hash,
    });
  }
  const count = async (method: string, key: 'resources' | 'prompts'): Promise<ListCount> => {
    const schema = key === 'resources' ? ListResourcesResultSchema : ListPromptsResultSchema;
    const listing = await listAll(channel, steps, method, key, schema as never, { ...listOptions, keepItems: false });
    return { count: listing.count, truncated: listing.truncated, failure: listing.failure };
  };
  if (declared('resources')) catalogue.resources = await count('resources/list', 'resources');
  if (declared('prompts')) catalogue.prompts = await count('prompts/list', 'prompts');

  if (options.livenessSamples > 0) result.liveness = await sampleLiveness(channel, steps, options.livenessSamples);
  if (options.callTools === 'readonly') {
    result.toolCalls = await callTools(channel, steps, samplingPlans(selectReadOnlyTools(catalogue.tools, options.maxToolCalls)), deadlineAtMs);
  }
  if (options.configuredCalls && options.configuredCalls.length > 0) {
    result.configuredCalls = await callTools(channel, steps, planConfiguredCalls(options.configuredCalls, catalogue.tools), deadlineAtMs, { configured: true });
  }
  const closingAt = steps.now();
  result.closed = await channel.close();
  if (result.closed.kind !== 'none') {
    steps.add(
      {
        name: 'session:delete',
        outcome: result.closed.kind === 'http' ? 'ok' : result.closed.failure.code,
        ...(result.closed.kind === 'http' ? { http: { status: result.closed.status, contentType: '', bytes: 0, url: options.url } } : {}),
      },
      closingAt,
    );
  }
}

