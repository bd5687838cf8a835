import { readFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import type { Thresholds } from '../classify/classify.js';
import { DEFAULTS, type CallToolsMode } from '../config/defaults.js';
import { isProtocolVersion } from '../probe/eras/protocol-versions.js';
import type { ProbeOptions } from '../probe/probe.js';
import { parseBytes, parseDurationMs } from './duration.js';
import { parseHeaderArgs } from './headers.js';
import { UsageError } from './usage-error.js';

/** The flags every probing command shares (check, scan, serve). */
export function withProbeFlags<T>(yargs: Argv<T>) {
  return yargs
    .option('header', { alias: 'H', type: 'string', array: true, default: [] as string[], describe: 'Request header "Name: value"; ${VAR} takes a value from the environment. Repeatable.' })
    .option('timeout', { type: 'string', default: String(DEFAULTS.deadlineMs), describe: 'Whole-probe deadline (ms, or 10s, 500ms)' })
    .option('connect-timeout', { type: 'string', default: String(DEFAULTS.connectTimeoutMs), describe: 'TCP+TLS connect timeout' })
    .option('request-timeout', { type: 'string', default: String(DEFAULTS.requestTimeoutMs), describe: 'Timeout of one HTTP request, to its last byte' })
    .option('slow-ms', { type: 'string', default: String(DEFAULTS.slowMs), describe: 'A step slower than this is "slow"' })
    .option('min-protocol', { type: 'string', default: DEFAULTS.minProtocolVersion, describe: 'Revisions older than this are "stale_protocol"' })
    .option('call-tools', { choices: ['none', 'readonly'] as const, default: 'none' as CallToolsMode, describe: 'Call up to a few tools annotated readOnlyHint with no required arguments' })
    .option('max-body', { type: 'string', default: mib(DEFAULTS.bodyLimitBytes), describe: 'Decompressed size cap of one response' })
    .option('max-sse-event', { type: 'string', default: mib(DEFAULTS.sseEventLimitBytes), describe: 'Size cap of one server-sent event' })
    .option('max-redirects', { type: 'number', default: DEFAULTS.maxRedirects, describe: 'Redirects followed per request' })
    .option('max-pages', { type: 'number', default: DEFAULTS.maxCataloguePages, describe: 'Catalogue pages followed (nextCursor)' })
    .option('max-tools', { type: 'number', default: DEFAULTS.maxTools, describe: 'Tools kept from one catalogue' })
    .option('max-catalogue', { type: 'string', default: mib(DEFAULTS.maxCatalogueBytes), describe: 'Decoded size of all catalogue pages together' })
    .option('liveness-samples', { type: 'number', default: DEFAULTS.livenessSamples, describe: 'Cheap requests after the catalogue, to catch flakiness' })
    .option('max-tool-calls', { type: 'number', default: DEFAULTS.maxToolCalls, describe: 'Read-only tools called with --call-tools readonly' })
    .option('retry-after-max', { type: 'string', default: String(DEFAULTS.retryAfterMaxMs), describe: 'Longest Retry-After honoured on a 429 (one retry)' })
    .option('cert-warning-days', { type: 'number', default: DEFAULTS.certificateWarningDays, describe: 'Report certificates expiring within this many days' })
    .option('insecure', { type: 'boolean', default: false, describe: 'Do not verify TLS certificates' })
    .option('ca-file', { type: 'string', describe: 'Also trust the CA certificates in this PEM file' });
}

const mib = (bytes: number) => `${bytes / 1024 / 1024}MiB`;

export interface ProbeFlagValues {
  header: string[];
  timeout: string;
  'connect-timeout': string;
  'request-timeout': string;
  'slow-ms': string;
  'min-protocol': string;
  'call-tools': CallToolsMode;
  'max-body': string;
  'max-sse-event': string;
  'max-redirects': number;
  'max-pages': number;
  'max-tools': number;
  'max-catalogue': string;
  'liveness-samples': number;
  'max-tool-calls': number;
  'retry-after-max': string;
  'cert-warning-days': number;
  insecure: boolean;
  'ca-file'?: string | undefined;
}

function count(flag: string, value: number, minimum: number): number {
  if (!Number.isInteger(value) || value < minimum) throw new UsageError(`--${flag} must be a whole number ≥ ${minimum} (got ${value})`);
  return value;
}

function bytes(flag: string, text: string): number {
  const parsed = parseBytes(text);
  if (!parsed.ok) throw new UsageError(`--${flag}: ${parsed.message}`);
  return parsed.bytes;
}

function duration(flag: string, text: string): number {
  const parsed = parseDurationMs(text);
  if (!parsed.ok) throw new UsageError(`--${flag}: ${parsed.message}`);
  return parsed.ms;
}

/** Turns the flags into probe options and thresholds, or throws UsageError naming the bad flag. */
export function readProbeFlags(values: ProbeFlagValues, env: NodeJS.ProcessEnv): { options: Omit<ProbeOptions, 'url'>; thresholds: Thresholds } {
  const headers = parseHeaderArgs(values.header, env);
  if (!headers.ok) throw new UsageError(headers.message);
  if (!isProtocolVersion(values['min-protocol'])) throw new UsageError(`--min-protocol: "${values['min-protocol']}" is not a revision like 2025-03-26`);
  let caPem: string[] | undefined;
  if (values['ca-file'] !== undefined) {
    try {
      caPem = [readFileSync(values['ca-file'], 'utf8')];
    } catch (err) {
      throw new UsageError(`--ca-file: cannot read ${values['ca-file']} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  return {
    options: {
      headers: headers.headers,
      // The probe replaces these in server answers before it quotes or cuts any (#5 review).
      ...(headers.secrets.length > 0 ? { secrets: headers.secrets } : {}),
      deadlineMs: duration('timeout', values.timeout),
      connectTimeoutMs: duration('connect-timeout', values['connect-timeout']),
      requestTimeoutMs: duration('request-timeout', values['request-timeout']),
      bodyLimitBytes: bytes('max-body', values['max-body']),
      sseEventLimitBytes: bytes('max-sse-event', values['max-sse-event']),
      maxRedirects: count('max-redirects', values['max-redirects'], 0),
      maxCataloguePages: count('max-pages', values['max-pages'], 1),
      maxTools: count('max-tools', values['max-tools'], 1),
      maxCatalogueBytes: bytes('max-catalogue', values['max-catalogue']),
      livenessSamples: count('liveness-samples', values['liveness-samples'], 0),
      callTools: values['call-tools'],
      maxToolCalls: count('max-tool-calls', values['max-tool-calls'], 1),
      retryAfterMaxMs: values['retry-after-max'] === '0' ? 0 : duration('retry-after-max', values['retry-after-max']),
      insecure: values.insecure,
      ...(caPem ? { caPem } : {}),
    },
    thresholds: {
      slowMs: duration('slow-ms', values['slow-ms']),
      minProtocolVersion: values['min-protocol'],
      certificateWarningDays: count('cert-warning-days', values['cert-warning-days'], 0),
    },
  };
}
