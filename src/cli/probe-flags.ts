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
    .option('max-body', { type: 'string', default: `${DEFAULTS.bodyLimitBytes / 1024 / 1024}MiB`, describe: 'Decompressed size cap of one response' })
    .option('max-redirects', { type: 'number', default: DEFAULTS.maxRedirects, describe: 'Redirects followed per request' })
    .option('insecure', { type: 'boolean', default: false, describe: 'Do not verify TLS certificates' })
    .option('ca-file', { type: 'string', describe: 'Also trust the CA certificates in this PEM file' });
}

export interface ProbeFlagValues {
  header: string[];
  timeout: string;
  'connect-timeout': string;
  'request-timeout': string;
  'slow-ms': string;
  'min-protocol': string;
  'call-tools': CallToolsMode;
  'max-body': string;
  'max-redirects': number;
  insecure: boolean;
  'ca-file'?: string | undefined;
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
  const bodyLimit = parseBytes(values['max-body']);
  if (!bodyLimit.ok) throw new UsageError(`--max-body: ${bodyLimit.message}`);
  if (!isProtocolVersion(values['min-protocol'])) throw new UsageError(`--min-protocol: "${values['min-protocol']}" is not a revision like 2025-03-26`);
  if (!Number.isInteger(values['max-redirects']) || values['max-redirects'] < 0) throw new UsageError('--max-redirects must be a whole number ≥ 0');
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
      deadlineMs: duration('timeout', values.timeout),
      connectTimeoutMs: duration('connect-timeout', values['connect-timeout']),
      requestTimeoutMs: duration('request-timeout', values['request-timeout']),
      bodyLimitBytes: bodyLimit.bytes,
      sseEventLimitBytes: Math.min(DEFAULTS.sseEventLimitBytes, bodyLimit.bytes),
      maxRedirects: values['max-redirects'],
      maxCataloguePages: DEFAULTS.maxCataloguePages,
      maxTools: DEFAULTS.maxTools,
      livenessSamples: DEFAULTS.livenessSamples,
      callTools: values['call-tools'],
      maxToolCalls: DEFAULTS.maxToolCalls,
      retryAfterMaxMs: DEFAULTS.retryAfterMaxMs,
      insecure: values.insecure,
      ...(caPem ? { caPem } : {}),
    },
    thresholds: { slowMs: duration('slow-ms', values['slow-ms']), minProtocolVersion: values['min-protocol'] },
  };
}
