import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject } from 'ajv';
import { parseDurationMs } from '../cli/duration.js';
import { isProtocolVersion } from '../probe/eras/protocol-versions.js';
import { headerProblem } from '../probe/http/header-rules.js';
import { schemaProblem } from '../probe/validate/json-schema.js';
import { normaliseUrl } from '../sources/normalise-url.js';
import { expandEnv } from '../util/expand-env.js';
import { isObject } from '../util/json-values.js';
import { CI_CONFIG_SCHEMA, waitProblem, type CiConfig, type CiEndpoint, type ThresholdOverrides, type ToolCallExpectation } from './ci-config.js';

export type ConfigOutcome = { ok: true; config: CiConfig } | { ok: false; problems: string[] };

/** A configuration file is small; anything bigger is a mistake (a log, a dump), not a config. */
const MAX_CONFIG_BYTES = 1024 * 1024;
const MAX_PROBLEMS_SHOWN = 20;

let validateShape: ReturnType<Ajv['compile']> | undefined;

/**
 * Reads, validates and resolves a CI configuration. Every problem names the file and the JSON
 * path of the offending key (`mcp-health.config.json: endpoints[0].headers.Authorization: ...`),
 * and all problems are reported at once, so one edit fixes them all.
 */
export function loadCiConfig(path: string, env: NodeJS.ProcessEnv): ConfigOutcome {
  let text: string;
  try {
    if (statSync(path).size > MAX_CONFIG_BYTES) return fail(path, [`is larger than ${MAX_CONFIG_BYTES} bytes; is it the right file?`]);
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return fail(path, [`cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return fail(path, [`is not valid JSON: ${(err as Error).message}`]);
  }
  // Ajv is loaded here, on the first configuration read: a plain `check <url>` never loads it.
  validateShape ??= new (createRequire(import.meta.url)('ajv') as typeof import('ajv')).Ajv({ allErrors: true, strict: false, verbose: true }).compile(CI_CONFIG_SCHEMA);
  const shape = validateShape(raw) ? [] : shapeProblems(validateShape.errors ?? []);
  // The second pass runs even when the shape is wrong (it skips values of the wrong type, which
  // the first pass reported), so one run lists every problem: a misspelt key and an unset variable.
  const resolved = resolveConfig(path, (isObject(raw) ? raw : {}) as RawConfig, env);
  if (shape.length > 0) return fail(path, [...new Set([...shape, ...(resolved.ok ? [] : resolved.unprefixed)])]);
  return resolved.ok ? resolved : fail(path, resolved.unprefixed);
}

function fail(path: string, problems: string[]): ConfigOutcome {
  const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => `${path}: ${p}`);
  if (problems.length > MAX_PROBLEMS_SHOWN) shown.push(`${path}: … and ${problems.length - MAX_PROBLEMS_SHOWN} more problems`);
  return { ok: false, problems: shown };
}

/** `/endpoints/0/headers/X-Api-Key` → `endpoints[0].headers["X-Api-Key"]`. */
export function jsonPathOf(pointer: string, extraKey?: string): string {
  const parts = pointer === '' ? [] : pointer.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extraKey !== undefined) parts.push(extraKey);
  let path = '';
  for (const part of parts) {
    if (/^\d+$/.test(part)) path += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) path += path === '' ? part : `.${part}`;
    else path += `[${JSON.stringify(part)}]`;
  }
  return path === '' ? '(top level)' : path;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** Ajv's errors as one readable line per offending key. */
function shapeProblems(errors: ErrorObject[]): string[] {
  const problems: string[] = [];
  // A failed anyOf also reports each branch's failure; the anyOf alone says it best.
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  for (const error of errors) {
    if (error.keyword !== 'anyOf' && anyOfPaths.has(error.instancePath)) continue;
    const at = jsonPathOf(error.instancePath);
    switch (error.keyword) {
      case 'additionalProperties': {
        const key = String(error.params['additionalProperty']);
        const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
        const near = allowed.find((k) => editDistance(k, key) <= 2);
        problems.push(`${jsonPathOf(error.instancePath, key)}: unknown key${near ? ` (did you mean "${near}"?)` : ''}; allowed: ${allowed.join(', ')}`);
        break;
      }
      case 'required':
        problems.push(`${jsonPathOf(error.instancePath, String(error.params['missingProperty']))}: is required`);
        break;
      case 'enum':
        problems.push(`${at}: must be one of ${(error.params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`);
        break;
      case 'anyOf': {
        const description = (error.parentSchema as { description?: string } | undefined)?.description;
        problems.push(`${at}: ${description ? `must be ${description}` : 'has the wrong type'}`);
        break;
      }
      default:
        problems.push(`${at}: ${error.message ?? 'is invalid'}`);
    }
  }
  return [...new Set(problems)];
}

interface RawThresholds {
  slowMs?: number | string;
  deadlineMs?: number | string;
  minProtocolVersion?: string;
}
interface RawShared {
  failOn?: 'degraded' | 'dead';
  callTools?: 'none' | 'readonly';
  thresholds?: RawThresholds;
}
interface RawCall {
  tool: string;
  name?: string;
  arguments?: Record<string, unknown>;
  expect?: { isError?: boolean; outputSchema?: 'declared' | 'none' | Record<string, unknown>; maxLatencyMs?: number | string };
}
interface RawEndpoint extends RawShared {
  name?: string;
  url: string;
  headers?: Record<string, string>;
  expectTools?: string[];
  toolCalls?: RawCall[];
  baseline?: string;
}
interface RawConfig extends RawShared {
  waitMs?: number | string;
  endpoints?: RawEndpoint[];
}

/** A duration from the file: a number is milliseconds, a string may carry a unit (as on the command line). */
function durationMs(value: unknown, at: string, problems: string[]): number | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  const parsed = parseDurationMs(String(value));
  if (!parsed.ok) {
    problems.push(`${at}: ${parsed.message}`);
    return undefined;
  }
  return parsed.ms;
}

/** `waitMs`: a duration, at most MAX_WAIT_MS (a pipeline must not hang for days on a typo). */
function waitDurationMs(value: unknown, at: string, problems: string[]): number | undefined {
  const ms = durationMs(value, at, problems);
  if (ms === undefined) return undefined;
  const problem = waitProblem(ms);
  if (problem) {
    problems.push(`${at}: ${problem}`);
    return undefined;
  }
  return ms;
}

function thresholdsOf(raw: RawThresholds | undefined, at: string, problems: string[]): ThresholdOverrides {
  const out: ThresholdOverrides = {};
  if (!raw) return out;
  if (raw.slowMs !== undefined) {
    const ms = durationMs(raw.slowMs, `${at}.slowMs`, problems);
    if (ms !== undefined) out.slowMs = ms;
  }
  if (raw.deadlineMs !== undefined) {
    const ms = durationMs(raw.deadlineMs, `${at}.deadlineMs`, problems);
    if (ms !== undefined) out.deadlineMs = ms;
  }
  if (typeof raw.minProtocolVersion === 'string') {
    if (isProtocolVersion(raw.minProtocolVersion)) out.minProtocolVersion = raw.minProtocolVersion;
    else problems.push(`${at}.minProtocolVersion: "${raw.minProtocolVersion.slice(0, 40)}" is not a revision like 2025-03-26`);
  }
  return out;
}

/** `127.0.0.1:3000/mcp`: an endpoint's name when the config gives none. */
function defaultName(url: string): string {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}

/** A member of the expected JSON type, or undefined (a wrong type was reported by the shape pass). */
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const obj = (v: unknown): Record<string, unknown> | undefined => (isObject(v) ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

type Resolved = { ok: true; config: CiConfig } | { ok: false; unprefixed: string[] };

function resolveConfig(path: string, raw: RawConfig, env: NodeJS.ProcessEnv): Resolved {
  const problems: string[] = [];
  const secrets = new Set<string>();
  const configDir = dirname(resolve(path));
  const endpoints: CiEndpoint[] = [];
  const names = new Map<string, number>();
  const urls = new Map<string, number>();
  const baselines = new Map<string, number>();

  arr(raw.endpoints).forEach((item, i) => {
    const rawEndpoint = obj(item) as RawEndpoint | undefined;
    const at = `endpoints[${i}]`;
    const rawUrl = str(rawEndpoint?.url);
    if (rawEndpoint === undefined || rawUrl === undefined) return;
    const normalised = normaliseUrl(rawUrl);
    if (!normalised.ok) {
      problems.push(`${at}.url: "${rawUrl.slice(0, 200)}": ${normalised.reason}`);
      return;
    }
    // The same endpoint twice is a copy-and-paste slip: it would be probed twice and, sharing a
    // lock file, the second --update-baseline would overwrite the first (review of #5).
    const sameUrl = urls.get(normalised.url);
    if (sameUrl !== undefined) problems.push(`${at}.url: "${normalised.url.slice(0, 200)}" is also the url of endpoints[${sameUrl}]; list each endpoint once`);
    else urls.set(normalised.url, i);
    const name = str(rawEndpoint.name) ?? defaultName(normalised.url);
    const earlier = names.get(name);
    if (earlier !== undefined) {
      problems.push(`${at}.name: "${name}" is also the name of endpoints[${earlier}]; give each endpoint a unique "name"`);
    }
    names.set(name, i);
    const rawBaseline = str(rawEndpoint.baseline);
    const baselinePath = rawBaseline === undefined || rawBaseline === '' ? null : resolve(configDir, rawBaseline);
    if (baselinePath !== null) {
      const sharedWith = baselines.get(baselinePath);
      if (sharedWith !== undefined) problems.push(`${at}.baseline: "${rawBaseline}" is also the baseline of endpoints[${sharedWith}]; give each endpoint its own lock file`);
      else baselines.set(baselinePath, i);
    }

    const headers: Record<string, string> = {};
    for (const [header, template] of Object.entries(obj(rawEndpoint.headers) ?? {})) {
      if (typeof template !== 'string') continue;
      const headerAt = jsonPathOf(`/endpoints/${i}/headers`, header);
      const expanded = expandEnv(template, env);
      if (!expanded.ok) {
        for (const problem of expanded.problems) problems.push(`${headerAt}: ${problem}`);
        continue;
      }
      const problem = headerProblem(header, expanded.value);
      if (problem) {
        problems.push(`${headerAt}: ${problem}`);
        continue;
      }
      headers[header] = expanded.value;
      // A literal value in a committed file is no secret; what came from the environment is.
      if (expanded.substituted.length > 0) secrets.add(expanded.value);
      for (const value of expanded.substituted) secrets.add(value);
    }

    const toolCalls: ToolCallExpectation[] = [];
    const labels = new Map<string, number>();
    const perTool = new Map<string, number>();
    arr(rawEndpoint.toolCalls).forEach((item, j) => {
      const call = obj(item) as RawCall | undefined;
      if (call === undefined || str(call.tool) === undefined) return;
      const callAt = `${at}.toolCalls[${j}]`;
      const nth = (perTool.get(call.tool) ?? 0) + 1;
      perTool.set(call.tool, nth);
      const label = str(call.name) ?? `call ${call.tool}${nth > 1 ? ` #${nth}` : ''}`;
      if (labels.has(label)) problems.push(`${callAt}.name: "${label}" is also the name of ${at}.toolCalls[${labels.get(label)}]`);
      labels.set(label, j);
      const expect = (obj(call.expect) ?? {}) as NonNullable<RawCall['expect']>;
      let outputSchema: ToolCallExpectation['outputSchema'] = expect.outputSchema === 'none' || isObject(expect.outputSchema) ? expect.outputSchema : 'declared';
      if (isObject(outputSchema)) {
        const problem = schemaProblem(outputSchema);
        if (problem) {
          problems.push(`${callAt}.expect.outputSchema: not a valid JSON Schema: ${problem}`);
          outputSchema = 'none';
        }
      }
      const maxLatencyMs = expect.maxLatencyMs === undefined ? null : (durationMs(expect.maxLatencyMs, `${callAt}.expect.maxLatencyMs`, problems) ?? null);
      toolCalls.push({ label, tool: call.tool, arguments: obj(call.arguments) ?? {}, isError: expect.isError === true, outputSchema, maxLatencyMs });
    });

    const expectTools = [...new Set(arr(rawEndpoint.expectTools).filter((t): t is string => typeof t === 'string'))];
    endpoints.push({
      name,
      url: normalised.url,
      headers,
      expectTools,
      toolCalls,
      baselinePath,
      failOn: rawEndpoint.failOn,
      callTools: rawEndpoint.callTools,
      thresholds: thresholdsOf(obj(rawEndpoint.thresholds), `${at}.thresholds`, problems),
    });
  });

  const thresholds = thresholdsOf(obj(raw.thresholds), 'thresholds', problems);
  const waitMs = raw.waitMs === undefined ? undefined : waitDurationMs(raw.waitMs, 'waitMs', problems);
  if (problems.length > 0) return { ok: false, unprefixed: problems };
  return {
    ok: true,
    config: { source: path, failOn: raw.failOn, callTools: raw.callTools, thresholds, waitMs, endpoints, secrets: [...secrets] },
  };
}
